import { parseArgs } from 'node:util';
import { readdirSync, readFileSync, statSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { parseLogFile } from '../core/logs/read-log-file';
import { diagnose, type Diagnosis } from '../core/diagnose/diagnose';
import { diagnosisToJson } from '../core/diagnose/report-json';
import { diagnosisToText } from '../core/diagnose/report-text';
import { isSupportedLanguage, LANGUAGES } from '../core/diagnose/l10n';
import { rankScriptCandidates, type CandidateFile } from '../core/diagnose/script-discovery';
import { SEVERITY_RANK, type ScriptAnalyzer, type ScriptFoundBy, type ScriptInput, type Severity } from '../core/diagnose/symptom';

export type { ScriptAnalyzer };
import { UsageError, type CliIo } from './usage';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
/** Candidates analysed at most when looking for the script next to the log. */
const MAX_ANALYSED = 6;
/** How much of the log is read for script names: its head and its tail. */
const LOG_TEXT_BYTES = 64 * 1024;

/**
 * `train-doctor diagnose <log> [--script <file.py>] [--format text|json] [--fail-on <severity>] [--lang <code>]`.
 * Exit codes: 0 done; 1 a finding at or above --fail-on; 2 bad usage or an unreadable log or script.
 */
export async function diagnoseCommand(args: string[], io: CliIo, analyze: ScriptAnalyzer): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      script: { type: 'string' },
      'no-script': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      lang: { type: 'string', default: 'en' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('expects exactly one log file');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not '${failOn}'`);
  if (!isSupportedLanguage(values.lang)) throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}, not '${values.lang}'`);
  if (values.script !== undefined && values['no-script']) throw new UsageError('--script and --no-script exclude each other');

  const logFile = positionals[0]!;
  const outcome = parseLogFile(logFile);
  if (!outcome.ok) {
    io.err(`train-doctor: ${outcome.error}`);
    return 2;
  }

  let script: ScriptInput | null = null;
  if (values.script !== undefined) {
    let source: string;
    try {
      source = readFileSync(values.script, 'utf8');
    } catch (e) {
      io.err(`train-doctor: cannot read ${values.script}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      return 2;
    }
    script = { path: values.script, source, foundBy: 'argument', ...(await analyze(source)) };
  } else if (!values['no-script']) {
    script = await findScript(logFile, analyze);
  }

  const d = diagnose(outcome.run, { script, lang: values.lang });
  io.out(values.format === 'json' ? JSON.stringify(diagnosisToJson(d), null, 2) : diagnosisToText(d));
  return failOn !== undefined && failsOn(d, failOn as Severity) ? 1 : 0;
}

export function failsOn(d: Diagnosis, severity: Severity): boolean {
  return d.findings.some(f => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity]);
}

/** The script next to the log (its folder, parent and grandparent) or named in it, with a training loop. */
async function findScript(logFile: string, analyze: ScriptAnalyzer): Promise<ScriptInput | null> {
  const logDir = path.dirname(path.resolve(logFile));
  const files: CandidateFile[] = [];
  for (let dir = logDir, level = 0; level < 3; level++, dir = path.dirname(dir)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      break;
    }
    for (const name of names) {
      if (!name.endsWith('.py')) continue;
      const p = path.join(dir, name);
      try {
        const st = statSync(p);
        if (st.isFile()) files.push({ path: p, mtimeMs: st.mtimeMs });
      } catch {
        // vanished or unreadable: not a candidate
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  if (files.length === 0) return null;
  const ranked = rankScriptCandidates({ logPath: path.resolve(logFile), logText: logHeadAndTail(logFile), files });
  for (const cand of ranked.slice(0, MAX_ANALYSED)) {
    let source: string;
    try {
      source = readFileSync(cand.path, 'utf8');
    } catch {
      continue;
    }
    const analysis = await analyze(source);
    if (!analysis.facts.hasTrainingLoop) continue;
    return { path: path.relative(process.cwd(), cand.path) || cand.path, source, foundBy: cand.foundBy as ScriptFoundBy, ...analysis };
  }
  return null;
}

function logHeadAndTail(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, LOG_TEXT_BYTES));
    readSync(fd, head, 0, head.length, 0);
    if (size <= LOG_TEXT_BYTES * 2) {
      const rest = Buffer.alloc(size - head.length);
      readSync(fd, rest, 0, rest.length, head.length);
      return head.toString('utf8') + rest.toString('utf8');
    }
    const tail = Buffer.alloc(LOG_TEXT_BYTES);
    readSync(fd, tail, 0, tail.length, size - LOG_TEXT_BYTES);
    return `${head.toString('utf8')}\n${tail.toString('utf8')}`;
  } finally {
    closeSync(fd);
  }
}

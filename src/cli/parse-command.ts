import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { parseLogFile } from '../core/logs/read-log-file';
import { formatById, FORMATS } from '../core/logs/formats';
import { readRunFolder } from '../core/logs/run-folder';
import { nodeFileSystem } from '../core/logs/node-file-system';
import type { ParseOutcome } from '../core/logs/log-session';
import { runToJson } from '../core/run/run-json';
import { epochCount, type Run } from '../core/run/model';
import { UsageError, type CliIo } from './usage';

/**
 * `train-doctor parse <log> [--json] [--format <id>]`: a log file, or a run folder (a TensorBoard log dir with
 * `train/` and `validation/` event files, an MLflow run folder) read as one run.
 */
export async function parseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, format: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('expects exactly one log file or run folder');
  if (values.format !== undefined && !formatById(values.format)) {
    throw new UsageError(`unknown format '${values.format}' (known: ${FORMATS.map(f => f.id).join(', ')})`);
  }
  const file = positionals[0]!;
  const outcome = isFolder(file) ? await readRunFolder(nodeFileSystem, file) : parseLogFile(file, values.format);
  return report(outcome, values.json, io);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function report(outcome: ParseOutcome, json: boolean, io: CliIo): number {
  if (!outcome.ok) {
    io.err(`train-doctor: ${outcome.error}`);
    return 1;
  }
  if (json) io.out(JSON.stringify(runToJson(outcome.run)));
  else io.out(summary(outcome.run));
  return 0;
}

function summary(run: Run): string {
  const epochs = epochCount(run);
  const lines = [`${run.file}: ${run.format}, ${epochs === null ? 'steps only' : `${epochs} epochs`}, ${run.segments} segment${run.segments === 1 ? '' : 's'}`];
  for (const s of run.series) {
    const n = s.ys.length;
    lines.push(`  [${s.segment}] ${s.split ?? '-'} ${s.metric} (${s.name}): ${n} points over ${s.x}s ${s.xs.at(0)}..${s.xs.at(n - 1)}, ${s.ys.at(0)} -> ${s.ys.at(n - 1)}`);
  }
  for (const w of run.warnings) lines.push(`  warning: line ${w.line}: ${w.message}`);
  return lines.join('\n');
}

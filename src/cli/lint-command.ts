import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PythonAnalyzer, settingsFrom } from '../core/lint/analysis';
import { fixAll } from '../core/lint/fix/fix-all';
import type { LintFinding, Severity } from '../core/lint/finding';
import { loadPyprojectConfigFor } from '../core/lint/config/pyproject';
import type { RuleSettings } from '../core/lint/config/rule-settings';
import { RULES } from '../core/lint/rules';
import { renderRuleDoc } from '../core/lint/rule-docs';
import { findingsByCell, joinCells } from '../core/lint/notebook-cells';
import { UsageError, type CliIo } from './usage';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface FileResult {
  /** The path as given on the command line. */
  file: string;
  findings: LintFinding[];
  syntaxErrors: number;
  fixed: number;
  /** A notebook: the 1-based cell of each finding (its lines are the cell's), and of each related location. */
  cells?: { finding: number[]; related: number[][] };
}

/**
 * `train-doctor lint <file.py | notebook.ipynb>... [--format text|json|sarif] [--fix] [--unsafe-fixes] [--no-config]`.
 * Exit 0 without findings, 1 with findings, 2 on bad usage or an unreadable file (the other files are still
 * linted). Each file uses the `[tool.train-doctor]` table of its nearest pyproject.toml.
 */
export async function lintCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      'no-config': { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('expects at least one Python file or notebook');
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}' (known: ${FORMATS.join(', ')})`);
  const fixMode = values.fix ? (values['unsafe-fixes'] ? 'all' : 'safe') : null;
  if (values['unsafe-fixes'] && !values.fix) throw new UsageError('--unsafe-fixes needs --fix');

  const analyzer = await PythonAnalyzer.load();
  const results: FileResult[] = [];
  let unreadable = false;
  for (const file of positionals) {
    if (file.endsWith('.ipynb')) {
      const r = lintNotebook(analyzer, file, values['no-config'], io);
      if (r) results.push(r);
      else unreadable = true;
      if (fixMode) io.err(`train-doctor lint: ${file}: --fix does not change notebooks; apply the fixes in the editor`);
      continue;
    }
    let raw: string;
    try {
      const bytes = readFileSync(file);
      if (bytes.includes(0)) throw new Error('it looks binary (NUL bytes), not Python source');
      raw = bytes.toString('utf8');
    } catch (e) {
      io.err(`train-doctor lint: cannot read ${file}: ${e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e)}`);
      unreadable = true;
      continue;
    }
    const settings = settingsFor(file, values['no-config'], io);
    // VS Code positions ignore a byte-order mark; so do ours, and --fix writes it back
    const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
    let text = raw.slice(bom.length);
    let fixed = 0;
    if (fixMode) {
      const f = fixAll(analyzer, text, settings, fixMode === 'all');
      fixed = f.fixed;
      if (fixed > 0) {
        text = f.text;
        try {
          writeFileSync(file, bom + text);
        } catch (e) {
          io.err(`train-doctor lint: cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
          unreadable = true;
        }
      }
    }
    const r = lintText(analyzer, text, settings, file, io);
    results.push({ file, findings: r.findings, syntaxErrors: r.syntaxErrors, fixed });
  }

  if (format === 'json') io.out(JSON.stringify(results.flatMap(toJson)));
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(results), null, 2));
  else io.out(toText(results, fixMode !== null));
  for (const r of results) {
    if (r.syntaxErrors > 0 && format !== 'text') io.err(`train-doctor lint: ${r.file} has syntax errors; the rules ran on the parts that parse`);
  }
  if (unreadable) return 2;
  return results.some(r => r.findings.length > 0) ? 1 : 0;
}

/**
 * A Jupyter notebook: its Python code cells linted as one module (see core/lint/notebook-cells), each finding
 * given in its cell's lines. Null (after a message) when the file is not a readable notebook.
 */
function lintNotebook(analyzer: PythonAnalyzer, file: string, noConfig: boolean | undefined, io: CliIo): FileResult | null {
  let cells: { index: number; text: string }[];
  try {
    const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells?: unknown; metadata?: { language_info?: { name?: unknown } } };
    if (!Array.isArray(nb.cells)) throw new Error('no cells: not a Jupyter notebook');
    const language = nb.metadata?.language_info?.name;
    if (typeof language === 'string' && language.toLowerCase() !== 'python') throw new Error(`not a Python notebook (its language is ${language})`);
    cells = (nb.cells as { cell_type?: unknown; source?: unknown }[]).flatMap((c, index) => {
      if (c.cell_type !== 'code') return [];
      const text = Array.isArray(c.source) ? c.source.join('') : typeof c.source === 'string' ? c.source : '';
      return [{ index, text }];
    });
  } catch (e) {
    io.err(`train-doctor lint: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  const joined = joinCells(cells.map(c => c.text));
  const r = lintText(analyzer, joined.text, settingsFor(file, noConfig, io), file, io);
  const found = findingsByCell(joined, r.findings);
  const number = (k: number) => cells[k]!.index + 1;
  return {
    file,
    findings: found.map(f => f.finding),
    syntaxErrors: r.syntaxErrors,
    fixed: 0,
    cells: { finding: found.map(f => number(f.cell)), related: found.map(f => f.relatedCells.map(number)) },
  };
}

/** Rule settings for a file: its nearest pyproject.toml's `[tool.train-doctor]` unless `--no-config`. */
function settingsFor(file: string, noConfig: boolean | undefined, io: CliIo): RuleSettings {
  const config = noConfig ? null : loadPyprojectConfigFor(path.resolve(file));
  for (const w of config?.warnings ?? []) io.err(`train-doctor lint: ${w}`);
  return settingsFrom(config ? [config.overrides] : []);
}

/** One lint of a module's text; a rule that fails is reported on stderr, the others still run. */
function lintText(analyzer: PythonAnalyzer, text: string, settings: RuleSettings, file: string, io: CliIo): { findings: LintFinding[]; syntaxErrors: number } {
  const doc = analyzer.open(text);
  try {
    const r = doc.lint(settings);
    for (const e of r.ruleErrors) io.err(`train-doctor lint: internal error in rule ${e.rule} on ${file}: ${e.error.split('\n')[0]}`);
    return { findings: r.findings, syntaxErrors: doc.syntaxErrors() };
  } finally {
    doc.dispose();
  }
}

/** The `train-doctor lint --format json` shape fixed by the foundation issue: 1-based, UTF-16 columns, end exclusive. */
export interface LintJson {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: { file: string; line: number; column: number; message: string; cell?: number }[];
  fix: { title: string; safe: boolean; edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[] } | null;
  /** In a notebook: the 1-based cell (all cells counted) whose lines `line`, `column` and the fix refer to. */
  cell?: number;
}

function toJson(r: FileResult): LintJson[] {
  return r.findings.map((f, k) => ({
    file: r.file,
    ...(r.cells ? { cell: r.cells.finding[k]! } : {}),
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    related: f.related.map((x, i) => ({
      file: x.file ?? r.file, line: x.range.start.line + 1, column: x.range.start.character + 1, message: x.message,
      ...(r.cells && !x.file ? { cell: r.cells.related[k]![i]! } : {}),
    })),
    fix: f.fix && {
      title: f.fix.title,
      safe: f.fix.safe,
      edits: f.fix.edits.map(e => ({
        line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, newText: e.newText,
      })),
    },
  }));
}

function toText(results: FileResult[], fixing: boolean): string {
  const lines: string[] = [];
  let total = 0;
  for (const r of results) {
    for (const [k, f] of r.findings.entries()) {
      total++;
      // in a notebook, `file.ipynb:cell 4:5:9`: the line and column in that cell
      const where = (cell: number | undefined) => (cell === undefined ? r.file : `${r.file}:cell ${cell}`);
      lines.push(`${where(r.cells?.finding[k])}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} [${f.rule}] ${f.message}`);
      f.related.forEach((x, i) => lines.push(`  ${x.file ?? where(r.cells?.related[k]![i])}:${x.range.start.line + 1}:${x.range.start.character + 1}: note: ${x.message}`));
      if (f.fix) lines.push(`  fix${f.fix.safe ? '' : ' (unsafe)'}: ${f.fix.title}`);
    }
    if (r.fixed > 0) lines.push(`${r.file}: fixed ${r.fixed} problem${r.fixed === 1 ? '' : 's'}`);
    if (r.syntaxErrors > 0) lines.push(`${r.file}: has syntax errors; the rules ran on the parts that parse`);
  }
  // --fix leaves notebooks alone: their fixes are applied in the editor
  const safe = results.reduce((n, r) => n + (r.cells ? 0 : r.findings.filter(f => f.fix?.safe).length), 0);
  if (total === 0) lines.push('no problems found');
  else lines.push(`${total} problem${total === 1 ? '' : 's'}${!fixing && safe > 0 ? ` (${safe} fixable with --fix)` : ''}`);
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0 for code-scanning uploads; columns are UTF-16 code units, SARIF's default. */
export function toSarif(results: FileResult[]): object {
  const cwd = process.cwd();
  const location = (file: string) => {
    const abs = path.resolve(file);
    const rel = path.relative(cwd, abs);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel)
      ? { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' }
      : { uri: pathToFileURL(abs).href };
  };
  const region = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => ({
    startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1,
  });
  const ruleIndex = new Map<string, number>(RULES.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'train-doctor',
          informationUri: 'https://github.com/train-doctor/train-doctor',
          rules: RULES.map(r => ({
            id: r.id,
            name: r.id.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: r.docs.whatItDoes },
            help: { text: r.docs.whyIsThisBad, markdown: renderRuleDoc(r) },
            defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      results: results.flatMap(fr => fr.findings.map((f, k) => ({
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule) ?? -1,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        // a notebook's regions are lines of the cell named here (SARIF has no notion of cells)
        ...(fr.cells ? { properties: { cell: fr.cells.finding[k] } } : {}),
        locations: [{ physicalLocation: { artifactLocation: location(fr.file), region: region(f.range) } }],
        relatedLocations: f.related.map((x, id) => ({
          id, message: { text: x.message }, physicalLocation: { artifactLocation: location(x.file ?? fr.file), region: region(x.range) },
        })),
        ...(f.fix && !fr.cells ? {
          fixes: [{
            description: { text: f.fix.title + (f.fix.safe ? '' : ' (unsafe)') },
            artifactChanges: [{
              artifactLocation: location(fr.file),
              replacements: f.fix.edits.map(e => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            }],
          }],
        } : {}),
      }))),
    }],
  };
}

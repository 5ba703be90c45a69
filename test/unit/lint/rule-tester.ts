import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PythonAnalyzer, settingsFrom } from '../../../src/core/lint/analysis';
import { applyFixes } from '../../../src/core/lint/fix/apply-fixes';
import type { LintFinding } from '../../../src/core/lint/finding';
import { RULE_IDS, type RuleId } from '../../../src/core/lint/rule';
import type { RuleOverrides } from '../../../src/core/lint/config/rule-settings';

/** A case that must stay silent, with the reason written as its name. */
export interface ValidCase {
  name: string;
  code: string;
}

/** Where a finding must be: 1-based lines and columns (UTF-16), end exclusive, as the CLI prints them. */
export interface ExpectedError {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A part of the message. */
  message?: string;
}

export interface InvalidCase {
  name: string;
  code: string;
  errors: ExpectedError[];
  /**
   * The text after applying every fix of this rule's findings; null when no finding may carry a fix. Required
   * whenever a fix is produced.
   */
  output: string | null;
  /** Whether the fixes are marked safe (checked when given). */
  safe?: boolean;
  /** Also check the case with CRLF line breaks and with tab indentation (default true). */
  variants?: boolean;
}

let analyzer: Promise<PythonAnalyzer> | undefined;

export function loadAnalyzer(): Promise<PythonAnalyzer> {
  return (analyzer ??= PythonAnalyzer.load());
}

/** Only `rule` enabled. */
function only(rule: RuleId): RuleOverrides {
  return Object.fromEntries(RULE_IDS.map(id => [id, id === rule ? 'warning' : 'off'])) as RuleOverrides;
}

export function lintOnly(a: PythonAnalyzer, rule: RuleId, code: string): { findings: LintFinding[]; syntaxErrors: number } {
  const doc = a.open(code);
  try {
    const r = doc.lint(settingsFrom([only(rule)]));
    if (r.ruleErrors.length > 0) throw new Error(`rule ${rule} threw: ${r.ruleErrors[0]!.error}`);
    return { findings: r.findings, syntaxErrors: doc.syntaxErrors() };
  } finally {
    doc.dispose();
  }
}

/** Tagged template for Python snippets: strips the common indentation and the first and last blank lines. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.split('\n');
  if (lines[0]!.trim() === '') lines.shift();
  if (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indent = Math.min(...lines.filter(l => l.trim() !== '').map(l => l.length - l.trimStart().length));
  return lines.map(l => l.slice(indent)).join('\n') + '\n';
}

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/lint');

/** A fixture file's text (test/fixtures/lint/...). */
export function fixture(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/**
 * Registers the table of one rule. Invariants enforced (the STYLE §3.2 list):
 * valid cases yield no finding ("Noisy"); invalid cases yield exactly the listed findings at their positions
 * ("Missing", "Wrong"); a produced fix needs a stated output, which must differ from the input, parse with no
 * more error nodes than the input, re-lint without this rule firing, keep the line breaks and the indentation
 * characters, and be stable (fixing the output again changes nothing); cases are unique; messages and fix
 * titles hold no unsubstituted placeholders.
 */
export function ruleTester(rule: RuleId, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule, () => {
    let a: PythonAnalyzer;
    before(async () => {
      a = await loadAnalyzer();
    });

    it('has unique cases', () => {
      const seen = new Map<string, string>();
      for (const c of [...cases.valid, ...cases.invalid]) {
        const prev = seen.get(c.code);
        assert.equal(prev, undefined, `duplicate case: "${c.name}" repeats "${prev}"`);
        seen.set(c.code, c.name);
      }
    });

    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const { findings } = lintOnly(a, rule, c.code);
        assert.deepEqual(findings.map(describeFinding), [], 'Noisy: a valid case was reported');
      });
    }

    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        checkInvalid(a, rule, c, c.code, c.output, true);
        if (c.variants === false) return;
        // the same case with CRLF line breaks: same positions, same output with CRLF
        checkInvalid(a, rule, c, toCrlf(c.code), c.output === null ? null : toCrlf(c.output), true, 'CRLF');
        // and indented with tabs: the fix must indent with tabs too
        const tabbed = toTabs(c.code);
        if (tabbed !== c.code) checkInvalid(a, rule, c, tabbed, c.output === null ? null : toTabs(c.output), false, 'tabs');
      });
    }
  });
}

function checkInvalid(a: PythonAnalyzer, rule: RuleId, c: InvalidCase, code: string, output: string | null, positions: boolean, variant = ''): void {
  const tag = variant ? ` [${variant}]` : '';
  const { findings, syntaxErrors } = lintOnly(a, rule, code);
  const got = findings.map(f => ({ line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 }));
  assert.equal(findings.length, c.errors.length, `${findings.length < c.errors.length ? 'Missing' : 'Noisy'}${tag}: expected ${c.errors.length} finding(s), got ${JSON.stringify(findings.map(describeFinding), null, 1)}`);
  c.errors.forEach((e, i) => {
    const f = findings[i]!;
    if (positions) {
      assert.deepEqual(
        { line: got[i]!.line, column: got[i]!.column, ...(e.endLine !== undefined ? { endLine: got[i]!.endLine } : {}), ...(e.endColumn !== undefined ? { endColumn: got[i]!.endColumn } : {}) },
        { line: e.line, column: e.column, ...(e.endLine !== undefined ? { endLine: e.endLine } : {}), ...(e.endColumn !== undefined ? { endColumn: e.endColumn } : {}) },
        `Wrong${tag}: finding ${i} is at another place (${describeFinding(f)})`,
      );
    }
    if (e.message) assert.ok(f.message.includes(e.message), `Wrong${tag}: message "${f.message}" lacks "${e.message}"`);
    for (const text of [f.message, f.fix?.title ?? '', ...f.related.map(r => r.message)]) {
      assert.ok(!/\{\{|\$\{|undefined|\bnull\b|\[object /.test(text), `unsubstituted placeholder in "${text}"`);
    }
    assert.equal(f.rule, rule);
  });
  const fixes = findings.map(f => f.fix).filter(f => f !== null);
  if (fixes.length === 0) {
    assert.equal(output, null, `Missing${tag}: an output is stated but no finding has a fix`);
    return;
  }
  assert.notEqual(output, null, `the rule produced a fix (${fixes[0]!.title}): state its output`);
  assert.notEqual(c.output, undefined);
  if (c.safe !== undefined) for (const f of fixes) assert.equal(f.safe, c.safe, `fix "${f.title}" safety`);
  const { text, skipped } = applyFixes(code, fixes);
  assert.deepEqual(skipped.map(f => f.title), [], `${tag} overlapping fixes were skipped`);
  assert.notEqual(text, code, 'the fix changed nothing');
  assert.equal(text, output, `fixed output differs${tag}`);
  const again = lintOnly(a, rule, text);
  assert.ok(again.syntaxErrors <= syntaxErrors, `the fixed code has ${again.syntaxErrors - syntaxErrors} new syntax error node(s)${tag}`);
  assert.deepEqual(again.findings.filter(f => f.fix !== null).map(describeFinding), [], `fixing again would change the text${tag}`);
  assert.deepEqual(again.findings.map(describeFinding), [], `the rule still fires on the fixed code${tag}`);
  if (code.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(text), `the fix wrote a bare \\n into a CRLF file${tag}`);
  const indentChars = new Set([...code.matchAll(/^[ \t]+/gm)].flatMap(m => [...m[0]]));
  for (const m of text.matchAll(/^[ \t]+/gm)) {
    for (const ch of m[0]) assert.ok(indentChars.has(ch), `the fix indents with ${JSON.stringify(ch)}, the file does not${tag}`);
  }
}

function describeFinding(f: LintFinding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}${f.fix ? ` [fix: ${f.fix.title}]` : ''}`;
}

export function toCrlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

/** Block indentation in steps of 4 spaces → tabs (continuation lines inside brackets are converted the same way). */
export function toTabs(s: string): string {
  return s.replace(/^((?: {4})+)/gm, m => '\t'.repeat(m.length / 4));
}

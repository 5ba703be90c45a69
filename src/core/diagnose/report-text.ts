import type { Diagnosis, Finding } from './diagnose';
import { Translator } from './l10n';
import { evidenceText } from './text';

const WIDTH = 100;

/** The human-readable report the CLI prints by default (and the editor's plain-text export). */
export function diagnosisToText(d: Diagnosis): string {
  const t = new Translator(d.lang);
  const out: string[] = [];
  const epochs = d.epochs === null ? t.ui('ui.steps-only') : t.ui('ui.epochs-count', { n: d.epochs });
  out.push(t.ui('ui.summary', { file: d.file, format: d.format, epochs }));
  out.push(d.script ? t.ui('ui.script', { path: d.script, how: t.ui(`ui.found.${d.scriptFoundBy ?? 'argument'}`) }) : t.ui('ui.curves-only'));
  if (d.findings.length === 0) out.push('', t.ui('ui.no-findings'));
  for (const f of d.findings) out.push('', ...finding(t, f, d.segments, d.script !== null));
  if (d.skipped.length > 0) {
    out.push('', `${t.ui('ui.skipped')}:`);
    for (const s of d.skipped) out.push(...wrap(`${s.symptom}: ${s.reason}`, '  - ', '    '));
  }
  const count = (sev: string) => d.findings.filter(f => f.severity === sev).length;
  out.push('', t.ui('ui.counts', { errors: count('error'), warnings: count('warning'), infos: count('info') }));
  return out.join('\n');
}

function finding(t: Translator, f: Finding, segments: number, hasScript: boolean): string[] {
  const where: string[] = [];
  if (segments > 1 && f.segment !== null) where.push(t.ui('ui.segment', { n: f.segment + 1, total: segments }));
  if (f.epochs) where.push(t.ui('ui.where.epochs', { from: f.epochs[0], to: f.epochs[1] }));
  if (f.steps) where.push(t.ui('ui.where.steps', { from: f.steps[0], to: f.steps[1] }));
  if (f.logLines) where.push(t.ui('ui.where.lines', { from: f.logLines[0], to: f.logLines[1] }));
  const lines = [`${t.ui(`ui.severity.${f.severity}`).toUpperCase()} ${f.symptom}${where.length ? `  (${where.join(', ')})` : ''}`];
  lines.push(...wrap(f.title, '  ', '  '));
  lines.push(...wrap(f.explanation, '  ', '  '));
  const ev = Object.entries(f.evidence).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${evidenceText(v)}`).join(', ');
  if (ev) lines.push(...wrap(`${t.ui('ui.evidence')}: ${ev}`, '  ', '    '));
  if (f.advice.length > 0) {
    lines.push(`  ${t.ui('ui.check')}:`);
    for (const a of f.advice) lines.push(...wrap(a, '    - ', '      '));
  }
  if (f.causes.length > 0) {
    lines.push(`  ${t.ui('ui.causes')}:`);
    f.causes.forEach((c, i) => {
      lines.push(...wrap(`${i + 1}. ${c.file}:${c.line}  ${c.text}${c.rule ? `  [${c.rule}]` : ''}`, '    ', '       '));
      lines.push(...wrap(c.why, '       ', '       '));
    });
  } else if (hasScript && f.severity !== 'info') {
    lines.push(`  ${t.ui('ui.causes')}: ${t.ui('ui.no-causes')}`);
  }
  return lines;
}

/** Greedy word wrap to WIDTH columns. */
export function wrap(text: string, first: string, rest: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > WIDTH) {
      out.push(line);
      line = rest + w;
    } else {
      line += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  out.push(line);
  return out;
}

/**
 * Message templates with `{name}` placeholders. English lives next to the code that uses it (each symptom
 * module holds its own texts); other languages are catalogues keyed by the same ids, so a missing
 * translation falls back to English instead of showing a key.
 */
import type { EvidenceValue } from './symptom';

export type Params = Record<string, string | number>;

/** A language's catalogue: message id → template. Ids are `<symptom>.<field>`, `cause.<id>`, `ui.<id>`. */
export type Catalogue = Readonly<Record<string, string>>;

export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? fmt(v) : v;
  });
}

/** Placeholders a template uses, for the translation completeness test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map(m => m[1]!).sort();
}

/**
 * How numbers read in messages: as a log would print them (4 decimals), integers as integers, very large
 * or very small magnitudes in exponent form.
 */
export function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-4)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Math.round(v * 1e4) / 1e4);
}

/** Formats a value of a curve in the log's own units (accuracies the log wrote in percent are shown in percent). */
export function fmtAcc(fraction: number, scale: 'percent' | 'fraction' | undefined): string {
  return scale === 'percent' ? `${fmt(Math.round(fraction * 1e4) / 1e2)}%` : fmt(fraction);
}

/**
 * An evidence value as the reports print it in a `key=value, ...` list: numbers as `fmt` writes them, and text
 * that holds a comma or a space (a line of the script) in quotes, so the list stays readable.
 */
export function evidenceText(v: EvidenceValue): string {
  if (typeof v === 'number') return fmt(v);
  if (Array.isArray(v)) return `[${v.map(x => evidenceText(x as EvidenceValue)).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => `${k}: ${evidenceText(x)}`).join(', ')}}`;
  const text = String(v);
  return /[,\s]/.test(text) ? JSON.stringify(text) : text;
}

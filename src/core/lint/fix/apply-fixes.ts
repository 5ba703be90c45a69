import type { Fix, TextEdit } from '../finding';
import { LineIndex } from '../parser/line-index';

export interface ApplyResult {
  text: string;
  /** Fixes applied, in the order given. */
  applied: Fix[];
  /** Fixes left out because their edits overlap an applied fix (apply again after re-linting). */
  skipped: Fix[];
}

/**
 * Applies whole fixes to the text their edits refer to. A fix whose edits overlap those of an earlier fix is
 * skipped as a whole; insertions at the same point as another fix's edit count as overlapping, since their
 * order would be a guess.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const lines = new LineIndex(text);
  const taken: { start: number; end: number }[] = [];
  const edits: { start: number; end: number; text: string; seq: number }[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  let seq = 0;
  for (const fix of fixes) {
    const mine = fix.edits.map(e => toOffsets(lines, e));
    const clash = mine.some(e => taken.some(t => overlaps(e, t)));
    if (clash) {
      skipped.push(fix);
      continue;
    }
    for (const e of mine) {
      taken.push(e);
      edits.push({ ...e, seq: seq++ });
    }
    applied.push(fix);
  }
  edits.sort((a, b) => b.start - a.start || b.end - a.end || b.seq - a.seq);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied, skipped };
}

function toOffsets(lines: LineIndex, e: TextEdit): { start: number; end: number; text: string } {
  return { start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText };
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end || b.start === b.end) return a.start <= b.end && b.start <= a.end;
  return a.start < b.end && b.start < a.end;
}

import { codeAt, scanEnd, scanNumber } from '../numbers';
import { leadingTimestamp, timestampEnd } from './timestamp';
import { isNumberChar, isRunStart, skipWord } from './pairs';

/** How a slot's text is read: a number, a run of number characters, a number glued to a unit, a timestamp. */
export const enum SlotKind {
  Number = 0,
  Run = 1,
  Word = 2,
  Timestamp = 3,
}

export interface Slot {
  start: number;
  end: number;
  kind: SlotKind;
}

/**
 * A line's layout learned from one line that the full parser read: the literal text between its numbers.
 * `match` recognises a later line laid out the same way (the same text around different numbers) with a few
 * native comparisons and the number scanner, and reads its numbers into `values`; the reader then applies
 * what it decided for the first line. Logs repeat one or two layouts for millions of lines, so this is what
 * makes free-form lines cheap: the full parser (name reading, markers, labels) runs once per layout.
 */
export class LineTemplate {
  readonly values: Float64Array;

  private constructor(
    private readonly literals: string[],
    private readonly kinds: SlotKind[],
  ) {
    this.values = new Float64Array(kinds.length);
  }

  /** The template of `text` whose numbers sit at `slots` (in any order); null when slots overlap. */
  static build(text: string, slots: Slot[]): LineTemplate | null {
    const sorted = [...slots].sort((a, b) => a.start - b.start);
    const literals: string[] = [];
    const kinds: SlotKind[] = [];
    let pos = 0;
    for (const s of sorted) {
      if (s.start < pos || s.end <= s.start) return null;
      // a number right after another would make the boundary ambiguous
      if (s.start === pos && kinds.length > 0) return null;
      literals.push(text.slice(pos, s.start));
      kinds.push(s.kind);
      pos = s.end;
    }
    literals.push(text.slice(pos));
    return new LineTemplate(literals, kinds);
  }

  /** Index of the slot that starts at `start` in the sorted order `build` used. */
  static indexOf(slots: Slot[], start: number): number {
    let k = 0;
    for (const s of slots) if (s.start < start) k++;
    return k;
  }

  /** True when `text` has this layout; its numbers are then in `values`. */
  match(text: string): boolean {
    const lits = this.literals;
    const kinds = this.kinds;
    let pos = 0;
    for (let k = 0; k < kinds.length; k++) {
      const lit = lits[k]!;
      if (!text.startsWith(lit, pos)) return false;
      pos += lit.length;
      const c = codeAt(text, pos);
      if (c === 32 || c === 9) return false; // the literal holds the spaces; more of them is another layout
      switch (kinds[k]) {
        case SlotKind.Number: {
          this.values[k] = scanNumber(text, pos);
          if (scanEnd <= pos) return false;
          pos = scanEnd;
          break;
        }
        case SlotKind.Run: {
          if (!isRunStart(text, pos)) return false;
          pos++;
          while (pos < text.length && isNumberChar(codeAt(text, pos))) pos++;
          break;
        }
        case SlotKind.Word: {
          scanNumber(text, pos);
          if (scanEnd <= pos) return false;
          pos = skipWord(text, scanEnd, text.length);
          break;
        }
        case SlotKind.Timestamp: {
          const t = leadingTimestamp(text, pos);
          if (timestampEnd < 0) return false;
          this.values[k] = t;
          pos = timestampEnd;
          break;
        }
      }
    }
    const last = lits[kinds.length]!;
    return text.length === pos + last.length && text.endsWith(last);
  }
}

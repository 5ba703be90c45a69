import type { Position } from '../finding';

/**
 * Offsets ↔ positions for one text, with VS Code's line breaks (\r\n, \n and a lone \r) and columns in UTF-16
 * code units, the unit of JavaScript strings, of web-tree-sitter 0.27's indices and of VS Code positions.
 */
export class LineIndex {
  /** Offset where each line starts. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineOf(offset: number): number {
    return lastAtOrBelow(this.starts, offset);
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line]! };
  }

  offset(p: Position): number {
    const line = Math.min(Math.max(p.line, 0), this.starts.length - 1);
    return Math.min(this.starts[line]! + p.character, this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[line]!;
  }

  /** Offset of the line's end, before its line break. */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next - 1;
    if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Offset after the line's break (the next line's start, or the text's end for the last line). */
  lineEndWithBreak(line: number): number {
    return this.starts[line + 1] ?? this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  /** The whitespace that starts the line. */
  indentation(line: number): string {
    const start = this.starts[line]!;
    const end = this.lineEnd(line);
    let i = start;
    while (i < end && (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9)) i++;
    return this.text.slice(start, i);
  }

  /** True when only whitespace precedes `offset` on its line. */
  startsLine(offset: number): boolean {
    const start = this.starts[this.lineOf(offset)]!;
    for (let i = start; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  /** The file's line break: the first one found, else \n. */
  get eol(): string {
    const i = this.text.search(/\r\n|\n|\r/);
    if (i < 0) return '\n';
    return this.text.startsWith('\r\n', i) ? '\r\n' : this.text[i]!;
  }
}

/** The index of the last value not above `x` in an ascending list (0 when `x` is below them all). */
export function lastAtOrBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

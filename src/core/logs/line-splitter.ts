/** Longest line kept whole; a longer one (a 50 MB single line) is skipped with a warning, never buffered. */
export const MAX_LINE_LENGTH = 1 << 20;

export interface LineSink {
  line(text: string, lineNo: number): void;
  warn(line: number, message: string): void;
}

const ESC = '\u001b';
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
const RANK_PREFIX = /^\[(?:rank|RANK)\s*(\d+)\]:\s?/;

/**
 * Splits decoded text into lines as it arrives, carrying a partial last line until its newline.
 * - `\r\n` and `\n` end a line; a bare `\r` inside a line (tqdm / Keras redraws) splits it into pieces that
 *   all carry the same line number, so the last redraw of a progress bar is seen like any other line.
 * - ANSI colour / cursor sequences and NUL characters are removed.
 * - torchrun's `[rank0]:` prefixes are removed and lines from other ranks than the first one seen are dropped:
 *   every rank prints the same epoch lines.
 * Cheap on the common path: the per-line clean-ups run only when the chunk contains the character they need.
 */
export class LineSplitter {
  private carry = '';
  private lineNo = 0;
  private skipping = false;
  private rank: string | null = null;

  constructor(private readonly sink: LineSink) {}

  /** Lines completed so far. */
  get linesRead(): number {
    return this.lineNo;
  }

  /** The partial last line waiting for its newline. */
  get pending(): string {
    return this.carry;
  }

  write(chunk: string): void {
    if (chunk.length === 0) return;
    const special = chunk.includes('\r') || chunk.includes(ESC) || chunk.includes('\u0000') || chunk.includes('[rank') || chunk.includes('[RANK');
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      this.lineNo++;
      const carried = start === 0 && this.carry.length > 0;
      const text = carried ? this.carry + chunk.slice(0, nl) : chunk.slice(start, nl);
      this.carry = '';
      start = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      // a carried line came from an earlier chunk, which may have held the special characters
      if (special || carried || text.charCodeAt(0) === 91 /* [ */) this.emitSpecial(text);
      else this.sink.line(text, this.lineNo);
    }
    if (start < chunk.length) this.appendCarry(chunk.slice(start));
  }

  /** End of input: the partial last line (a file without a final newline) is a line too. */
  end(): void {
    if (this.carry.length > 0 && !this.skipping) {
      this.lineNo++;
      const text = this.carry;
      this.carry = '';
      this.emitSpecial(text);
    }
    this.carry = '';
  }

  private appendCarry(rest: string): void {
    if (this.skipping) return;
    this.carry += rest;
    if (this.carry.length <= MAX_LINE_LENGTH) return;
    // tqdm writes its bar with \r and no \n for a whole epoch: hand the finished redraws on, keep the rest.
    const cr = this.carry.lastIndexOf('\r');
    if (cr > 0 && this.carry.length - cr <= MAX_LINE_LENGTH) {
      this.emitPieces(this.carry.slice(0, cr), this.lineNo + 1);
      this.carry = this.carry.slice(cr + 1);
      return;
    }
    this.sink.warn(this.lineNo + 1, `line ${this.lineNo + 1} is longer than ${MAX_LINE_LENGTH / (1 << 20)} MiB: skipped`);
    this.carry = '';
    this.skipping = true;
  }

  private emitSpecial(text: string): void {
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.includes(ESC)) text = text.replace(ANSI, '');
    if (text.includes('\u0000')) text = text.split('\u0000').join('');
    this.emitPieces(text, this.lineNo);
  }

  private emitPieces(text: string, lineNo: number): void {
    if (!text.includes('\r')) {
      this.emitOne(text, lineNo);
      return;
    }
    for (const piece of text.split('\r')) if (piece.length > 0) this.emitOne(piece, lineNo);
  }

  private emitOne(text: string, lineNo: number): void {
    if (text.charCodeAt(0) === 91 /* [ */) {
      const m = RANK_PREFIX.exec(text);
      if (m) {
        if (this.rank === null) this.rank = m[1]!;
        if (m[1] !== this.rank) return;
        text = text.slice(m[0].length);
      }
    }
    this.sink.line(text, lineNo);
  }
}

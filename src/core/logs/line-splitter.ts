/** Longest line kept whole; a longer one (a 50 MB single line) is skipped with a warning, never buffered. */
export const MAX_LINE_LENGTH = 1 << 20;

export interface LineSink {
  line(text: string, lineNo: number): void;
  warn(line: number, message: string): void;
}

const ESC = '\u001b';
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// torchrun's line prefix: `[rank0]:` (TORCHELASTIC_LOG_LINE_PREFIX_TEMPLATE `[rank${rank}]:`, PyTorch 2.2+), and
// `[default0]:` of `--tee` in PyTorch 1.x (role name + local rank)
const RANK_PREFIX = /^\[(?:rank|RANK|default)\s*(\d+)\]:\s?/;
// `srun --label`: Slurm's _build_label (src/common/write_labelled_message.c) writes "%*d: ", the task number
// right-aligned to the width of the largest, and "P%u %*d: " for a component of a heterogeneous job
const TASK_LABEL = /^(P\d+ +)? *(\d{1,6}): /;
/** The head that decides whether a log carries srun task labels: its first non-empty lines, within 4096 characters. */
const LABEL_SAMPLE_LINES = 64;
export const LABEL_SAMPLE_CHARS = 4096;

/** What happened to a line handed on early by `flushPartial()` once more input arrived. */
export type FlushedLineFate = 'none' | 'complete' | 'continued';

/**
 * Whether a log's first lines carry `srun --label` task numbers (`0: `, ` 3: `): nearly every line has one,
 * task 0 is among them, and either every line is task 0's or the numbers go back down as tasks interleave.
 * A log that prints `{epoch}: ...` counts up instead, and its numbers must stay: it is not labelled.
 */
export function hasTaskLabels(text: string): boolean {
  const tasks: number[] = [];
  let lines = 0;
  let start = 0;
  const end = Math.min(text.length, LABEL_SAMPLE_CHARS);
  while (start < end && lines < LABEL_SAMPLE_LINES) {
    let nl = text.indexOf('\n', start);
    if (nl < 0 || nl > end) nl = end;
    const line = text.slice(start, nl);
    start = nl + 1;
    if (line.trim().length === 0) continue;
    lines++;
    const m = TASK_LABEL.exec(line);
    if (m) tasks.push(Number(m[2]));
  }
  if (lines < 3 || tasks.length < lines * 0.9 || !tasks.includes(0)) return false;
  return tasks.every(t => t === 0) || tasks.some((t, i) => i > 0 && t < tasks[i - 1]!);
}

/**
 * Splits decoded text into lines as it arrives, carrying a partial last line until its newline.
 * - `\r\n` and `\n` end a line; a bare `\r` inside a line (tqdm / Keras redraws) splits it into pieces that
 *   all carry the same line number, so the last redraw of a progress bar is seen like any other line.
 * - ANSI colour / cursor sequences, backspaces (Keras 2 erases its bar with `\b` before each `\r`) and NUL
 *   characters are removed.
 * - torchrun's `[rank0]:` prefixes are removed and lines from other ranks than the first one seen are dropped:
 *   every rank prints the same epoch lines. Likewise `srun --label` task numbers, when the log has them
 *   (`taskLabels`, decided from its first lines with `hasTaskLabels`).
 * Cheap on the common path: the per-line clean-ups run only when the chunk contains the character they need.
 */
export class LineSplitter {
  private carry = '';
  private lineNo = 0;
  private skipping = false;
  private rank: string | null = null;
  private task: string | null = null;
  private flushed = false;
  /** Set when a line handed on by `flushPartial()` turned out to continue in later input. */
  fate: FlushedLineFate = 'none';

  constructor(private readonly sink: LineSink, private readonly taskLabels = false) {}

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
    if (this.flushed) {
      this.flushed = false;
      const c0 = chunk.charCodeAt(0);
      if (c0 === 13 && chunk.length === 1) {
        this.flushed = true; // a CRLF split across two reads: decide on the next one
        return;
      }
      if (c0 === 10 || (c0 === 13 && chunk.charCodeAt(1) === 10)) {
        // the line handed on early was whole: its line end arrives now
        this.lineNo++;
        chunk = chunk.slice(c0 === 10 ? 1 : 2);
        if (this.fate === 'none') this.fate = 'complete';
      } else if (c0 === 13) {
        // the next redraw of a progress bar: the piece handed on early was whole
        if (this.fate === 'none') this.fate = 'complete';
      } else {
        this.fate = 'continued';
      }
      if (chunk.length === 0) return;
    }
    // CR alone (CRLF files) is cheap to handle per line; the other clean-ups only when the chunk needs them
    const cr = chunk.includes('\r');
    const special = chunk.includes(ESC) || chunk.includes('\u0000') || chunk.includes('\b');
    // the next \r at or after `start` (-1: none left): a CRLF line end, or a redraw inside the line
    let nextCr = cr ? chunk.indexOf('\r') : -1;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      const carried = start === 0 && this.carry.length > 0;
      if (this.skipping || (nl - start + this.carry.length > MAX_LINE_LENGTH && !isRedrawn(chunk, start, nl))) {
        // the end of a line too long to keep (or all of one that arrived in a single chunk)
        if (!this.skipping) this.warnLong();
        this.skipping = false;
        this.carry = '';
        start = nl + 1;
        if (nextCr >= 0 && nextCr < start) nextCr = chunk.indexOf('\r', start);
        this.lineNo++;
        continue;
      }
      let end = nl;
      let redrawn = false;
      if (nextCr >= 0 && nextCr < nl) {
        if (nextCr === nl - 1) end = nl - 1; // CRLF
        else redrawn = true;
      }
      // a carried line came from an earlier chunk, which may have held the special characters
      if (special || carried || redrawn || this.taskLabels || (end > start && chunk.charCodeAt(start) === 91 /* [ */)) {
        this.emitSpecial(carried ? this.carry + chunk.slice(0, nl) : chunk.slice(start, nl), this.lineNo + 1);
      } else this.sink.line(chunk.slice(start, end), this.lineNo + 1);
      this.carry = '';
      start = nl + 1;
      if (nextCr >= 0 && nextCr < start) nextCr = chunk.indexOf('\r', start);
      this.lineNo++;
    }
    if (start < chunk.length) this.appendCarry(start === 0 ? chunk : chunk.slice(start), special || cr);
  }

  /** End of input: the partial last line (a file without a final newline) is a line too. */
  end(): void {
    if (this.flushPartial()) this.lineNo++;
    this.flushed = false;
    this.carry = '';
  }

  /**
   * Hands on the partial last line now, as a line, for a file that stopped growing without a final newline.
   * If more input arrives later, `fate` tells whether that line was whole (the input goes on with its line end,
   * or with the next redraw of a progress bar) or was cut short (`continued`: what was read from it is wrong,
   * re-read the file). Returns true when there was a partial line.
   */
  flushPartial(): boolean {
    if (this.carry.length === 0 || this.skipping) return false;
    const text = this.carry;
    this.carry = '';
    this.emitSpecial(text, this.lineNo + 1);
    this.flushed = true;
    return true;
  }

  private appendCarry(rest: string, special: boolean): void {
    if (this.skipping) return;
    this.carry += rest;
    if (special) {
      // Redraws already overwritten by a later one (tqdm, Keras) are whole pieces of the open line: hand them on
      // now, so a progress bar that runs for a whole epoch without a newline is neither buffered nor held back.
      const cr = this.carry.lastIndexOf('\r', this.carry.length - 2);
      if (cr >= 0) {
        this.emitPieces(clean(this.carry.slice(0, cr)), this.lineNo + 1);
        this.carry = this.carry.slice(cr + 1);
      }
    }
    if (this.carry.length <= MAX_LINE_LENGTH) return;
    this.warnLong();
    this.carry = '';
    this.skipping = true;
  }

  private warnLong(): void {
    this.sink.warn(this.lineNo + 1, `line ${this.lineNo + 1} is longer than ${MAX_LINE_LENGTH / (1 << 20)} MiB: skipped`);
  }

  private emitSpecial(text: string, lineNo: number): void {
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    this.emitPieces(clean(text), lineNo);
  }

  private emitPieces(text: string, lineNo: number): void {
    if (!text.includes('\r')) {
      this.emitOne(text, lineNo);
      return;
    }
    for (const piece of text.split('\r')) if (piece.length > 0) this.emitOne(piece, lineNo);
  }

  private emitOne(text: string, lineNo: number): void {
    if (this.taskLabels) {
      const m = TASK_LABEL.exec(text);
      if (m) {
        const id = m[0].trim();
        if (this.task === null) this.task = id;
        if (id !== this.task) return;
        text = text.slice(m[0].length);
      }
    }
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

/** A long line made of `\r` redraws (a progress bar): its pieces are short lines, not one huge one. */
function isRedrawn(chunk: string, start: number, end: number): boolean {
  const cr = chunk.lastIndexOf('\r', end - 2);
  return cr >= start && end - cr <= MAX_LINE_LENGTH;
}

/** Removes ANSI sequences, backspaces and NULs. */
function clean(text: string): string {
  if (text.includes(ESC)) text = text.replace(ANSI, '');
  if (text.includes('\u0000')) text = text.split('\u0000').join('');
  if (text.includes('\b')) text = text.split('\b').join('');
  return text;
}

/**
 * The first lines of a log as a format's `sniff` should see them: the same clean-ups as the line splitter
 * (ANSI, `\b`, NUL, `\r` redraws as separate lines, rank prefixes, srun task labels), lines joined with `\n`.
 */
export function cleanHead(text: string): string {
  const lines: string[] = [];
  const s = new LineSplitter({ line: t => lines.push(t), warn: () => undefined }, hasTaskLabels(text));
  s.write(text);
  s.end();
  return lines.join('\n');
}

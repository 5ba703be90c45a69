import { RunBuilder } from '../run/run-builder';
import type { Run } from '../run/model';
import type { ByteParser, LineParser, LogFormat } from './log-format';
import { hasTaskLabels, LABEL_SAMPLE_CHARS, LineSplitter } from './line-splitter';
import { ChunkDecoder, detectEncoding, looksBinary, type TextEncoding } from './text-decoder';
import { formatById, sniffBytes, CLEAR_CONFIDENCE, MIN_CONFIDENCE } from './formats';

/** Bytes a format is chosen from when one claims them clearly. */
export const SNIFF_BYTES = 4096;
/**
 * Bytes read before settling for a weaker claim: an environment dump, a config print or a screenful of tqdm
 * redraws can come before the first metric line (the Llama SFT log of the corpus has 104 KiB of them).
 */
export const SNIFF_MAX_BYTES = 1 << 20;
/** Bytes decoded and split at a time. */
const DECODE_PIECE = 1 << 16;

export type ParseOutcome = { ok: true; run: Run } | { ok: false; error: string };

/**
 * Reads one log as its bytes arrive and keeps its run up to date: the same object parses a whole file in
 * one go (CLI), in chunks (a large file, without blocking), or tails a growing file (only appended bytes).
 *
 * The format is chosen from the first 4 KiB when a format claims them clearly, else from the first MiB (or
 * the whole file when shorter), unless it is given. The choice depends only on those bytes, never on how the
 * input was cut into chunks, so feeding a file in any chunks gives the same run.
 */
export class LogSession {
  private format: LogFormat | null;
  private builder: RunBuilder | null = null;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private triedClear = false;
  private started = false;
  private decoder: ChunkDecoder | null = null;
  private splitter: LineSplitter | null = null;
  private lineParser: LineParser | null = null;
  private byteParser: ByteParser | null = null;
  private wholeText: string[] | null = null;
  private failure: string | null = null;
  /** Set when the format's parser threw: what was read before stays, the rest of the file is ignored. */
  private broken = false;
  private ended = false;
  /** Bytes consumed so far. */
  bytesRead = 0;
  /** The format was chosen by `flushPartial()` from fewer bytes than a whole read would have used. */
  decidedEarly = false;
  /** Why `flushPartial()` could not choose a format (the file may still become a log as it grows). */
  private undecided: string | null = null;

  constructor(readonly file: string, readonly fileName: string, format?: LogFormat | string) {
    this.format = typeof format === 'string' ? formatById(format) ?? null : format ?? null;
  }

  get formatId(): string | null {
    return this.format?.id ?? null;
  }

  /** The chosen format reads the file whole (re-read it whole when it changes). */
  get readsWhole(): boolean {
    return this.wholeText !== null;
  }

  /** The input so far ends with a line still being written (no newline yet). */
  get hasPartialLine(): boolean {
    return (this.splitter?.pending.length ?? 0) > 0;
  }

  /**
   * A line handed on early by `flushPartial()` continued in later input, so the run holds values read from a
   * cut line: parse the file again from the start.
   */
  get needsRestart(): boolean {
    return this.splitter?.fate === 'continued';
  }

  push(bytes: Uint8Array): void {
    if (this.failure || this.broken || this.ended || bytes.length === 0) return;
    this.bytesRead += bytes.length;
    if (!this.started) {
      this.head.push(bytes.slice()); // callers may reuse their buffer
      this.headBytes += bytes.length;
      if (this.headBytes < SNIFF_BYTES) return;
      if (!this.triedClear) {
        this.triedClear = true;
        if (this.start(CLEAR_CONFIDENCE, SNIFF_BYTES)) return;
      }
      if (this.headBytes >= SNIFF_MAX_BYTES) this.start(MIN_CONFIDENCE, SNIFF_MAX_BYTES);
      return;
    }
    this.feed(bytes);
  }

  /** End of input. The partial last line, if any, is parsed as a line. */
  end(): void {
    if (this.ended) return;
    if (!this.started && !this.failure) this.start(MIN_CONFIDENCE, Infinity);
    this.ended = true;
    if (this.failure || this.broken) return;
    this.guard(() => {
      if (this.decoder && this.splitter) {
        this.splitter.write(this.decoder.end());
        this.splitter.end();
      }
      this.lineParser?.end?.();
      this.byteParser?.end?.();
    });
  }

  /**
   * The input stopped growing for now (a tailed file that went quiet): decide the format from what there is
   * and parse the partial last line as a line. More input may follow; see `needsRestart` and `decidedEarly`.
   */
  flushPartial(): void {
    if (this.ended || this.failure || this.broken) return;
    if (!this.decideNow()) return;
    this.guard(() => this.splitter?.flushPartial());
  }

  /**
   * Chooses the format now from the bytes there are, before the 4 KiB / 1 MiB a whole read decides on (a
   * tailed log that is still small). True when the session is reading; `decidedEarly` tells that the choice
   * may differ from a whole read's once more bytes exist (see `chooseFormat`).
   */
  decideNow(): boolean {
    if (this.started) return !this.failure;
    if (this.ended || this.headBytes === 0) return false;
    this.decidedEarly = true;
    this.start(MIN_CONFIDENCE, Infinity);
    if (this.failure) {
      // not a verdict yet: the file may still become a log
      this.undecided = this.failure;
      this.failure = null;
      this.started = false;
      this.builder = null;
      this.decidedEarly = false;
      return false;
    }
    this.undecided = null;
    return true;
  }

  /** The format has been chosen (or the file rejected). */
  get decided(): boolean {
    return this.started;
  }

  /** The run so far, or why the file cannot be read as a training log. */
  result(): ParseOutcome {
    if (this.failure) return { ok: false, error: this.failure };
    if (!this.builder) {
      return this.ended ? { ok: false, error: `${this.file} is empty` } : { ok: true, run: { file: this.file, format: this.format?.id ?? 'unknown', series: [], warnings: [], segments: 1 } };
    }
    if (this.wholeText && this.format?.parseText) {
      // formats read whole are parsed on demand, into a fresh builder each time
      const b = new RunBuilder(this.file, this.format.id);
      try {
        this.format.parseText(this.wholeText.join(''), b);
      } catch (e) {
        return { ok: false, error: `${this.file}: ${e instanceof Error ? e.message : String(e)}` };
      }
      return this.checked(b.result());
    }
    if (!this.ended && this.lineParser?.flush) this.guard(() => this.lineParser!.flush!());
    return this.checked(this.builder.result());
  }

  /**
   * The run as it stands, judged as if the input were complete: a file that gave no metric values (or no
   * format) says why. What a tailer shows for a file that has gone quiet.
   */
  verdict(): ParseOutcome {
    if (!this.started && this.undecided) return { ok: false, error: this.undecided };
    const r = this.result();
    return r.ok ? this.checked(r.run, true) : r;
  }

  private checked(run: Run, settled = false): ParseOutcome {
    if ((this.ended || settled) && run.series.length === 0) {
      const why = run.warnings.length > 0 ? ` (${run.warnings[0]!.message}${run.warnings.length > 1 ? `, and ${run.warnings.length - 1} more warnings` : ''})` : '';
      return { ok: false, error: `${this.file} is not a training log that Train Doctor can read: no metric values found${why}` };
    }
    return { ok: true, run };
  }

  /** Chooses the format from the first `limit` bytes; false when no format claims them with `minConfidence`. */
  private start(minConfidence: number, limit: number): boolean {
    const head = concat(this.head, this.headBytes);
    if (head.length === 0) return true;
    const { encoding, bomLength } = detectEncoding(head);
    if (!this.format) {
      const pick = sniffBytes(head.subarray(0, Math.min(head.length, limit)), this.fileName, minConfidence);
      if (!pick) {
        if (minConfidence !== MIN_CONFIDENCE) return false;
        this.failure = looksBinary(head, encoding)
          ? `${this.file} is a binary file, not a training log`
          : `${this.file} does not look like a training log: no known log format matches its first lines`;
        this.started = true;
        return true;
      }
      this.format = pick;
    }
    this.started = true;
    this.head = [];
    this.begin(head, encoding, bomLength);
    return true;
  }

  private begin(head: Uint8Array, encoding: TextEncoding, bomLength: number): void {
    const format = this.format!;
    this.builder = new RunBuilder(this.file, format.id);
    if (format.createByteParser) {
      this.byteParser = format.createByteParser(this.builder);
      this.guard(() => this.byteParser!.push(head));
      return;
    }
    if (!format.createLineParser && !format.parseText) {
      this.failure = `format ${format.id} cannot read text`;
      return;
    }
    // a format that reads text line by line claimed the cleaned first lines, so NUL blocks (a crash left a
    // zero-filled page) do not make the file binary; a whole-text format must parse as a whole, so it must not
    if (!format.createLineParser && looksBinary(head, encoding)) {
      this.failure = `${this.file} is a binary file, not a ${format.title} file`;
      return;
    }
    this.decoder = new ChunkDecoder(encoding);
    if (format.createLineParser) {
      const parser = format.createLineParser(this.builder);
      const builder = this.builder;
      this.lineParser = parser;
      // task labels are decided from the first characters of the file, as the sniffing saw them, whatever was
      // read to choose the format (4 bytes hold any character)
      const labels = hasTaskLabels(new ChunkDecoder(encoding).write(head.subarray(bomLength, bomLength + 4 * LABEL_SAMPLE_CHARS)));
      this.splitter = new LineSplitter({ line: (t, n) => parser.line(t, n), warn: (n, m) => builder.warn(n, m) }, labels);
    } else {
      this.wholeText = [];
    }
    this.feed(head.subarray(bomLength));
  }

  private feed(bytes: Uint8Array): void {
    if (this.failure || this.broken) return;
    if (this.byteParser) {
      this.guard(() => this.byteParser!.push(bytes));
      return;
    }
    if (this.wholeText) {
      this.wholeText.push(this.decoder!.write(bytes));
      return;
    }
    // decoded and split in pieces of 64 KiB whatever the read size: a piece and its string stay in the CPU's
    // cache while they are split and parsed (1 MiB pieces cost twice the CPU time to decode and split)
    for (let at = 0; at < bytes.length && !this.broken; at += DECODE_PIECE) {
      const text = this.decoder!.write(at === 0 && bytes.length <= DECODE_PIECE ? bytes : bytes.subarray(at, at + DECODE_PIECE));
      this.guard(() => this.splitter!.write(text));
    }
  }

  // A format parser must never take the extension host down: a throw keeps what was read so far, becomes a
  // warning, and the rest of the file is ignored.
  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      this.broken = true;
      this.builder?.warn(this.splitter?.linesRead ?? 0, `the ${this.format?.id} parser stopped here: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/**
 * The format a whole read of a file starting with `head` chooses (null: none): the one claiming the first
 * 4 KiB clearly, else the best claim on the first MiB (or the whole file when shorter). What a tailer checks
 * an early choice against as the file grows.
 */
export function chooseFormat(head: Uint8Array, fileName: string): LogFormat | null {
  if (head.length >= SNIFF_BYTES) {
    const clear = sniffBytes(head.subarray(0, SNIFF_BYTES), fileName, CLEAR_CONFIDENCE);
    if (clear) return clear;
  }
  return sniffBytes(head.subarray(0, Math.min(head.length, SNIFF_MAX_BYTES)), fileName, MIN_CONFIDENCE);
}

/** The collected pieces of a file's head as one array (no copy for a single piece). */
export function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Parses a whole log held in memory. */
export function parseLogBytes(bytes: Uint8Array, file: string, fileName: string, format?: LogFormat | string): ParseOutcome {
  const s = new LogSession(file, fileName, format);
  s.push(bytes);
  s.end();
  return s.result();
}

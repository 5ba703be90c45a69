import { RunBuilder } from '../run/run-builder';
import type { Run } from '../run/model';
import type { ByteParser, LineParser, LogFormat } from './log-format';
import { LineSplitter } from './line-splitter';
import { ChunkDecoder, detectEncoding, looksBinary } from './text-decoder';
import { sniffFormat, formatById } from './formats';

/** Bytes read before a format is chosen. */
export const SNIFF_BYTES = 1024;

export type ParseOutcome = { ok: true; run: Run } | { ok: false; error: string };

/**
 * Reads one log as its bytes arrive and keeps its run up to date: the same object parses a whole file in
 * one go (CLI), in chunks (a large file, without blocking), or tails a growing file (only appended bytes).
 * The format is chosen from the first KB unless given.
 */
export class LogSession {
  private format: LogFormat | null;
  private builder: RunBuilder | null = null;
  private head: Uint8Array[] = [];
  private headBytes = 0;
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

  constructor(readonly file: string, readonly fileName: string, format?: LogFormat | string) {
    this.format = typeof format === 'string' ? formatById(format) ?? null : format ?? null;
  }

  get formatId(): string | null {
    return this.format?.id ?? null;
  }

  /** The input so far ends with a line still being written (no newline yet). */
  get hasPartialLine(): boolean {
    return (this.splitter?.pending.length ?? 0) > 0;
  }

  push(bytes: Uint8Array): void {
    if (this.failure || this.broken || this.ended || bytes.length === 0) return;
    this.bytesRead += bytes.length;
    if (!this.decoder && !this.byteParser) {
      this.head.push(bytes.slice()); // callers may reuse their buffer
      this.headBytes += bytes.length;
      if (this.headBytes < SNIFF_BYTES) return;
      this.start();
      return;
    }
    this.feed(bytes);
  }

  /** End of input. The partial last line, if any, is parsed as a line. */
  end(): void {
    if (this.ended) return;
    if (!this.decoder && !this.byteParser && !this.failure) this.start();
    this.ended = true;
    if (this.failure || this.broken) return;
    if (this.decoder && this.splitter) {
      this.splitter.write(this.decoder.end());
      this.splitter.end();
    }
    this.lineParser?.end?.();
    this.byteParser?.end?.();
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
    return this.checked(this.builder.result());
  }

  private checked(run: Run): ParseOutcome {
    if (this.ended && run.series.length === 0) {
      const why = run.warnings.length > 0 ? ` (${run.warnings[0]!.message}${run.warnings.length > 1 ? `, and ${run.warnings.length - 1} more warnings` : ''})` : '';
      return { ok: false, error: `${this.file} is not a training log that Train Doctor can read: no metric values found${why}` };
    }
    return { ok: true, run };
  }

  private start(): void {
    const head = concat(this.head, this.headBytes);
    this.head = [];
    if (head.length === 0) return;
    const { encoding, bomLength } = detectEncoding(head);
    if (!this.format) {
      const text = new ChunkDecoder(encoding).write(head.subarray(bomLength, Math.min(head.length, bomLength + 4 * SNIFF_BYTES)));
      const pick = sniffFormat({ head: text, fileName: this.fileName }, head);
      if (!pick) {
        this.failure = looksBinary(head, encoding)
          ? `${this.file} is a binary file, not a training log`
          : `${this.file} does not look like a training log: no known log format matches its first lines`;
        return;
      }
      this.format = pick;
    }
    this.builder = new RunBuilder(this.file, this.format.id);
    if (this.format.createByteParser) {
      this.byteParser = this.format.createByteParser(this.builder);
      this.guard(() => this.byteParser!.push(head));
      return;
    }
    if (!this.format.createLineParser && !this.format.parseText) {
      this.failure = `format ${this.format.id} cannot read text`;
      return;
    }
    if (!this.format.createLineParser && looksBinary(head, encoding)) {
      this.failure = `${this.file} is a binary file, not a training log`;
      return;
    }
    this.decoder = new ChunkDecoder(encoding);
    if (this.format.createLineParser) {
      const parser = this.format.createLineParser(this.builder);
      const builder = this.builder;
      this.lineParser = parser;
      this.splitter = new LineSplitter({ line: (t, n) => parser.line(t, n), warn: (n, m) => builder.warn(n, m) });
    } else {
      this.wholeText = [];
    }
    this.feed(head.subarray(bomLength));
  }

  private feed(bytes: Uint8Array): void {
    if (this.byteParser) {
      this.guard(() => this.byteParser!.push(bytes));
      return;
    }
    const text = this.decoder!.write(bytes);
    if (this.wholeText) this.wholeText.push(text);
    else this.guard(() => this.splitter!.write(text));
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

function concat(parts: Uint8Array[], total: number): Uint8Array {
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

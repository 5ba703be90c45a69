import type { Run, Series } from '../run/model';
import { baseName, type FileStat, type LogFileSystem } from './file-system';
import { chooseFormat, concat, LogSession, SNIFF_MAX_BYTES, type ParseOutcome } from './log-session';

/** How a tailed log changed since the last look. */
export type TailDelta =
  /** Nothing new. */
  | { kind: 'none' }
  /** New points at the end of these series (`from` = first new index; a series new to the run has from 0). */
  | { kind: 'append'; grown: { series: Series; from: number }[] }
  /** Read again from the start: show the run anew. */
  | { kind: 'replace'; reason: ReplaceReason }
  /** The file cannot be read, or is not a training log (yet). */
  | { kind: 'error'; message: string }
  /** The file was deleted (or moved away). A later poll that finds it again reads it anew ('recreated'). */
  | { kind: 'gone' };

export type ReplaceReason =
  /** The first read. */
  | 'first-read'
  /** The file got shorter: truncated, or overwritten by a new run. */
  | 'truncated'
  /** Another file now has the path (log rotation, a new run writing a new file under the same name). */
  | 'rotated'
  /** The file was deleted, then created again. */
  | 'recreated'
  /** A format read whole (trainer_state.json) was rewritten. */
  | 'rewritten'
  /** A line handed on early turned out to go on, or the format chosen from the first bytes may change. */
  | 'reread';

export interface LogTailOptions {
  /** Base name for format sniffing (default: the path's last segment). */
  fileName?: string;
  /** Format id to use instead of sniffing. */
  format?: string;
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
  /** Called after each chunk of a read: bytes read so far of this read, and the bytes it will read. */
  onProgress?(done: number, total: number): void;
  /** Lets other work run between chunks (default: setImmediate). */
  yieldToEventLoop?(): Promise<void>;
}

const FINGERPRINT_BYTES = 64;

/**
 * Keeps one log file's run up to date as the file grows, behind a LogFileSystem, so the editor can back it
 * with `vscode.workspace.fs` (local, remote, virtual) and tests and the CLI with node's fs.
 *
 * - `poll()` reads only the bytes appended since the last read and reports which series grew (a chart inserts
 *   only the new points). A partial last line waits for its newline.
 * - `settle()` is for a file that has gone quiet (the editor calls it after a second or two without change, and
 *   the first read settles by itself, since most files are complete when opened): its unterminated last line
 *   is read too. If the file then grows after all, the next poll checks that the line really ended there, and
 *   re-reads the file from the start if it did not.
 * - Truncation (the size went down), rotation (another file at the path: a different inode, or different
 *   first bytes), deletion and re-creation are detected; the file is then read again from the start. Formats
 *   read whole (trainer_state.json) are read again whenever they change.
 * - Long reads go in chunks with `onProgress` and a yield to the event loop between chunks, so parsing a
 *   large log never blocks the extension host for long.
 * Calls are serialised: a poll waits for the one before it.
 */
export class LogTail {
  private session: LogSession | null = null;
  private offset = 0;
  private stat: FileStat | null = null;
  private fingerprint: Uint8Array = new Uint8Array(0);
  /** The file's first bytes (up to 1 MiB) while its format was chosen early: to check that choice as it grows. */
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private gone = false;
  private failure: string | undefined;
  private current: Run | undefined;
  private readonly seen = new Map<Series, { n: number; lastLine: number; lastY: number }>();
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  readonly fileName: string;

  constructor(private readonly fs: LogFileSystem, readonly path: string, private readonly options: LogTailOptions = {}) {
    this.fileName = options.fileName ?? baseName(path);
  }

  /** The run as read so far; undefined before the first read, or when the file is not (yet) a log. */
  get run(): Run | undefined {
    return this.current;
  }

  /** Why there is no run, if there is none. */
  get error(): string | undefined {
    return this.failure;
  }

  /** Bytes of the file read so far. */
  get bytesRead(): number {
    return this.offset;
  }

  /** Looks at the file and reads what changed. */
  poll(): Promise<TailDelta> {
    return this.serial(() => this.doPoll(false));
  }

  /** The file has gone quiet: read what changed, then its unterminated last line too. */
  settle(): Promise<TailDelta> {
    return this.serial(() => this.doPoll(true));
  }

  dispose(): void {
    this.disposed = true;
  }

  private serial(f: () => Promise<TailDelta>): Promise<TailDelta> {
    const next = this.queue.then(f, f);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doPoll(settle: boolean): Promise<TailDelta> {
    if (this.disposed) return { kind: 'none' };
    let stat: FileStat | null;
    try {
      stat = await this.fs.stat(this.path);
    } catch (e) {
      return this.fail(`cannot read ${this.path}: ${message(e)}`);
    }
    if (!stat) {
      if (this.gone || !this.session) {
        if (!this.session && !this.gone) return this.fail(`cannot read ${this.path}: no such file`);
        return { kind: 'none' };
      }
      this.gone = true;
      this.current = undefined;
      this.failure = `${this.path} was deleted`;
      return { kind: 'gone' };
    }
    if (stat.type === 'directory') return this.fail(`${this.path} is a folder, not a log file`);
    if (!this.session) return this.fullRead(stat, this.gone ? 'recreated' : 'first-read', true);
    if (this.gone) return this.fullRead(stat, 'recreated', true);
    const before = this.stat!;
    if (stat.id !== undefined && before.id !== undefined && stat.id !== before.id) return this.fullRead(stat, 'rotated', true);
    if (stat.size < this.offset) return this.fullRead(stat, 'truncated', true);
    if (this.session.readsWhole) {
      if (stat.size !== before.size || stat.mtime !== before.mtime) return this.fullRead(stat, 'rewritten', true);
      return { kind: 'none' };
    }
    if (stat.size > this.offset && !(await this.sameStart())) return this.fullRead(stat, 'rotated', true);
    this.stat = stat;
    if (stat.size > this.offset) {
      try {
        await this.readRange(this.offset, stat.size);
      } catch (e) {
        return this.fail(`cannot read ${this.path}: ${message(e)}`);
      }
      if (this.session.needsRestart) return this.fullRead(stat, 'reread', settle);
      // a small file whose format was chosen early: a whole read of it as it is now may choose another
      if (this.session.decidedEarly && !this.formatStillRight()) return this.fullRead(stat, 'reread', settle);
    }
    this.session.decideNow();
    if (settle) this.session.flushPartial();
    return this.delta(settle);
  }

  private dropHead(): void {
    this.head = [];
    this.headBytes = SNIFF_MAX_BYTES; // collect no more
  }

  private formatStillRight(): boolean {
    const head = concat(this.head, this.headBytes);
    const right = chooseFormat(head, this.fileName)?.id === this.session!.formatId;
    if (right && this.headBytes >= SNIFF_MAX_BYTES) this.head = []; // final: a whole read decides on this MiB too
    if (right && this.headBytes >= SNIFF_MAX_BYTES) this.session!.decidedEarly = false;
    return right;
  }

  /** The first bytes are still those of the file read so far (no identity: a replaced file shows here). */
  private async sameStart(): Promise<boolean> {
    if (this.stat?.id !== undefined || this.fingerprint.length === 0) return true;
    const head = await this.fs.read(this.path, 0, this.fingerprint.length);
    if (head.length !== this.fingerprint.length) return false;
    for (let i = 0; i < head.length; i++) if (head[i] !== this.fingerprint[i]) return false;
    return true;
  }

  private async fullRead(stat: FileStat, reason: ReplaceReason, settle: boolean): Promise<TailDelta> {
    this.session = new LogSession(this.path, this.fileName, this.options.format);
    this.offset = 0;
    this.gone = false;
    this.stat = stat;
    this.seen.clear();
    this.fingerprint = new Uint8Array(0);
    this.head = [];
    this.headBytes = 0;
    try {
      await this.readRange(0, stat.size);
    } catch (e) {
      return this.fail(`cannot read ${this.path}: ${message(e)}`);
    }
    this.session.decideNow();
    if (settle) this.session.flushPartial();
    const outcome = settle ? this.session.verdict() : this.session.result();
    if (this.session.decided && !this.session.decidedEarly) this.dropHead();
    this.accept(outcome);
    if (!outcome.ok) return { kind: 'error', message: outcome.error };
    this.snapshot(outcome.run);
    return { kind: 'replace', reason };
  }

  private async readRange(from: number, to: number): Promise<void> {
    const session = this.session!;
    const chunk = this.options.chunkSize ?? 1 << 20;
    const total = to - from;
    let pos = from;
    while (pos < to) {
      const bytes = await this.fs.read(this.path, pos, Math.min(chunk, to - pos));
      if (bytes.length === 0) break; // the file got shorter while we read: the next poll sees it
      if (pos < FINGERPRINT_BYTES && this.fingerprint.length < FINGERPRINT_BYTES) {
        const take = bytes.subarray(0, FINGERPRINT_BYTES - pos);
        const fp = new Uint8Array(this.fingerprint.length + take.length);
        fp.set(this.fingerprint);
        fp.set(take, this.fingerprint.length);
        this.fingerprint = fp;
      }
      if (this.headBytes < SNIFF_MAX_BYTES) {
        const take = bytes.subarray(0, SNIFF_MAX_BYTES - this.headBytes);
        this.head.push(take.slice());
        this.headBytes += take.length;
      }
      session.push(bytes);
      pos += bytes.length;
      this.offset = pos;
      if (total > chunk) {
        this.options.onProgress?.(pos - from, total);
        await (this.options.yieldToEventLoop ?? defaultYield)();
      }
    }
  }

  private delta(settled: boolean): TailDelta {
    const outcome = settled ? this.session!.verdict() : this.session!.result();
    const hadRun = this.current !== undefined;
    this.accept(outcome);
    if (!outcome.ok) return { kind: 'error', message: outcome.error };
    const run = outcome.run;
    if (this.session!.decided && !this.session!.decidedEarly) this.dropHead();
    if (!hadRun && run.series.length > 0) {
      // a file that was not a log (yet) now is one
      this.snapshot(run);
      return { kind: 'replace', reason: 'first-read' };
    }
    const grown: { series: Series; from: number }[] = [];
    const present = new Set<Series>();
    for (const s of run.series) {
      present.add(s);
      const was = this.seen.get(s);
      const n = s.ys.length;
      if (!was) {
        if (n > 0) grown.push({ series: s, from: 0 });
        continue;
      }
      // the last point known may have been replaced since (a redrawn bar, a repeated epoch)
      const replaced = was.n > 0 && (s.lines.at(was.n - 1) !== was.lastLine || !Object.is(s.ys.at(was.n - 1), was.lastY));
      if (replaced) grown.push({ series: s, from: was.n - 1 });
      else if (n > was.n) grown.push({ series: s, from: was.n });
    }
    for (const s of this.seen.keys()) {
      if (!present.has(s)) {
        // a series left the run (a progress bar's stand-in, shadowed by the real one): redraw
        this.snapshot(run);
        return { kind: 'replace', reason: 'reread' };
      }
    }
    this.snapshot(run);
    return grown.length > 0 ? { kind: 'append', grown } : { kind: 'none' };
  }

  private snapshot(run: Run): void {
    this.seen.clear();
    for (const s of run.series) {
      const n = s.ys.length;
      this.seen.set(s, { n, lastLine: s.lines.at(n - 1), lastY: s.ys.at(n - 1) });
    }
  }

  private accept(outcome: ParseOutcome): void {
    if (outcome.ok) {
      this.current = outcome.run;
      this.failure = undefined;
    } else {
      this.current = undefined;
      this.failure = outcome.error;
    }
  }

  private fail(error: string): TailDelta {
    this.failure = error;
    this.current = undefined;
    return { kind: 'error', message: error };
  }
}

function defaultYield(): Promise<void> {
  return new Promise(resolve => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

function message(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

import * as vscode from 'vscode';
import path from 'node:path';
import { LogTail, type TailDelta } from '../core/logs/log-tail';
import { detectRunFolder, readRunFolder } from '../core/logs/run-folder';
import type { Run, Series } from '../core/run/model';
import { fileSystemFor } from './vscode-file-system';

/** How a loaded run changed: new points at the end of some series, or a new run altogether. */
export type RunDelta =
  | { kind: 'append'; grown: { series: Series; from: number }[] }
  | { kind: 'replace' }
  | { kind: 'error'; message: string }
  | { kind: 'gone' };

/** A file that has not changed for this long is complete for now: its unterminated last line is read too. */
const SETTLE_MS = 1500;
/** File watchers can miss appends (network drives, some remote set-ups): look at open runs this often too. */
const POLL_MS = 2000;
/** Files larger than this show a progress notification while they are first read. */
const PROGRESS_BYTES = 32 * 1024 * 1024;

/** What keeps a LoadedRun current: a tailed log file, or a run folder (TensorBoard log dir, MLflow run). */
interface RunSource {
  refresh(settle: boolean): Promise<TailDelta>;
  readonly run: Run | undefined;
  readonly error: string | undefined;
  dispose(): void;
}

/**
 * One log file (or run folder) read into a run and kept up to date while it grows: only appended bytes are
 * read (LogTail), truncation, rotation and deletion are noticed. Shared: every view of the same file uses the
 * same LoadedRun; it stops watching when the last user releases it.
 */
export class LoadedRun implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunDelta>();
  /** Fires after the run changed (appended points, a rewrite, an error, the file deleted). */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private source: RunSource | undefined;
  private refs = 0;
  private lastGrowth = 0;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pollTimer: ReturnType<typeof setInterval>;

  constructor(readonly uri: vscode.Uri, private readonly onLastRelease: (r: LoadedRun) => void) {
    const parent = vscode.Uri.joinPath(uri, '..');
    // the file itself, or everything under a run folder
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parent, `${path.basename(uri.path)}{,/**}`));
    watcher.onDidChange(() => void this.update(false), null, this.disposables);
    watcher.onDidCreate(() => void this.update(false), null, this.disposables);
    watcher.onDidDelete(() => void this.update(false), null, this.disposables);
    this.disposables.push(watcher);
    this.pollTimer = setInterval(() => void this.update(false), POLL_MS);
  }

  get label(): string {
    return path.basename(this.uri.path);
  }

  /** The run as read so far; undefined before the first read or when the file is not a log. */
  get run(): Run | undefined {
    return this.source?.run;
  }

  /** Why the file could not be read as a run, if it could not. */
  get error(): string | undefined {
    return this.source?.error;
  }

  /** The file grew in the last minute: a run in training. */
  get live(): boolean {
    return this.lastGrowth > 0 && Date.now() - this.lastGrowth < 60_000;
  }

  acquire(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs <= 0) this.onLastRelease(this);
  }

  /** First read, with a progress notification for large files; resolves when the run is there. */
  async load(): Promise<void> {
    const { fs, path: p } = fileSystemFor(this.uri);
    const stat = await fs.stat(p).catch(() => null);
    const folder = stat?.type === 'directory' ? await detectRunFolder(fs, p) : null;
    if (folder) {
      this.source = new FolderSource(folder.path, fs);
      await this.update(true);
      return;
    }
    if (!stat || stat.size < PROGRESS_BYTES) {
      this.source = new TailSource(new LogTail(fs, p, { fileName: path.basename(this.uri.path) }));
      await this.update(true);
      return;
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${this.label}`, cancellable: false }, async progress => {
      let reported = 0;
      this.source = new TailSource(new LogTail(fs, p, {
        fileName: path.basename(this.uri.path),
        onProgress: (done, total) => {
          const pct = Math.floor((done / Math.max(1, total)) * 100);
          if (pct > reported) {
            progress.report({ increment: pct - reported, message: `${Math.round(done / 2 ** 20)} of ${Math.round(total / 2 ** 20)} MB` });
            reported = pct;
          }
        },
      }));
      await this.update(true);
    });
  }

  // one look at a time: the watcher, the timer and the settle timer all ask
  private queue: Promise<void> = Promise.resolve();
  private update(settle: boolean): Promise<void> {
    this.queue = this.queue.then(() => this.look(settle));
    return this.queue;
  }

  private async look(settle: boolean): Promise<void> {
    const source = this.source;
    if (!source) return;
    let delta: TailDelta;
    try {
      delta = await source.refresh(settle);
    } catch (e) {
      delta = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    if (delta.kind === 'none') return;
    if (delta.kind === 'append' || (delta.kind === 'replace' && delta.reason !== 'first-read')) {
      this.lastGrowth = Date.now();
      // once the file is quiet, read its unterminated last line as well
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => void this.update(true), SETTLE_MS);
    }
    this.emitter.fire(delta.kind === 'replace' ? { kind: 'replace' } : delta);
  }

  dispose(): void {
    clearInterval(this.pollTimer);
    clearTimeout(this.settleTimer);
    this.source?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

class TailSource implements RunSource {
  constructor(private readonly tail: LogTail) {}
  refresh(settle: boolean): Promise<TailDelta> {
    return settle ? this.tail.settle() : this.tail.poll();
  }
  get run(): Run | undefined {
    return this.tail.run;
  }
  get error(): string | undefined {
    return this.tail.error;
  }
  dispose(): void {
    this.tail.dispose();
  }
}

/** Run folders are small sets of files rewritten or appended as a whole: read again when anything changes. */
class FolderSource implements RunSource {
  private current: Run | undefined;
  private failure: string | undefined;
  private signature = '';
  constructor(private readonly dir: string, private readonly fs: ReturnType<typeof fileSystemFor>['fs']) {}
  async refresh(): Promise<TailDelta> {
    const folder = await detectRunFolder(this.fs, this.dir);
    if (!folder) {
      this.current = undefined;
      this.failure = `${this.dir} is not a TensorBoard or MLflow run folder (any more)`;
      return { kind: 'error', message: this.failure };
    }
    // re-read only when a file of the run changed size or time
    const stats = await Promise.all(folder.files.map(f => this.fs.stat(`${this.dir}/${f}`)));
    const signature = stats.map((s, i) => `${folder.files[i]}:${s?.size}:${s?.mtime}`).join('|');
    if (signature === this.signature) return { kind: 'none' };
    this.signature = signature;
    const outcome = await readRunFolder(this.fs, folder);
    if (!outcome.ok) {
      this.current = undefined;
      this.failure = outcome.error;
      return { kind: 'error', message: outcome.error };
    }
    this.current = outcome.run;
    this.failure = undefined;
    return { kind: 'replace', reason: 'rewritten' };
  }
  get run(): Run | undefined {
    return this.current;
  }
  get error(): string | undefined {
    return this.failure;
  }
  dispose(): void {
    // nothing held between reads
  }
}

/** Every run open in the editor, one LoadedRun per file. */
export class RunStore implements vscode.Disposable {
  private readonly runs = new Map<string, { run: LoadedRun; ready: Promise<void> }>();

  /** A reference to the file's run, loaded; call `release()` when done with it. */
  async open(uri: vscode.Uri): Promise<LoadedRun> {
    const key = uri.toString();
    let entry = this.runs.get(key);
    if (!entry) {
      const run = new LoadedRun(uri, done => {
        this.runs.delete(key);
        done.dispose();
      });
      entry = { run, ready: run.load() };
      this.runs.set(key, entry);
    }
    await entry.ready;
    return entry.run.acquire();
  }

  /** The run already open for a file, if any (no new reference). */
  peek(uri: vscode.Uri): LoadedRun | undefined {
    return this.runs.get(uri.toString())?.run;
  }

  dispose(): void {
    for (const r of this.runs.values()) r.run.dispose();
    this.runs.clear();
  }
}

import * as vscode from 'vscode';
import path from 'node:path';
import { LogSession } from '../core/logs/log-session';
import type { Run, Series } from '../core/run/model';

/** How a loaded run changed: new points at the end of some series, or a new run altogether. */
export type RunDelta =
  | { kind: 'append'; grown: { series: Series; from: number }[] }
  | { kind: 'replace' }
  | { kind: 'error'; message: string }
  | { kind: 'gone' };

/**
 * One log file (or run folder) read into a run and kept up to date while it grows. Shared: every view of the
 * same file uses the same LoadedRun; it stops watching when the last user disposes its reference.
 */
export class LoadedRun implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunDelta>();
  /** Fires after the run changed (appended points, a rewrite, an error, the file deleted). */
  readonly onDidChange = this.emitter.event;
  private current: Run | undefined;
  private failure: string | undefined;
  private growing = false;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private refs = 0;
  private reading: Promise<void> = Promise.resolve();
  private lastChange = 0;

  constructor(readonly uri: vscode.Uri, private readonly onLastRelease: (r: LoadedRun) => void) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.basename(uri.path)));
    watcher.onDidChange(() => this.schedule(), null, this.disposables);
    watcher.onDidCreate(() => this.schedule(), null, this.disposables);
    watcher.onDidDelete(() => this.gone(), null, this.disposables);
    this.disposables.push(watcher);
  }

  get label(): string {
    return path.basename(this.uri.path);
  }

  /** The run as read so far; undefined before the first read or when the file is not a log. */
  get run(): Run | undefined {
    return this.current;
  }

  /** Why the file could not be read as a run, if it could not. */
  get error(): string | undefined {
    return this.failure;
  }

  /** The file grew in the last minute. */
  get live(): boolean {
    return this.growing && Date.now() - this.lastChange < 60_000;
  }

  acquire(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs <= 0) this.onLastRelease(this);
  }

  /** Reads the file now (first load); resolves when the run is up to date. */
  load(): Promise<void> {
    return this.schedule();
  }

  private schedule(): Promise<void> {
    this.reading = this.reading.then(() => this.read()).catch(() => undefined);
    return this.reading;
  }

  private async read(): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.uri);
    } catch (e) {
      this.failure = `cannot read ${this.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`;
      this.emitter.fire({ kind: 'error', message: this.failure });
      return;
    }
    const session = new LogSession(this.uri.fsPath, this.label);
    session.push(bytes);
    session.end();
    const outcome = session.result();
    if (!outcome.ok) {
      this.failure = outcome.error;
      this.current = undefined;
      this.emitter.fire({ kind: 'error', message: outcome.error });
      return;
    }
    const before = this.current;
    this.failure = undefined;
    this.current = outcome.run;
    if (before) {
      this.growing = true;
      this.lastChange = Date.now();
    }
    this.emitter.fire(before ? diff(before, outcome.run) : { kind: 'replace' });
  }

  private gone(): void {
    this.current = undefined;
    this.failure = `${this.uri.fsPath} was deleted`;
    this.emitter.fire({ kind: 'gone' });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// The new run extends the old one when every old series is still there with the same leading points.
function diff(before: Run, after: Run): RunDelta {
  if (before.format !== after.format || after.series.length < before.series.length) return { kind: 'replace' };
  const grown: { series: Series; from: number }[] = [];
  for (let i = 0; i < after.series.length; i++) {
    const a = after.series[i]!;
    const b = before.series[i];
    if (!b) {
      grown.push({ series: a, from: 0 });
      continue;
    }
    if (a.name !== b.name || a.segment !== b.segment || a.x !== b.x || a.ys.length < b.ys.length) return { kind: 'replace' };
    const n = b.ys.length;
    if (n > 0 && (a.xs.at(n - 1) !== b.xs.at(n - 1) || !Object.is(a.ys.at(n - 1), b.ys.at(n - 1)))) return { kind: 'replace' };
    if (a.ys.length > n) grown.push({ series: a, from: n });
  }
  return { kind: 'append', grown };
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

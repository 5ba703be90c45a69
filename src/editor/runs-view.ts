import * as vscode from 'vscode';
import path from 'node:path';
import { formatValue, summariseRun, type RunSummary, type SeriesSummary } from '../core/run/run-summary';
import { detectRunFolder } from '../core/logs/run-folder';
import { sniffUri } from './log-detection';
import { fileSystemFor } from './vscode-file-system';
import type { LoadedRun } from './run-store';
import type { Services } from './services';

/** Files larger than this are listed but read only when opened (a summary would cost a full parse). */
const SUMMARY_MAX_BYTES = 32 * 1024 * 1024;
/**
 * Files up to this size are summarised right after a scan, one after another in the background, so the list
 * shows every run's epochs without expanding it; larger ones (up to SUMMARY_MAX_BYTES) when expanded.
 */
const EAGER_SUMMARY_BYTES = 4 * 1024 * 1024;
const EAGER_SUMMARY_FILES = 200;
/** All a background pass reads: a workspace full of logs costs the extension host seconds, not minutes. */
const EAGER_SUMMARY_TOTAL_BYTES = 64 * 1024 * 1024;
/**
 * A log that grows is followed: its run stays open (read once, then only its appended bytes, the reader the
 * curves share) until it has been quiet this long, so each write costs a tail read, not a whole re-read.
 */
const FOLLOW_QUIET_MS = 120_000;
/** Logs followed at once; others growing at the same time are re-read whole after each burst of writes. */
const FOLLOW_MAX = 8;

interface RunEntry {
  kind: 'run';
  /** A log file, or a run folder (TensorBoard log dir, MLflow run) for the files that belong to one. */
  uri: vscode.Uri;
  format: string;
  summary?: RunSummary;
  error?: string;
  size: number;
  /** The summary being read. */
  reading?: Promise<void>;
}
interface MetricEntry {
  kind: 'metric';
  run: RunEntry;
  s: SeriesSummary;
}
type Node = RunEntry | MetricEntry;

/**
 * The "Training Runs" view in the Explorer: every file of the workspace that matches the log globs and sniffs as
 * a training log, with its format, epochs and the last / best value of each curve. Click to open its curves.
 */
export function registerRunsView(services: Services): vscode.Disposable {
  const provider = new RunsProvider(services);
  const view = vscode.window.createTreeView('trainDoctor.runs', { treeDataProvider: provider, canSelectMany: true, showCollapseAll: true });
  return vscode.Disposable.from(
    provider,
    view,
    // returns the runs found, so scripts and tests can read the list
    vscode.commands.registerCommand('trainDoctor.refreshRuns', async () => {
      await provider.rescan();
      return provider.runUris();
    }),
    // internal (not in the palette): the tree's data provider, for the host tests
    vscode.commands.registerCommand(RUNS_PROVIDER_COMMAND, () => provider),
  );
}

/** Internal command returning the Training Runs view's TreeDataProvider (host tests read its items). */
export const RUNS_PROVIDER_COMMAND = 'trainDoctor.runs.provider';

/** "30 epochs", "1 epoch", "steps" (a run with steps only). */
export function epochsText(epochs: number | null): string {
  return epochs === null ? 'steps' : `${epochs} epoch${epochs === 1 ? '' : 's'}`;
}

export class RunsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private entries = new Map<string, RunEntry>();
  private scanning: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private disposed = false;
  private readonly following = new Map<string, { loaded: LoadedRun; sub: vscode.Disposable; quiet: ReturnType<typeof setTimeout> }>();

  constructor(private readonly services: Services) {
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('trainDoctor.logs')) this.rescan();
    }, null, this.disposables);
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan(), null, this.disposables);
    this.watch();
  }

  /** Resolves once the first scan is done (used by tests). */
  ready(): Promise<void> {
    return this.scanning ?? this.rescan();
  }

  rescan(): Promise<void> {
    this.scanning = this.scan().then(() => {
      this.changed.fire(undefined);
      void this.summariseInBackground();
    });
    return this.scanning;
  }

  /** Resolves once the summaries started after the last scan are done (used by tests). */
  summarised(): Promise<void> {
    return this.background;
  }

  private background: Promise<void> = Promise.resolve();
  private generation = 0;

  /** Reads the small logs one at a time after a scan, and updates each item as its summary arrives. */
  private summariseInBackground(): Promise<void> {
    const mine = ++this.generation;
    const todo: RunEntry[] = [];
    let bytes = 0;
    for (const e of this.entries.values()) {
      if (e.summary || e.error || e.size > EAGER_SUMMARY_BYTES) continue;
      if (todo.length === EAGER_SUMMARY_FILES) break;
      if (bytes + e.size > EAGER_SUMMARY_TOTAL_BYTES) continue;
      todo.push(e);
      bytes += e.size;
    }
    this.background = (async () => {
      for (const entry of todo) {
        if (mine !== this.generation || this.disposed) return;
        if (entry.summary || entry.error) continue;
        await this.summarise(entry);
      }
    })();
    return this.background;
  }

  runUris(): vscode.Uri[] {
    return [...this.entries.values()].map(e => e.uri);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'metric') {
      const s = node.s;
      const item = new vscode.TreeItem(`${s.split ? `${s.split} ` : ''}${s.metric}`, vscode.TreeItemCollapsibleState.None);
      const best = s.best !== undefined ? `, best ${formatValue(s.best)} @ ${s.bestX}` : '';
      item.description = `last ${formatValue(s.last)}${best}${s.nonFinite ? `, ${s.nonFinite} non-finite` : ''}`;
      item.tooltip = `${s.name}: ${s.points} points`;
      item.iconPath = new vscode.ThemeIcon(s.nonFinite ? 'warning' : 'graph-line');
      return item;
    }
    const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Collapsed);
    item.label = path.basename(node.uri.path);
    const rel = vscode.workspace.asRelativePath(node.uri, false);
    const epochs = node.summary ? epochsText(node.summary.epochs) : node.size > SUMMARY_MAX_BYTES ? `${Math.round(node.size / 2 ** 20)} MB` : undefined;
    item.description = [node.format, epochs, node.error ? 'unreadable' : undefined].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${rel}**\n\n${node.format}${epochs ? `, ${epochs}` : ''}${node.error ? `\n\n${node.error}` : ''}`);
    item.contextValue = 'trainDoctor.run';
    item.command = { command: 'trainDoctor.showCurves', title: 'Show Training Curves', arguments: [node.uri] };
    // a large file is summarised only by opening its curves: nothing to expand
    if (!node.summary && !node.error && node.size > SUMMARY_MAX_BYTES) item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      await this.ready();
      return [...this.entries.values()].sort((a, b) => a.uri.path.localeCompare(b.uri.path));
    }
    if (node.kind === 'metric') return [];
    if (!node.summary && !node.error) await this.summarise(node);
    return node.summary ? node.summary.series.map(s => ({ kind: 'metric', run: node, s })) : [];
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'metric' ? node.run : undefined;
  }

  private async scan(): Promise<void> {
    const { include, exclude, maxFiles } = logSettings();
    if (!include || !vscode.workspace.workspaceFolders) {
      this.entries = new Map();
      return;
    }
    const uris = await vscode.workspace.findFiles(include, exclude, maxFiles);
    const next = new Map<string, RunEntry>();
    const folders = new Set<string>();
    for (const uri of uris) {
      const folder = await runFolderOf(uri, folders);
      if (folder === null) continue; // part of a run folder already listed
      const target = folder ?? uri;
      const format = folder ? 'run-folder' : await sniffUri(uri);
      if (!format) continue;
      const old = this.entries.get(target.toString());
      const size = folder ? 0 : await vscode.workspace.fs.stat(uri).then(st => st.size, () => 0);
      next.set(target.toString(), old && old.size === size && !folder ? old : { kind: 'run', uri: target, format, size });
    }
    this.entries = next;
    if (uris.length >= maxFiles) this.services.output.warn(`Training Runs: stopped at ${maxFiles} files (setting trainDoctor.logs.maxFiles)`);
  }

  private async summarise(entry: RunEntry): Promise<void> {
    if (entry.size > SUMMARY_MAX_BYTES) return; // listed with its size; its curves read it when opened
    // one read per entry, whether the background pass or an expansion asks first
    entry.reading ??= (async () => {
      // the same reader the curves use: shared with an open view, released right after
      const loaded = await this.services.runs.open(entry.uri);
      try {
        absorb(entry, loaded);
      } finally {
        loaded.release();
        delete entry.reading;
      }
      // the item's description (epochs) changed: VS Code asks for it again
      if (!this.disposed) this.changed.fire(entry);
    })();
    await entry.reading;
  }

  // Changed files are re-read a moment later, once per burst of writes.
  private watch(): void {
    const { include } = logSettings();
    if (!include) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(include);
    const touch = (uri: vscode.Uri): void => {
      const key = uri.toString();
      clearTimeout(this.pending.get(key));
      this.pending.set(key, setTimeout(() => {
        this.pending.delete(key);
        const entry = this.entries.get(key);
        if (!entry) {
          void this.rescan(); // a new file, or one that now sniffs as a log
          return;
        }
        void vscode.workspace.fs.stat(uri).then(s => {
          entry.size = s.size;
          delete entry.error;
          if (entry.size <= EAGER_SUMMARY_BYTES) {
            // keep the epochs in the description current while a small log grows (the old ones show meanwhile)
            void this.follow(entry);
          } else {
            delete entry.summary; // read again when expanded
            this.changed.fire(entry);
          }
        }, () => undefined);
      }, 1000));
    };
    this.watcher.onDidChange(touch, null, this.disposables);
    this.watcher.onDidCreate(touch, null, this.disposables);
    this.watcher.onDidDelete(u => {
      this.unfollow(u.toString());
      if (this.entries.delete(u.toString())) this.changed.fire(undefined);
    }, null, this.disposables);
    this.disposables.push(this.watcher);
  }

  /** Keeps a growing log's run open and its summary current as the run store tails it (see FOLLOW_QUIET_MS). */
  private async follow(entry: RunEntry): Promise<void> {
    const key = entry.uri.toString();
    const held = this.following.get(key);
    if (held) {
      // the open run reads the new bytes itself; it only needs longer to stay
      clearTimeout(held.quiet);
      held.quiet = setTimeout(() => this.unfollow(key), FOLLOW_QUIET_MS);
      return;
    }
    if (this.following.size >= FOLLOW_MAX) return this.summarise(entry);
    const loaded = await this.services.runs.open(entry.uri);
    if (this.disposed || this.following.has(key) || this.entries.get(key) !== entry) {
      loaded.release();
      return;
    }
    // a rescan may have replaced the entry: update the one listed now
    const update = (): void => {
      const current = this.entries.get(key);
      if (!current) return;
      absorb(current, loaded);
      this.changed.fire(current);
    };
    const sub = loaded.onDidChange(update);
    this.following.set(key, { loaded, sub, quiet: setTimeout(() => this.unfollow(key), FOLLOW_QUIET_MS) });
    update();
  }

  private unfollow(key: string): void {
    const held = this.following.get(key);
    if (!held) return;
    this.following.delete(key);
    clearTimeout(held.quiet);
    held.sub.dispose();
    held.loaded.release();
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.following.keys()]) this.unfollow(key);
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** An entry's summary (or why there is none) from its run as read; the whole read settles the format too. */
function absorb(entry: RunEntry, loaded: LoadedRun): void {
  if (loaded.run) {
    entry.summary = summariseRun(loaded.run);
    entry.format = loaded.run.format;
    delete entry.error;
  } else {
    delete entry.summary;
    entry.error = loaded.error ?? 'no run found';
  }
}

/** The include / exclude settings as globs VS Code takes (lists joined with braces). */
function logSettings(): { include: string; exclude: string | undefined; maxFiles: number } {
  const cfg = vscode.workspace.getConfiguration('trainDoctor.logs');
  const join = (globs: string[] | undefined): string => (globs && globs.length > 0 ? (globs.length === 1 ? globs[0]! : `{${globs.join(',')}}`) : '');
  return { include: join(cfg.get<string[]>('include')), exclude: join(cfg.get<string[]>('exclude')) || undefined, maxFiles: cfg.get<number>('maxFiles') ?? 2000 };
}

/**
 * TensorBoard event files and MLflow metric files belong to a run folder, listed once as a whole:
 * the folder's URI the first time, null for its other files, undefined for files that are runs by themselves.
 */
async function runFolderOf(uri: vscode.Uri, seen: Set<string>): Promise<vscode.Uri | null | undefined> {
  const parts = uri.path.split('/');
  const name = parts[parts.length - 1] ?? '';
  const candidates: vscode.Uri[] = [];
  if (name.startsWith('events.out.tfevents')) candidates.push(vscode.Uri.joinPath(uri, '..', '..'), vscode.Uri.joinPath(uri, '..'));
  const m = parts.lastIndexOf('metrics');
  if (m > 0 && parts.includes('mlruns')) candidates.push(uri.with({ path: parts.slice(0, m).join('/') }));
  for (const dir of candidates) {
    if (seen.has(dir.toString())) return null;
    const { fs, path: p } = fileSystemFor(dir);
    if (await detectRunFolder(fs, p)) {
      seen.add(dir.toString());
      return dir;
    }
  }
  return undefined;
}

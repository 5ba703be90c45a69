import type { Split } from '../run/model';
import { RunBuilder } from '../run/run-builder';
import { Column } from '../run/column';
import { joinPath, type LogFileSystem } from './file-system';
import { LineSplitter } from './line-splitter';
import type { ParseOutcome } from './log-session';
import { ChunkDecoder } from './text-decoder';
import { EventFileParser, type EventSeriesState } from './formats/tensorboard-events';
import { MlflowMetricParser } from './formats/mlflow-metric';
import { isExcludedFolder } from './discovery';

/** A folder that holds one run written as several files. */
export interface RunFolder {
  /** The folder, as given (a path or a URI string). */
  path: string;
  kind: 'tensorboard' | 'mlflow';
  /** The files the run is read from, relative to `path` (`train/events.out.tfevents…`, `metrics/loss`). */
  files: string[];
}

/** Sub-folders of a TensorBoard log dir that name a split (Keras writes `train/` and `validation/`). */
const SPLIT_FOLDERS: Record<string, Split> = {
  train: 'train', training: 'train',
  validation: 'val', val: 'val', valid: 'val', eval: 'val', evaluation: 'val',
  test: 'test', testing: 'test',
};

const EVENT_FILE = /^events\.out\.tfevents/;
const MAX_METRIC_FILES = 2000;

/**
 * What kind of run folder `dir` is, if any:
 * - a TensorBoard log dir: event files in it, or in split sub-folders (`train/`, `validation/`): one run
 *   whose series carry the split of their folder;
 * - an MLflow run (`mlruns/<experiment>/<run>/`): a `metrics/` folder of `timestamp value step` files (metric
 *   names with `/` are nested folders), beside `meta.yaml`, `params/` or `tags/`.
 */
export async function detectRunFolder(fs: LogFileSystem, dir: string): Promise<RunFolder | null> {
  let entries: [string, 'file' | 'directory'][];
  try {
    entries = await fs.readDirectory(dir);
  } catch {
    return null;
  }
  const names = new Map(entries);
  if (names.get('metrics') === 'directory' && (names.has('meta.yaml') || names.get('params') === 'directory' || names.get('tags') === 'directory')) {
    const files = await listFiles(fs, joinPath(dir, 'metrics'), 'metrics', MAX_METRIC_FILES, 8);
    return { path: dir, kind: 'mlflow', files: files.sort() };
  }
  const files = entries.filter(([n, t]) => t === 'file' && EVENT_FILE.test(n)).map(([n]) => n);
  for (const [n, t] of entries) {
    if (t !== 'directory' || !SPLIT_FOLDERS[n.toLowerCase()]) continue;
    try {
      for (const [f, ft] of await fs.readDirectory(joinPath(dir, n))) if (ft === 'file' && EVENT_FILE.test(f)) files.push(`${n}/${f}`);
    } catch {
      // unreadable sub-folder: the others still make the run
    }
  }
  return files.length > 0 ? { path: dir, kind: 'tensorboard', files: files.sort() } : null;
}

async function listFiles(fs: LogFileSystem, dir: string, rel: string, max: number, depth: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, r: string, left: number): Promise<void> => {
    for (const [n, t] of await fs.readDirectory(d)) {
      if (out.length >= max) return;
      if (t === 'file') out.push(`${r}/${n}`);
      else if (left > 0) await walk(joinPath(d, n), `${r}/${n}`, left - 1);
    }
  };
  await walk(dir, rel, depth);
  return out;
}

export interface ReadRunFolderOptions {
  /** Called after each chunk read: bytes so far and in all. */
  onProgress?(done: number, total: number): void;
  yieldToEventLoop?(): Promise<void>;
  chunkSize?: number;
}

/** Reads a run folder (or the folder at `path`, detected) into one run. Never throws: errors are outcomes. */
export async function readRunFolder(fs: LogFileSystem, folder: RunFolder | string, options: ReadRunFolderOptions = {}): Promise<ParseOutcome> {
  const rf = typeof folder === 'string' ? await detectRunFolder(fs, folder) : folder;
  const path = typeof folder === 'string' ? folder : folder.path;
  if (!rf) return { ok: false, error: `${path} is a folder with no TensorBoard event files and no MLflow metrics` };
  try {
    return rf.kind === 'tensorboard' ? await readTensorBoard(fs, rf, options) : await readMlflow(fs, rf, options);
  } catch (e) {
    return { ok: false, error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}` };
  }
}

async function readTensorBoard(fs: LogFileSystem, rf: RunFolder, options: ReadRunFolderOptions): Promise<ParseOutcome> {
  const out = new RunBuilder(rf.path, 'tensorboard-events');
  out.run.files = rf.files;
  const states = new Map<string, EventSeriesState>();
  const total = await totalSize(fs, rf);
  let done = 0;
  for (const rel of rf.files) {
    const slash = rel.indexOf('/');
    const folder = slash < 0 ? '' : rel.slice(0, slash);
    let state = states.get(folder);
    if (!state) {
      state = { series: new Map(), lastStep: new Map(), segment: -1 };
      states.set(folder, state);
    }
    const parser = new EventFileParser(out, { context: SPLIT_FOLDERS[folder.toLowerCase()] ?? null, shared: state });
    done = await readFile(fs, joinPath(rf.path, rel), bytes => parser.push(bytes), done, total, options);
    parser.end();
  }
  const run = out.result();
  if (run.series.length === 0) return { ok: false, error: `${rf.path}: no scalar summaries in its event files${run.warnings[0] ? ` (${run.warnings[0].message})` : ''}` };
  return { ok: true, run };
}

async function readMlflow(fs: LogFileSystem, rf: RunFolder, options: ReadRunFolderOptions): Promise<ParseOutcome> {
  const out = new RunBuilder(rf.path, 'mlflow-metric');
  out.run.files = rf.files;
  const total = await totalSize(fs, rf);
  let done = 0;
  let epochs: Map<number, number> | null = null;
  for (const rel of rf.files) {
    const name = rel.slice('metrics/'.length);
    if (name === 'epoch') {
      // not a curve: the epoch of each step, for the other metrics
      const sub = new RunBuilder(rf.path, 'mlflow-metric');
      done = await readLines(fs, joinPath(rf.path, rel), new MlflowMetricParser(sub, name), done, total, options);
      const s = sub.result().series[0];
      if (s) {
        epochs = new Map();
        for (let i = 0; i < s.xs.length; i++) epochs.set(s.xs.at(i), s.ys.at(i));
      }
      continue;
    }
    done = await readLines(fs, joinPath(rf.path, rel), new MlflowMetricParser(out, name), done, total, options);
  }
  const run = out.result();
  if (epochs) {
    for (const s of run.series) {
      const col = new Column(Math.max(16, s.xs.length));
      for (let i = 0; i < s.xs.length; i++) col.push(epochs.get(s.xs.at(i)) ?? NaN);
      s.epochAt = col;
    }
  }
  if (run.series.length === 0) return { ok: false, error: `${rf.path}: its metrics folder has no values` };
  return { ok: true, run };
}

async function totalSize(fs: LogFileSystem, rf: RunFolder): Promise<number> {
  let total = 0;
  for (const rel of rf.files) total += (await fs.stat(joinPath(rf.path, rel)))?.size ?? 0;
  return total;
}

async function readFile(fs: LogFileSystem, path: string, sink: (bytes: Uint8Array) => void, done: number, total: number, options: ReadRunFolderOptions): Promise<number> {
  const chunk = options.chunkSize ?? 1 << 20;
  for (let pos = 0; ; ) {
    const bytes = await fs.read(path, pos, chunk);
    if (bytes.length === 0) break;
    sink(bytes);
    pos += bytes.length;
    done += bytes.length;
    options.onProgress?.(done, total);
    if (bytes.length < chunk) break;
    if (options.yieldToEventLoop) await options.yieldToEventLoop();
  }
  return done;
}

async function readLines(fs: LogFileSystem, path: string, parser: MlflowMetricParser, done: number, total: number, options: ReadRunFolderOptions): Promise<number> {
  const decoder = new ChunkDecoder('utf8');
  const splitter = new LineSplitter({ line: (t, n) => parser.line(t, n), warn: () => undefined });
  done = await readFile(fs, path, bytes => splitter.write(decoder.write(bytes)), done, total, options);
  splitter.write(decoder.end());
  splitter.end();
  return done;
}

/**
 * Every run folder under `root` (itself included), breadth first, at most `maxFolders` folders looked at and
 * `maxDepth` levels down; folders that never hold runs (node_modules, .git, virtual envs) are not entered.
 */
export async function findRunFolders(fs: LogFileSystem, root: string, limits: { maxDepth?: number; maxFolders?: number } = {}): Promise<RunFolder[]> {
  const maxDepth = limits.maxDepth ?? 6;
  const maxFolders = limits.maxFolders ?? 2000;
  const found: RunFolder[] = [];
  let queue: [string, number][] = [[root, 0]];
  let looked = 0;
  while (queue.length > 0 && looked < maxFolders) {
    const next: [string, number][] = [];
    for (const [dir, depth] of queue) {
      if (looked++ >= maxFolders) break;
      const rf = await detectRunFolder(fs, dir);
      if (rf) {
        found.push(rf);
        if (rf.kind === 'mlflow') continue;
      }
      if (depth >= maxDepth) continue;
      let entries: [string, 'file' | 'directory'][];
      try {
        entries = await fs.readDirectory(dir);
      } catch {
        continue;
      }
      for (const [n, t] of entries) {
        if (t !== 'directory' || isExcludedFolder(n)) continue;
        // a TensorBoard run's split folders belong to it
        if (rf && SPLIT_FOLDERS[n.toLowerCase()]) continue;
        next.push([joinPath(dir, n), depth + 1]);
      }
    }
    queue = next;
  }
  return found;
}


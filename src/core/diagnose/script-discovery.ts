import type { ScriptFoundBy } from './symptom';

/**
 * Which training script produced a log: the pure ranking. The caller lists candidate `.py` files (the log's
 * folder, its parents, the workspace), tells what it knows about each (modification time, whether it has a
 * training loop) and passes the log's text (its head and tail are enough); this ranks them. Paths use `/`.
 *
 * Order of evidence: a path set by the user (setting); a script the log names (`python train.py ...`, a
 * traceback's `File "/x/train.py"`, an argparse Namespace); a script in the log's own folder, its parent, its
 * grandparent (run folders such as `runs/exp1/`); the most recent script with a training loop anywhere.
 */
export interface CandidateFile {
  path: string;
  mtimeMs?: number;
  /** From the lint layer's facts when known; files known to have no loop rank far down. */
  hasTrainingLoop?: boolean;
}

export interface ScriptCandidate {
  path: string;
  foundBy: ScriptFoundBy;
  score: number;
}

export interface DiscoveryInput {
  logPath: string;
  /** The log's text, or its first and last few KB. */
  logText: string;
  files: readonly CandidateFile[];
  /** A script path from the user's settings (absolute, or relative to the log's folder). */
  setting?: string | null;
}

/** Script names that usually hold the training loop. */
const TRAINING_NAME = /(^|[_-])(train|training|fit|finetune|fine_tune|main|run|trainer)([_-]|\.py$)/i;
/** Paths of library code that show up in tracebacks, never the user's script. */
const LIBRARY = /(site-packages|dist-packages|[/\\]lib[/\\]python\d|[/\\]torch[/\\]|<frozen|<string>|<stdin>)/;

/** `.py` paths written in a log: command lines, tracebacks, argparse dumps, config echoes. */
export function mentionedScripts(logText: string): string[] {
  const out = new Set<string>();
  const re = /(?:^|[\s'"=(,:[])((?:[A-Za-z]:)?[\w.~/\\-]*?[\w-]+\.py)(?![\w])/g;
  for (const m of logText.matchAll(re)) {
    const p = m[1]!.replace(/\\/g, '/');
    if (LIBRARY.test(p) || LIBRARY.test(m[1]!)) continue;
    out.add(p);
    if (out.size >= 50) break;
  }
  return [...out];
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function normalise(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '.' || (seg === '' && parts.length > 0)) continue;
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/') || '.';
}

function resolve(base: string, p: string): string {
  return normalise(p.startsWith('/') || /^[A-Za-z]:/.test(p) ? p : `${base}/${p}`);
}

/** How many folders up from the log's folder `file` lives (0 = same folder), or -1 when it is not an ancestor. */
function levelsUp(logDir: string, fileDir: string): number {
  let d = logDir;
  for (let level = 0; level < 8; level++) {
    if (d === fileDir) return level;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return -1;
}

/** How many trailing path segments two paths share (1 = the file name only). */
function sameTail(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/').filter(s => s !== '.' && s !== '');
  let n = 0;
  while (n < x.length && n < y.length && x[x.length - 1 - n] === y[y.length - 1 - n]) n++;
  return n;
}

/** How many leading folders a file's path shares with a folder. */
function sharedPrefix(file: string, dir: string): number {
  const x = dirname(file).split('/');
  const y = dir.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

export function rankScriptCandidates(input: DiscoveryInput): ScriptCandidate[] {
  const logDir = dirname(normalise(input.logPath));
  const files = input.files.map(f => ({ ...f, path: normalise(f.path) }));
  const byPath = new Map(files.map(f => [f.path, f]));
  const best = new Map<string, ScriptCandidate>();
  const offer = (path: string, foundBy: ScriptFoundBy, score: number) => {
    const f = byPath.get(path);
    if (f?.hasTrainingLoop === false) score -= 30;
    else if (f?.hasTrainingLoop === true) score += 10;
    const old = best.get(path);
    if (!old || score > old.score) best.set(path, { path, foundBy, score });
  };

  if (input.setting) offer(resolve(logDir, input.setting), 'setting', 200);

  const mentions = mentionedScripts(input.logText);
  for (const m of mentions) {
    const direct = resolve(logDir, m);
    if (byPath.has(direct)) {
      offer(direct, 'log-mention', 120);
      continue;
    }
    // A path written on another machine or relative to another folder: the more of its trailing folders
    // match, and the closer the file is to the log, the likelier it is the one.
    for (const f of files) {
      const same = sameTail(f.path, m);
      if (same === 0) continue;
      offer(f.path, 'log-mention', 95 + 5 * Math.min(same, 4) + Math.min(sharedPrefix(f.path, logDir), 5) - 8);
    }
  }

  const newest = Math.max(0, ...files.map(f => f.mtimeMs ?? 0));
  for (const f of files) {
    const up = levelsUp(logDir, dirname(f.path));
    const nameBonus = TRAINING_NAME.test(basename(f.path)) ? 5 : 0;
    if (up === 0) offer(f.path, 'same-folder', 60 + nameBonus);
    else if (up === 1) offer(f.path, 'parent-folder', 50 + nameBonus);
    else if (up === 2) offer(f.path, 'parent-folder', 40 + nameBonus);
    else if (f.hasTrainingLoop) {
      const recency = newest > 0 && f.mtimeMs ? (5 * f.mtimeMs) / newest : 0;
      offer(f.path, 'workspace', 20 + nameBonus + recency);
    }
  }
  return [...best.values()].filter(c => c.score > 0).sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
}

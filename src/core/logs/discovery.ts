import type { LogFormat } from './log-format';
import { CLEAR_CONFIDENCE, sniffBytes } from './formats';
import { looksBinary, detectEncoding } from './text-decoder';

/**
 * Where training logs live, by name: the default of the workspace scan's include setting. Every format's
 * usual file names, plus the generic extensions a script's output gets (`*.log`, `*.out`); content sniffing
 * (`looksLikeLog`) then keeps only the files that really are logs, so a broad pattern costs a 4 KiB read, not a
 * false curve.
 */
export const DEFAULT_LOG_GLOBS: readonly string[] = [
  '**/*.log',
  '**/*.out',
  '**/*.err',
  '**/*.log.json',
  '**/*.jsonl',
  '**/*.ndjson',
  '**/log.txt',
  '**/*train*.txt',
  '**/*log*.txt',
  '**/results.txt',
  '**/*.csv',
  '**/*.tsv',
  '**/trainer_state.json',
  '**/metrics.json',
  '**/scalars.json',
  '**/events.out.tfevents.*',
  '**/mlruns/*/*/metrics/*',
];

/**
 * Folders that never hold a user's training logs but can hold thousands of files: package and tool caches,
 * virtual environments, version control, and data folders (a dataset's CSVs are not logs).
 */
export const DEFAULT_EXCLUDE_GLOBS: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.hg/**',
  '**/.svn/**',
  '**/.venv/**',
  '**/venv/**',
  '**/.env/**',
  '**/env/**',
  '**/.conda/**',
  '**/site-packages/**',
  '**/__pycache__/**',
  '**/.tox/**',
  '**/.nox/**',
  '**/.mypy_cache/**',
  '**/.pytest_cache/**',
  '**/.ruff_cache/**',
  '**/.ipynb_checkpoints/**',
  '**/.cache/**',
  '**/data/**',
  '**/datasets/**',
  '**/dataset/**',
  '**/.vscode-test/**',
  '**/dist/**',
  '**/build/**',
];

/** Folder names the scan (and `findRunFolders`) does not enter: the folder part of DEFAULT_EXCLUDE_GLOBS. */
const EXCLUDED_FOLDERS = new Set(DEFAULT_EXCLUDE_GLOBS.map(g => g.slice(3, -3)));

export function isExcludedFolder(name: string): boolean {
  return EXCLUDED_FOLDERS.has(name);
}

/** Bounds of one workspace scan: files looked at, and bytes read from each and in all. */
export const SCAN_LIMITS = {
  maxFiles: 2000,
  headBytes: 4096,
  maxTotalBytes: 16 * 1024 * 1024,
} as const;

export interface LogVerdict {
  format: LogFormat;
}

/**
 * Whether a file is a training log, from its first bytes (SCAN_LIMITS.headBytes) and its name: the format
 * that claims it clearly, or null. Cheap enough for a workspace scan; a log whose first metric line comes after
 * a long preamble can be missed here and still opens fine (the parser reads up to 1 MiB to decide).
 */
export function looksLikeLog(head: Uint8Array, fileName: string): LogVerdict | null {
  if (head.length === 0) return null;
  const format = sniffBytes(head, fileName, CLEAR_CONFIDENCE);
  if (!format) return null;
  // a binary file only counts for a binary format
  if (!format.createByteParser && looksBinary(head, detectEncoding(head).encoding)) return null;
  return { format };
}

/** Console captures: the files whose first metric line may come after a long preamble (config dumps, tqdm). */
const CONSOLE_CAPTURE = /\.(log|txt|out|err)$/i;

/** Whether `looksLikeLogTail` may accept a file of this name (callers skip reading the tail otherwise). */
export function isConsoleCapture(fileName: string): boolean {
  return CONSOLE_CAPTURE.test(fileName);
}

/**
 * The second chance for a console capture whose head said nothing (a config or dataset dump, long tqdm
 * redraws before the first metric line): its last bytes, from their first whole line, where a training run's
 * latest metrics are. Not for tables and documents (.csv, .json, .md), whose head is their layout.
 */
export function looksLikeLogTail(tail: Uint8Array, fileName: string): LogVerdict | null {
  if (!isConsoleCapture(fileName)) return null;
  const nl = tail.indexOf(10);
  if (nl < 0) return null;
  return looksLikeLog(tail.subarray(nl + 1), fileName);
}

/**
 * A glob of DEFAULT_LOG_GLOBS / DEFAULT_EXCLUDE_GLOBS style (`**`, `*`, `?`, `{a,b}`) as a RegExp over
 * `/`-separated relative paths, for the CLI and tests (the editor hands the globs to VS Code).
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      re += `(?:${glob.slice(i + 1, close).split(',').map(escape).join('|')})`;
      i = close;
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** A relative path matches an include glob and no exclude glob. */
export function isCandidateLogPath(relPath: string, include: readonly string[] = DEFAULT_LOG_GLOBS, exclude: readonly string[] = DEFAULT_EXCLUDE_GLOBS): boolean {
  const p = relPath.replace(/\\/g, '/');
  return include.some(g => globToRegExp(g).test(p)) && !exclude.some(g => globToRegExp(g).test(p));
}

/** What a log reader needs to know about a file: enough to notice growth, truncation and replacement. */
export interface FileStat {
  type: 'file' | 'directory';
  size: number;
  /** Modification time in milliseconds. */
  mtime: number;
  /**
   * Identity of the file on disk (device and inode) when the file system has one: a different value at the
   * same path means the file was replaced (log rotation). VS Code's file system API has none; then the first
   * bytes of the file are compared instead.
   */
  id?: string;
}

/**
 * The few file operations the log engine uses, so the same pure code runs on node's fs (CLI, tests,
 * benchmarks) and on `vscode.workspace.fs` (the editor, remote workspaces included). Paths are opaque strings
 * joined with `joinPath`: file paths for node, URI strings for the editor.
 */
export interface LogFileSystem {
  /** null when nothing is there. */
  stat(path: string): Promise<FileStat | null>;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Names and kinds of a folder's entries. */
  readDirectory(path: string): Promise<[name: string, type: 'file' | 'directory'][]>;
}

/** `dir` + `/` + `name`, for file paths and URI strings alike. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`;
}

/** The last path segment. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

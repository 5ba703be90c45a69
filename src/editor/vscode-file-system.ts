import * as vscode from 'vscode';
import type { FileStat, LogFileSystem } from '../core/logs/file-system';
import { nodeFileSystem } from '../core/logs/node-file-system';

/**
 * The log engine's file access for a URI. `file:` URIs — local, and remote workspaces too, where the extension
 * host runs next to the files — use node's fs, which can read a byte range (a 1 KB append costs a 1 KB read).
 * Other schemes go through `vscode.workspace.fs`, which reads whole files only.
 */
export function fileSystemFor(uri: vscode.Uri): { fs: LogFileSystem; path: string } {
  if (uri.scheme === 'file') return { fs: nodeFileSystem, path: uri.fsPath };
  return { fs: workspaceFileSystem, path: uri.toString() };
}

const workspaceFileSystem: LogFileSystem = {
  async stat(path: string): Promise<FileStat | null> {
    try {
      const s = await vscode.workspace.fs.stat(vscode.Uri.parse(path));
      return { type: s.type & vscode.FileType.Directory ? 'directory' : 'file', size: s.size, mtime: s.mtime };
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return null;
      throw e;
    }
  },
  async read(path: string, offset: number, length: number): Promise<Uint8Array> {
    const all = await vscode.workspace.fs.readFile(vscode.Uri.parse(path));
    return all.subarray(offset, offset + length);
  },
  async readDirectory(path: string): Promise<[string, 'file' | 'directory'][]> {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(path));
    return entries.map(([name, type]) => [name, type & vscode.FileType.Directory ? 'directory' : 'file']);
  },
};

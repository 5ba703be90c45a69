import { open, readdir, stat } from 'node:fs/promises';
import type { FileStat, LogFileSystem } from './file-system';

/** LogFileSystem on node's fs: the CLI, the tests and the benchmarks. */
export const nodeFileSystem: LogFileSystem = {
  async stat(path: string): Promise<FileStat | null> {
    try {
      const s = await stat(path, { bigint: true });
      return { type: s.isDirectory() ? 'directory' : 'file', size: Number(s.size), mtime: Number(s.mtimeMs), id: `${s.dev}:${s.ino}` };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw e;
    }
  },
  async read(path: string, offset: number, length: number): Promise<Uint8Array> {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  },
  async readDirectory(path: string): Promise<[string, 'file' | 'directory'][]> {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter(e => e.isFile() || e.isDirectory()).map(e => [e.name, e.isDirectory() ? 'directory' : 'file']);
  },
};

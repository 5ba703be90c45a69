import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { LogSession, type ParseOutcome } from './log-session';
import type { LogFormat } from './log-format';

/** Reads in 1 MiB chunks (fewer system calls); LogSession decodes and splits them 64 KiB at a time. */
export const READ_CHUNK = 1 << 20;

/** Parses a log file from disk in one pass (CLI, tests, benchmarks). Never throws: I/O errors are outcomes. */
export function parseLogFile(file: string, format?: LogFormat | string): ParseOutcome {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  try {
    if (fstatSync(fd).isDirectory()) return { ok: false, error: `${file} is a folder, not a log file` };
    const session = new LogSession(file, path.basename(file), format);
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, READ_CHUNK, null);
      if (n === 0) break;
      session.push(buf.subarray(0, n));
    }
    session.end();
    return session.result();
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  } finally {
    closeSync(fd);
  }
}

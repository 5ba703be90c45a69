import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One number `npm run bench` reports, under a fixed key in bench/results.json. */
export interface Measure {
  /** Key in bench/results.json, fixed by the issue that asks for it. */
  key: string;
  unit: string;
  /** The goal, printed beside the value (e.g. ">= 0.5"). */
  goal?: string;
  run(ctx: BenchContext): Promise<number>;
}

export interface BenchContext {
  /** A scratch folder for generated inputs, kept between runs so large files are generated once. */
  scratch: string;
  log(message: string): void;
}

export function scratchDir(): string {
  const dir = path.join(os.tmpdir(), 'train-doctor-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Median of a few timings: the machines are shared and noisy. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** test/fixtures/logs, from the compiled test's folder (out/test/unit/logs). */
export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/logs');

export interface FixtureCase {
  /** Path relative to FIXTURES, `/`-separated. */
  rel: string;
  abs: string;
  /** The format the case must be read as: its top folder. */
  format: string;
  /** A run folder (TensorBoard log dir, MLflow run) rather than a file. */
  folder: boolean;
}

const RUN_FOLDER_FILES = /^events\.out\.tfevents\./;

/**
 * Every fixture: each file under a format's folder, except run-folder parts (which make one case: the folder)
 * and the TensorBoard generator's values.
 */
export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const format of readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, format);
    if (format.startsWith('_') || !statSync(dir).isDirectory()) continue;
    walk(dir, format, cases);
  }
  return cases;
}

function walk(dir: string, format: string, cases: FixtureCase[]): void {
  const entries = readdirSync(dir).sort();
  const isRunFolder = entries.some(e => RUN_FOLDER_FILES.test(e)) && format === 'tensorboard-events'
    || entries.some(e => e === 'train' || e === 'validation') && format === 'tensorboard-events'
    || entries.includes('meta.yaml');
  if (isRunFolder) {
    cases.push(mk(dir, format, true));
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, format, cases);
    else if (!e.endsWith('-values.json')) cases.push(mk(p, format, false));
  }
}

function mk(abs: string, format: string, folder: boolean): FixtureCase {
  return { rel: path.relative(FIXTURES, abs).split(path.sep).join('/'), abs, format, folder };
}

import path from 'node:path';
import { parseLogFile } from '../../../src/core/logs/read-log-file';
import { RunBuilder } from '../../../src/core/run/run-builder';
import type { Run } from '../../../src/core/run/model';
import type { LintFinding, Severity } from '../../../src/core/lint/finding';
import type { ScriptFacts, SourceRef } from '../../../src/core/lint/script-facts';
import { diagnose, type Diagnosis } from '../../../src/core/diagnose/diagnose';
import type { ScriptInput } from '../../../src/core/diagnose/symptom';

/** The repository root, from out/test/unit/diagnose (where the compiled tests run) or test/unit/diagnose. */
export const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../..' : '../../..');
export const RUNS = path.join(ROOT, 'test/fixtures/runs');

const cache = new Map<string, Run>();

/** Any log file of the repository (a trained run, a corpus copy in test/fixtures/logs, an example), parsed once. */
export function logRun(relPath: string): Run {
  const p = path.join(ROOT, relPath);
  let run = cache.get(p);
  if (!run) {
    const r = parseLogFile(p);
    if (!r.ok) throw new Error(r.error);
    run = r.run;
    cache.set(p, run);
  }
  return run;
}

/** A trained fixture run (test/fixtures/runs/<name>/<file>). */
export function fixtureRun(name: string, file = 'train.log'): Run {
  return logRun(path.relative(ROOT, path.join(RUNS, name, file)));
}

/**
 * A run written by hand for edge cases: series names as a log would write them ('train loss', 'val acc',
 * 'lr', 'test loss'), one value per epoch starting at `start`.
 */
export function runFrom(series: Record<string, number[]>, opts: { start?: number; x?: 'epoch' | 'step'; step?: number; stepsPerEpoch?: number; every?: Record<string, number> } = {}): Run {
  const b = new RunBuilder('synthetic.log', 'synthetic');
  let line = 1;
  const start = opts.start ?? 0;
  const step = opts.step ?? 1;
  const withEpoch = opts.stepsPerEpoch !== undefined;
  const n = Math.max(...Object.entries(series).map(([k, v]) => v.length * (opts.every?.[k] ?? 1)));
  const handles = Object.keys(series).map(name => [name, b.series(name, { x: opts.x ?? 'epoch', withEpoch })] as const);
  for (let i = 0; i < n; i++) {
    for (const [name, s] of handles) {
      // `every`: a series logged every k-th point (evaluation every k logging steps)
      const k = opts.every?.[name] ?? 1;
      if ((i + 1) % k !== 0) continue;
      const v = series[name]![(i + 1) / k - 1];
      const x = start + i * step;
      if (v !== undefined) b.add(s, x, v, line++, withEpoch ? x / opts.stepsPerEpoch! : NaN);
    }
  }
  return b.result();
}

export function diagnoseNames(d: Diagnosis): string[] {
  return d.findings.map(f => f.symptom).sort();
}

export function at(line: number, text: string): SourceRef {
  return { line, column: 1, text };
}

/** Script facts with everything unknown except what the test sets. */
export function facts(partial: Partial<ScriptFacts> = {}): ScriptFacts {
  return {
    hasTrainingLoop: true,
    numClasses: null,
    loss: null,
    finalActivation: null,
    optimizer: null,
    scheduler: null,
    dropout: [],
    batchSize: null,
    trainShuffle: null,
    normalization: null,
    epochs: null,
    evalMode: null,
    gradClipping: null,
    mixedPrecision: null,
    ...partial,
  };
}

/** A lint finding on a 1-based line. */
export function lint(rule: string, line: number, message = `${rule} here`, severity: Severity = 'warning'): LintFinding {
  return { rule, severity, message, range: { start: { line: line - 1, character: 4 }, end: { line: line - 1, character: 20 } }, related: [], fix: null };
}

export function script(source: string, f: Partial<ScriptFacts>, findings: LintFinding[] = [], p = 'train.py'): ScriptInput {
  return { path: p, source, facts: facts(f), findings, foundBy: 'argument' };
}

export function diagnoseFixture(name: string, s: ScriptInput | null = null): Diagnosis {
  return diagnose(fixtureRun(name), { script: s });
}

import assert from 'node:assert/strict';
import type { Run } from '../../../src/core/run/model';
import { diagnose, type Finding } from '../../../src/core/diagnose/diagnose';
import type { ScriptInput, Severity, SymptomId } from '../../../src/core/diagnose/symptom';
import { fixtureRun, logRun } from './helpers';

export interface Case {
  /** What the case is, shown as the test name. */
  name: string;
  run: () => Run;
  script?: ScriptInput;
  /** Expected evidence fields (a subset; numbers compared to 4 decimals). */
  evidence?: Record<string, unknown>;
  severity?: Severity;
  epochs?: [number, number] | null;
  steps?: [number, number] | null;
  /** Extra checks on the finding. */
  check?: (f: Finding) => void;
}

/** A case from a trained fixture run (test/fixtures/runs/<name>). */
export function fx(name: string, more: Omit<Case, 'name' | 'run'> = {}): Case {
  return { name: `fixture ${name}`, run: () => fixtureRun(name), ...more };
}

/** A real log from the corpus (copied to test/fixtures/logs/<format>/ by the log engine; see its SOURCES.md). */
export function corpus(file: string, more: Omit<Case, 'name' | 'run'> = {}): Case {
  return { name: `corpus ${file}`, run: () => logRun(`test/fixtures/logs/${file}`), ...more };
}

/** A hand-written run for a threshold or an edge case. */
export function syn(name: string, run: () => Run, more: Omit<Case, 'name' | 'run'> = {}): Case {
  return { name, run, ...more };
}

function near(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 5e-5 * Math.max(1, Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The table of real cases every symptom has: runs where it must fire (with the evidence it must report) and
 * runs where it must stay silent.
 */
export function symptomTable(id: SymptomId, cases: { fires: Case[]; silent: Case[] }): void {
  describe(`symptom ${id}`, () => {
    for (const c of cases.fires) {
      it(`fires: ${c.name}`, () => {
        const d = diagnose(c.run(), { script: c.script ?? null });
        const f = d.findings.find(x => x.symptom === id);
        assert.ok(f, `${id} did not fire; found ${d.findings.map(x => x.symptom).join(', ') || 'nothing'}`);
        for (const [k, v] of Object.entries(c.evidence ?? {})) assert.ok(near(f.evidence[k], v), `evidence.${k}: ${JSON.stringify(f.evidence[k])} ≠ ${JSON.stringify(v)}`);
        if (c.severity) assert.equal(f.severity, c.severity);
        if (c.epochs !== undefined) assert.deepEqual(f.epochs, c.epochs);
        if (c.steps !== undefined) assert.deepEqual(f.steps, c.steps);
        assert.doesNotMatch(`${f.title} ${f.explanation} ${f.advice.join(' ')}`, /\{\w+\}|undefined|NaN%/);
        c.check?.(f);
      });
    }
    for (const c of cases.silent) {
      it(`silent: ${c.name}`, () => {
        const d = diagnose(c.run(), { script: c.script ?? null });
        assert.ok(!d.findings.some(x => x.symptom === id), `${id} fired: ${d.findings.find(x => x.symptom === id)?.title}`);
      });
    }
  });
}

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import type { FindingId } from '../../../src/core/diagnose/symptom';
import { diagnoseFixture, fixtureRun, RUNS } from './helpers';

/**
 * Every run trained for the diagnosis (test/fixtures/runs/<case>: train.py, the log it printed, a README of what
 * the curves did) and exactly the findings it must produce without a script. The per-symptom tests look at the
 * evidence; this table guards against findings appearing or vanishing anywhere.
 */
const EXPECTED: Record<string, FindingId[]> = {
  'healthy-digits-mlp': ['healthy'],
  'healthy-binary-dropout': ['healthy'],
  'steplr-healthy': ['healthy', 'lr-schedule-effect'],
  'dropout-val-below-train': ['healthy', 'val-below-train'],
  'no-shuffle-sorted-labels': ['healthy'],
  'softmax-before-cross-entropy': ['double-activation-floor'],
  'relu-on-logits': ['learning-reversed'],
  'relu-on-logits-plateau': ['plateau'],
  'missing-zero-grad': ['both-rising'],
  'missing-zero-grad-train-only': ['loss-diverging'],
  'lr-too-high-unscaled': ['val-accuracy-at-chance'],
  'lr-too-high-oscillating': ['oscillating'],
  'lr-too-high-nan': ['nan-loss'],
  'lr-too-high-collapse': ['collapse-to-chance', 'val-accuracy-at-chance'],
  'scheduler-stepped-per-batch': ['lr-collapsed'],
  'raw-pixels-sigmoid-bce': ['loss-clamped', 'val-accuracy-at-chance'],
  'tiny-dataset-overfitting': ['generalization-gap', 'overfitting'],
  'hf-style-overfitting': ['overfitting'],
  'noisy-train-labels': ['train-stalled-val-improving'],
  'no-eval-small-val': ['noisy-validation', 'val-below-train'],
  'deep-sigmoid-stuck-at-chance': ['loss-at-chance', 'val-accuracy-at-chance'],
  'slow-start-deep-sigmoid': ['slow-start'],
};

/** Runs whose training went well: no error or warning may come out of their curves. */
const CLEAN = ['healthy-digits-mlp', 'healthy-binary-dropout', 'steplr-healthy', 'dropout-val-below-train', 'no-shuffle-sorted-labels'];

describe('diagnosis of the trained fixture runs', () => {
  const cases = readdirSync(RUNS).filter(d => existsSync(path.join(RUNS, d, 'train.py')));

  it('every fixture folder has a script, a log, a README and an expectation here', () => {
    for (const c of cases) {
      for (const f of ['train.py', 'train.log', 'README.md']) assert.ok(existsSync(path.join(RUNS, c, f)), `${c}/${f} missing`);
      assert.ok(c in EXPECTED, `no expectation for ${c}`);
    }
    assert.deepEqual(Object.keys(EXPECTED).filter(c => !cases.includes(c)), []);
  });

  for (const [name, ids] of Object.entries(EXPECTED)) {
    it(`${name}: ${ids.join(', ')}`, () => {
      const d = diagnoseFixture(name);
      assert.deepEqual(d.findings.map(f => f.symptom).sort(), [...ids].sort());
    });
  }

  for (const name of CLEAN) {
    it(`${name} is clean: no error or warning`, () => {
      const bad = diagnoseFixture(name).findings.filter(f => f.severity !== 'info');
      assert.deepEqual(bad.map(f => f.symptom), []);
    });
  }

  it('each README says what the run did, with its numbers', () => {
    for (const c of cases) {
      const text = readFileSync(path.join(RUNS, c, 'README.md'), 'utf8');
      assert.match(text, /\d\.\d{3}/, `${c}/README.md has no numbers`);
    }
  });

  it('findings point at real log lines of their run', () => {
    for (const name of Object.keys(EXPECTED)) {
      const run = fixtureRun(name);
      const lines = readFileSync(path.join(RUNS, name, 'train.log'), 'utf8').split('\n').length;
      for (const f of diagnose(run).findings) {
        assert.ok(f.logLines && f.logLines[0] >= 1 && f.logLines[0] <= f.logLines[1] && f.logLines[1] <= lines, `${name} ${f.symptom} ${f.logLines}`);
      }
    }
  });
});

describe('what cannot be judged is said, not guessed', () => {
  it('a training-only log lists the symptoms that need validation as skipped, with the reason', () => {
    const d = diagnoseFixture('missing-zero-grad-train-only');
    const skipped = Object.fromEntries(d.skipped.map(s => [s.symptom, s.reason]));
    for (const id of ['both-rising', 'overfitting', 'val-below-train', 'train-stalled-val-improving', 'noisy-validation']) {
      assert.equal(skipped[id], 'the log has no validation (or test) loss', id);
    }
    assert.equal(skipped['lr-collapsed'], 'the log has no learning-rate values');
    assert.ok(!('loss-diverging' in skipped));
  });

  it('two epochs are too few: trend symptoms say so, and nothing is called healthy', () => {
    const run = fixtureRun('healthy-digits-mlp');
    const short = { ...run, series: run.series.map(s => ({ ...s, xs: cut(s.xs, 2), ys: cut(s.ys, 2), lines: cut(s.lines, 2) })) };
    const d = diagnose(short);
    assert.deepEqual(d.findings, []);
    const reasons = Object.fromEntries(d.skipped.map(s => [s.symptom, s.reason]));
    assert.equal(reasons['overfitting'], 'only 2 epochs of paired training and validation losses; at least 5 are needed to judge');
    assert.equal(reasons['healthy'], 'only 2 epochs of train Loss; at least 4 are needed to judge');
  });
});

function cut<T extends { toArray(): number[] }>(c: T, n: number): T {
  const out = c.constructor as unknown as { from(v: number[]): T };
  return out.from(c.toArray().slice(0, n));
}

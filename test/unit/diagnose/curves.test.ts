import assert from 'node:assert/strict';
import { align, MAX_POINTS, segmentCurves } from '../../../src/core/diagnose/curves';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { runFrom } from './helpers';

describe('curves the symptoms read', () => {
  it('YOLO-style runs without a total loss are read through the sum of their parts', () => {
    const run = runFrom({
      'train/box_loss': [1.0, 0.8, 0.6, 0.5], 'train/cls_loss': [2.0, 1.5, 1.0, 0.8], 'train/dfl_loss': [1.2, 1.1, 1.0, 1.0],
      'val/box_loss': [0.9, 0.8, 0.7, 0.6], 'val/cls_loss': [1.8, 1.4, 1.2, 1.0], 'val/dfl_loss': [1.1, 1.1, 1.0, 1.0],
    });
    const c = segmentCurves(run, 0, 'val');
    assert.equal(c.trainLoss!.name, 'train/box_loss + train/cls_loss + train/dfl_loss');
    assert.deepEqual(c.trainLoss!.ys.map(v => Math.round(v * 100) / 100), [4.2, 3.4, 2.6, 2.3]);
    assert.deepEqual(c.valLoss!.ys.map(v => Math.round(v * 100) / 100), [3.8, 3.3, 2.9, 2.6]);
  });

  it('a long per-step curve is averaged into bins that keep the first and last line of the run', () => {
    const loss = Array.from({ length: 1000 }, (_, i) => 2 * Math.exp(-i / 300) + 0.1 * Math.sin(i));
    const run = runFrom({ loss }, { x: 'step', step: 10, start: 10 });
    const c = segmentCurves(run, 0, null).trainLoss!;
    assert.equal(c.xs.length, MAX_POINTS);
    assert.equal(c.firstLines[0], 1);
    assert.equal(c.lines[c.lines.length - 1], 1000);
    assert.equal(c.xs[c.xs.length - 1], 10000);
  });

  it('per-step training losses pair with per-epoch validation through the epoch of each step', () => {
    const run = runFrom({ loss: [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], eval_loss: [0.85, 0.65, 0.45, 0.35] }, { x: 'step', step: 50, start: 50, stepsPerEpoch: 100, every: { eval_loss: 2 } });
    const c = segmentCurves(run, 0, 'val');
    const p = align(c.trainLoss!, c.valLoss!);
    assert.deepEqual(p.xs, [100, 200, 300, 400]);
    assert.deepEqual(p.train.map(v => Math.round(v * 100) / 100), [0.95, 0.75, 0.55, 0.35]);
  });

  it('percent accuracies become fractions; the report shows them in percent again', () => {
    const run = runFrom({ 'train loss': [2, 1.2, 0.8, 0.5, 0.3, 0.2], 'train acc': [40, 70, 85, 95, 99, 100], 'val acc': [38, 62, 72, 78, 80, 81] });
    assert.deepEqual(segmentCurves(run, 0, 'val').valAcc!.ys.slice(-1), [0.81]);
    const gap = diagnose(run).findings.find(f => f.symptom === 'generalization-gap')!;
    assert.match(gap.title, /train acc 99% vs val acc 80%/);
  });
});

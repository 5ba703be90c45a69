import assert from 'node:assert/strict';
import { parseLogBytes } from '../../../src/core/logs/log-session';
import { betterDirection, formatValue, summariseRun } from '../../../src/core/run/run-summary';

describe('run summary', () => {
  it('knows which way is better', () => {
    const cases: [string, 'lower' | 'higher' | null][] = [
      ['loss', 'lower'], ['box_loss', 'lower'], ['loss_cls', 'lower'], ['ppl', 'lower'], ['wer', 'lower'],
      ['accuracy', 'higher'], ['accuracy_top5', 'higher'], ['metrics/map50(b)', 'higher'], ['f1', 'higher'],
      ['lr', null], ['grad_norm', null], ['epoch_time', null],
    ];
    for (const [m, d] of cases) assert.equal(betterDirection(m), d, m);
  });

  it('formats values compactly and spells out non-finite ones', () => {
    assert.equal(formatValue(0.693147), '0.6931');
    assert.equal(formatValue(87.33654), '87.34');
    assert.equal(formatValue(1e-5), '1.00e-5');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(-Infinity), '-Inf');
  });

  it('gives last and best values of the last segment, losses first, and counts NaN', () => {
    const text = 'Epoch 0/2\ntrain Loss: 0.9 Acc: 0.5\nval Loss: 0.8 Acc: 0.6\nEpoch 1/2\ntrain Loss: nan Acc: 0.7\nval Loss: 0.7 Acc: 0.65\nEpoch 2/2\ntrain Loss: 0.5 Acc: 0.8\nval Loss: 0.75 Acc: 0.7\n';
    const r = parseLogBytes(Buffer.from(text), 'x.log', 'x.log');
    assert.ok(r.ok);
    const s = summariseRun(r.run);
    assert.equal(s.epochs, 3);
    assert.equal(s.valSplit, 'val');
    assert.deepEqual(s.series.map(x => `${x.split} ${x.metric}`), ['train loss', 'val loss', 'train accuracy', 'val accuracy']);
    const trainLoss = s.series[0]!;
    assert.equal(trainLoss.nonFinite, 1);
    assert.equal(trainLoss.best, 0.5);
    const valLoss = s.series[1]!;
    assert.deepEqual([valLoss.last, valLoss.best, valLoss.bestX], [0.75, 0.7, 1]);
    assert.deepEqual([s.series[3]!.best, s.series[3]!.bestX], [0.7, 2]);
  });
});

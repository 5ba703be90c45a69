import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultAxis, seriesAxes, wallClock, axisValues } from '../../../src/core/chart/axes';
import { initMessage, queryFor } from '../../../src/core/chart/host-messages';
import { appendSlice, dataSlice, indexRange, seriesSlice, type ChartRun } from '../../../src/core/chart/series-slice';
import { parseLogFile } from '../../../src/core/logs/read-log-file';
import { Column } from '../../../src/core/run/column';
import { newSeries, type Run } from '../../../src/core/run/model';
import { parseHostToView } from '../../../src/shared/protocol';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/logs/pytorch-tutorial');

function load(name: string): Run {
  const r = parseLogFile(path.join(fixtures, name));
  if (!r.ok) throw new Error(r.error);
  return r.run;
}

function chartRun(run: Run, id = 'r'): ChartRun {
  return { id, label: id, path: id, run, error: null, live: false };
}

describe('series slices (what the host sends the webview)', () => {
  it('sends every point of a small real run, NaN as markers at their epoch, and the best val loss', () => {
    const run = load('digits-mlp-naive-logsoftmax-nan.log');
    const data = dataSlice([chartRun(run)], { axis: 'epoch', range: null, budget: 2000 });
    const val = data.series.find(s => s.key === 'r:2')!;
    assert.equal(run.series[2]!.name, 'val Loss');
    assert.equal(val.reduced, false);
    assert.deepEqual(val.xs, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(val.events.map(e => [e.x, e.kind, e.line]).slice(0, 2), [[6, 'NaN', 40], [7, 'NaN', 46]]);
    assert.equal(val.events.length, 24);
    assert.deepEqual(val.best, { x: 0, y: 0.4983, line: 4, goal: 'min' });
    const valAcc = data.series.find(s => s.key === 'r:3')!;
    assert.equal(valAcc.best?.goal, 'max');
    assert.equal(valAcc.best?.y, 0.8311);
    assert.equal(data.series.find(s => s.key === 'r:0')!.best, undefined, 'no best mark on train series');
  });

  it('validates as a protocol message (it is what the webview receives)', () => {
    const run = load('icelandman2-helping-hands-resnet18extended-numbers.md');
    const msg = JSON.parse(JSON.stringify(initMessage([chartRun(run)], null)));
    const parsed = parseHostToView(msg);
    assert.equal(parsed.type, 'init');
  });

  it('reduces a long step series and cuts a zoomed range with its smoothing prefix', () => {
    const n = 300_000;
    const s = newSeries({ metric: 'loss', split: 'train', name: 'loss', segment: 0, x: 'step' });
    for (let i = 0; i < n; i++) {
      s.xs.push(i * 10);
      s.ys.push(1 / (1 + i / 1000) + (i === 123_457 ? 50 : 0));
      s.lines.push(i + 1);
    }
    const run: Run = { file: 'x', format: 'test', series: [s], warnings: [], segments: 1 };
    const full = seriesSlice(run, s, 'k', { axis: 'step', range: null, budget: 2000 })!;
    assert.equal(full.reduced, true);
    assert.equal(full.total, n);
    assert.ok(full.xs.length <= 2002);
    assert.ok(full.xs.includes(1_234_570), 'the spike is drawn');
    assert.equal(full.unit, 10);
    const zoom = seriesSlice(run, s, 'k', { axis: 'step', range: [1_000_000, 1_001_000], budget: 2000 })!;
    assert.equal(zoom.reduced, false, 'a zoomed range of 100 points is sent exactly');
    assert.equal(zoom.xs[0], 999_990);
    assert.equal(zoom.xs[zoom.xs.length - 1], 1_001_010);
    assert.equal(zoom.lines[1], 100_001);
    assert.ok(zoom.mx && zoom.mx.length > zoom.xs.length && zoom.mx[0] === 0, 'smoothing input starts at the run start');
  });

  it('cuts index ranges with one point beyond each end', () => {
    assert.deepEqual(indexRange([0, 1, 2, 3, 4, 5], [2, 3]), [1, 5]);
    assert.deepEqual(indexRange([0, 1, 2, 3], [10, 20]), [3, 4]);
    assert.deepEqual(indexRange([5, 6], [0, 1]), [0, 0]);
  });

  it('sends appended points raw, non-finite values as strings', () => {
    const run = load('digits-mlp-naive-logsoftmax-nan.log');
    const a = appendSlice(run, run.series[0]!, 'r:0', 28, 'epoch')!;
    assert.deepEqual(a, { key: 'r:0', xs: [28, 29], ys: ['NaN', 'NaN'], lines: [171, 177], total: 30 });
  });

  it('picks the x axis: epochs for epoch logs, steps when the losses are per step, the saved axis when it exists', () => {
    const epochRun = load('digits-mlp-sgd.log');
    assert.equal(defaultAxis([epochRun]), 'epoch');
    const s = newSeries({ metric: 'loss', split: 'train', name: 'loss', segment: 0, x: 'step' });
    s.epochAt = new Column();
    s.wallTime = new Column();
    for (let i = 0; i < 10; i++) {
      s.xs.push(i);
      s.ys.push(1);
      s.lines.push(i + 1);
      s.epochAt.push(Math.floor(i / 5));
      s.wallTime.push(1_700_000_000 + i * 120);
    }
    const stepRun: Run = { file: 'x', format: 'test', series: [s], warnings: [], segments: 1 };
    assert.deepEqual(seriesAxes(s), ['epoch', 'step', 'wall']);
    assert.equal(defaultAxis([stepRun]), 'step');
    const clock = wallClock(stepRun)!;
    assert.deepEqual(clock, { origin: 1_700_000_000, unit: 'min' });
    assert.deepEqual([...axisValues(s, 'wall', clock)!].slice(0, 3), [0, 2, 4]);
    const runs = [chartRun(stepRun)];
    assert.equal(queryFor(runs, { axis: 'wall', smoothing: 0, panels: null, scales: {}, ignoreOutliers: false, hidden: [], zoom: [2, 4] }).axis, 'wall');
    assert.deepEqual(queryFor(runs, { axis: 'wall', smoothing: 0, panels: null, scales: {}, ignoreOutliers: false, hidden: [], zoom: [2, 4] }).range, [2, 4]);
    assert.equal(queryFor([chartRun(epochRun)], { axis: 'wall', smoothing: 0, panels: null, scales: {}, ignoreOutliers: false, hidden: [], zoom: [2, 4] }).axis, 'epoch', 'an axis the runs lack falls back');
  });
});

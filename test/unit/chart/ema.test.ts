import assert from 'node:assert/strict';
import { EmaSmoother, clampWeight, emaSmooth, typicalGap } from '../../../src/core/chart/ema';
import { reduceSeries } from '../../../src/core/chart/downsample';

/**
 * TensorBoard's smoothing, transcribed from tensorboard/webapp/widgets/line_chart_v2/lib/.. (and the older
 * vz_line_chart2/line-chart.ts `resmoothDataset`): one decay per point, debiased by 1 - w^n over the finite
 * points seen; non-finite values pass through; a constant series is left alone (tensorboard#786).
 */
function tensorboardEma(ys: readonly number[], w: number): number[] {
  let last = ys.length > 0 ? 0 : NaN;
  let numAccum = 0;
  const isConstant = ys.every(v => v === ys[0]);
  return ys.map(next => {
    if (isConstant || !Number.isFinite(next)) return next;
    last = last * w + (1 - w) * next;
    numAccum++;
    const debias = w === 1 ? 1 : 1 - Math.pow(w, numAccum);
    return last / debias;
  });
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) && Number.isNaN(b[i]!)) continue;
    assert.ok(Math.abs(a[i]! - b[i]!) <= tol * Math.max(1, Math.abs(b[i]!)), `at ${i}: ${a[i]} vs ${b[i]}`);
  }
}

const LOSS = [2.3, 1.9, 1.7, 1.65, 1.2, 1.31, 0.98, 1.05, 0.87, 0.9, 0.71, 0.74, 0.66, 0.69, 0.6];

describe('EMA smoothing (TensorBoard\'s debiased EMA, on uneven steps too)', () => {
  for (const w of [0, 0.3, 0.6, 0.9, 0.999]) {
    it(`equals TensorBoard's on evenly spaced steps (weight ${w})`, () => {
      const xs = LOSS.map((_, i) => 100 + 50 * i);
      close(emaSmooth(xs, LOSS, w, typicalGap(xs)), tensorboardEma(LOSS, w));
    });
  }

  it('equals TensorBoard\'s on the even grid when steps are uneven (each value held over its gap)', () => {
    // logged every step, then every 4 steps, then every 2 (as when a logging interval changes mid-run)
    const xs = [0, 1, 2, 3, 4, 8, 12, 16, 20, 22, 24, 26];
    const ys = [2.0, 1.8, 1.7, 1.5, 1.4, 1.1, 1.0, 0.95, 0.8, 0.82, 0.78, 0.75];
    const grid: number[] = [];
    const onGrid: number[] = []; // index in `grid` of each logged point
    for (let i = 0; i < xs.length; i++) {
      const from = i === 0 ? xs[0]! : xs[i - 1]! + 1;
      for (let x = from; x <= xs[i]!; x++) grid.push(ys[i]!);
      onGrid.push(grid.length - 1);
    }
    for (const w of [0.5, 0.8, 0.95]) {
      const ref = tensorboardEma(grid, w);
      close(emaSmooth(xs, ys, w, 1), onGrid.map(g => ref[g]!));
    }
  });

  it('does not depend on the unit of x (epochs, steps or seconds)', () => {
    const xs = [0, 1, 3, 4, 9, 10, 11];
    const ys = [5, 4, 3.5, 3, 2, 2.2, 1.9];
    const a = emaSmooth(xs, ys, 0.7, typicalGap(xs));
    const scaled = xs.map(x => x * 3600);
    close(emaSmooth(scaled, ys, 0.7, typicalGap(scaled)), a);
  });

  it('passes NaN and Infinity through; the finite values are smoothed as if those points were absent', () => {
    const ys = [1, 2, NaN, 3, Infinity, 4];
    const xs = ys.map((_, i) => i);
    const out = emaSmooth(xs, ys, 0.5, 1);
    assert.ok(Number.isNaN(out[2]!));
    assert.equal(out[4], Infinity);
    close([out[0]!, out[1]!, out[3]!, out[5]!], emaSmooth([0, 1, 3, 5], [1, 2, 3, 4], 0.5, 1));
  });

  it('keeps a constant series constant and starts at the first value (debiased)', () => {
    close(emaSmooth([0, 1, 2], [3, 3, 3], 0.9, 1), [3, 3, 3]);
    assert.equal(emaSmooth([0, 1], [7, 1], 0.99, 1)[0], 7);
  });

  it('continues point by point where a finished pass stood (live appends)', () => {
    const xs = LOSS.map((_, i) => i);
    const all = emaSmooth(xs, LOSS, 0.8, 1);
    const s = new EmaSmoother(0.8, 1);
    const streamed = LOSS.map((y, i) => s.next(xs[i]!, y));
    close(streamed, all, 0);
  });

  it('on bucket means of a reduced series, follows the EMA of the raw series', () => {
    const n = 200_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    let seed = 5;
    const ys = Float64Array.from({ length: n }, (_, i) => 2 * Math.exp(-i / 40_000) + 0.4 * (((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5));
    const w = 0.999;
    const raw = emaSmooth(xs, ys, w, 1);
    const r = reduceSeries(xs, ys, 0, n, 2000);
    const reduced = emaSmooth(r.meanX, r.meanY, w, typicalGap(xs));
    // compare at the buckets' x: within 1% of the curve's range
    let worst = 0;
    for (let k = 10; k < r.meanX.length; k++) worst = Math.max(worst, Math.abs(reduced[k]! - raw[r.meanX[k]!]!));
    assert.ok(worst < 0.02, `worst deviation ${worst}`);
  });

  it('clamps the slider weight to TensorBoard\'s 0..0.999', () => {
    assert.equal(clampWeight(1), 0.999);
    assert.equal(clampWeight(-1), 0);
    assert.equal(clampWeight(NaN), 0);
  });

  it('measures the typical gap as the median positive gap', () => {
    assert.equal(typicalGap([0, 10, 20, 30, 1000, 1010]), 10);
    assert.equal(typicalGap([5]), 1);
    assert.equal(typicalGap([3, 3, 3]), 1);
  });
});

import assert from 'node:assert/strict';
import { reduceSeries } from '../../../src/core/chart/downsample';

/** A deterministic noisy curve (a decaying loss with noise) and a few spikes at known places. */
function noisyLoss(n: number, seed = 1): { xs: Float64Array; ys: Float64Array; spikes: number[] } {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i;
    ys[i] = 2 * Math.exp(-i / (n / 5)) + 0.3 + 0.05 * (rand() - 0.5);
  }
  const spikes = [Math.floor(n * 0.13), Math.floor(n * 0.5) + 7, Math.floor(n * 0.77) - 3, n - 2];
  for (const [k, i] of spikes.entries()) ys[i] = k % 2 === 0 ? 9 + k : -4 - k; // up and down spikes
  return { xs, ys, spikes };
}

describe('reduceSeries (LTTB plus each bucket\'s extremes)', () => {
  it('keeps every point of a short series, unreduced', () => {
    const r = reduceSeries([0, 1, 2, 3], [4, 3, 2, 1], 0, 4, 2000);
    assert.equal(r.reduced, false);
    assert.deepEqual([...r.keep], [0, 1, 2, 3]);
    assert.deepEqual([...r.meanY], [4, 3, 2, 1]);
  });

  it('keeps every spike of 10^6 points reduced to about 2,000', () => {
    const { xs, ys, spikes } = noisyLoss(1_000_000);
    const r = reduceSeries(xs, ys, 0, xs.length, 2000);
    assert.equal(r.reduced, true);
    assert.ok(r.keep.length <= 2002, `kept ${r.keep.length}`);
    assert.ok(r.keep.length >= 1000, `kept ${r.keep.length}`);
    const kept = new Set(r.keep);
    for (const i of spikes) assert.ok(kept.has(i), `spike at ${i} was dropped`);
    // the global extremes survive, and so do the first and the last point
    let min = 0;
    let max = 0;
    for (let i = 1; i < ys.length; i++) {
      if (ys[i]! < ys[min]!) min = i;
      if (ys[i]! > ys[max]!) max = i;
    }
    assert.ok(kept.has(min) && kept.has(max) && kept.has(0) && kept.has(xs.length - 1));
  });

  it('keeps the min and max of every bucket, so the drawn envelope is the raw envelope', () => {
    const { xs, ys } = noisyLoss(50_000, 7);
    const r = reduceSeries(xs, ys, 0, xs.length, 600);
    const keep = [...r.keep];
    assert.deepEqual(keep, [...keep].sort((a, b) => a - b), 'kept indices ascend');
    assert.equal(new Set(keep).size, keep.length, 'no index twice');
    // any window spanning whole buckets has the same min and max in the kept points as in the raw points
    const per = (xs.length - 2) / Math.floor(600 / 3);
    for (let b = 0; b + 5 < 200; b += 5) {
      const s = 1 + Math.floor(b * per);
      const e = 1 + Math.floor((b + 5) * per);
      let rawMin = Infinity;
      let rawMax = -Infinity;
      for (let i = s; i < e; i++) {
        rawMin = Math.min(rawMin, ys[i]!);
        rawMax = Math.max(rawMax, ys[i]!);
      }
      const inWindow = keep.filter(i => i >= s && i < e).map(i => ys[i]!);
      assert.equal(Math.min(...inWindow), rawMin);
      assert.equal(Math.max(...inWindow), rawMax);
    }
  });

  it('returns non-finite values as events at their index, one per kind per bucket, with counts', () => {
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 100));
    ys[10] = NaN;
    ys[50_000] = Infinity;
    for (let i = 90_000; i < n; i++) ys[i] = NaN; // a run that diverged for good
    const r = reduceSeries(xs, ys, 0, n, 1500);
    assert.ok(r.events.some(e => e.index === 10 && e.kind === 'NaN' && e.count === 1));
    assert.ok(r.events.some(e => e.index === 50_000 && e.kind === 'Infinity'));
    assert.equal(r.events.filter(e => e.kind === 'NaN').reduce((a, e) => a + e.count, 0), 1 + 10_000);
    assert.ok(r.events.length < 1 + 1 + 500, 'the diverged tail is collapsed per bucket');
    for (const i of r.keep) assert.ok(Number.isFinite(ys[i]!), 'no non-finite value is drawn');
    assert.equal(r.total, n);
  });

  it('gives bucket means whose count-weighted mean is the raw mean', () => {
    const { xs, ys } = noisyLoss(30_000, 3);
    const r = reduceSeries(xs, ys, 0, xs.length, 900);
    // buckets are equal in size except the two single end points, so the plain mean is within rounding
    const raw = ys.reduce((a, v) => a + v, 0) / ys.length;
    const means = r.meanY.reduce((a, v) => a + v, 0) / r.meanY.length;
    assert.ok(Math.abs(raw - means) < 0.01, `${raw} vs ${means}`);
    assert.equal(r.meanX[r.meanX.length - 1], xs[xs.length - 1]);
  });

  it('reduces a range only, and skips points whose x is not a number', () => {
    const xs = [0, 1, NaN, 3, 4, 5, 6];
    const ys = [1, 2, 3, 4, 5, 6, 7];
    const r = reduceSeries(xs, ys, 1, 5, 2000);
    assert.deepEqual([...r.keep], [1, 3, 4]);
    assert.equal(r.total, 3);
  });
});

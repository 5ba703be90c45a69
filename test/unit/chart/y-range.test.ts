import assert from 'node:assert/strict';
import { clipSide, quantileSorted, yRange } from '../../../src/core/chart/y-range';

describe('y range (outliers only when asked, true log scale)', () => {
  const loss = [9.5, 2.2, 1.4, 1.1, 0.95, 0.9, 0.86, 0.8, 0.82, 0.79, 0.75, 0.74, 0.73, 0.7, 0.71, 0.69, 0.68, 0.66, 0.67, 0.65];

  it('holds every value by default', () => {
    const r = yRange({ values: loss, scale: 'linear', ignoreOutliers: false });
    assert.ok(r.domain && r.domain[0] <= 0.65 && r.domain[1] >= 9.5);
    assert.equal(r.clips, false);
    for (const v of loss) assert.equal(clipSide(v, r.domain, 'linear'), 0);
  });

  it('ignores the first-epoch spike when asked, and says which values it clips', () => {
    const r = yRange({ values: loss, scale: 'linear', ignoreOutliers: true });
    assert.ok(r.domain);
    assert.ok(r.domain[1] < 9.5 && r.domain[1] > 1.4, `domain ${r.domain}`);
    assert.equal(r.clips, true);
    assert.equal(clipSide(9.5, r.domain, 'linear'), 1);
    assert.equal(loss.filter(v => clipSide(v, r.domain!, 'linear') !== 0).length, 1, 'only the spike is off the chart');
  });

  it('never widens the range beyond the data, and pads a flat series', () => {
    const r = yRange({ values: [5, 5, 5, 5, 5], scale: 'linear', ignoreOutliers: true });
    assert.ok(r.domain && r.domain[0] < 5 && r.domain[1] > 5);
    const pos = yRange({ values: [0.01, 0.5], scale: 'linear', ignoreOutliers: false });
    assert.ok(pos.domain && pos.domain[0] >= 0, 'positive values keep a non-negative axis');
  });

  it('computes a log range in log space and reports values <= 0 as clipped below', () => {
    const lr = [1e-7, 1e-5, 1e-3, 1e-3, 5e-4, 1e-4, 0];
    const r = yRange({ values: lr, scale: 'log', ignoreOutliers: false });
    assert.ok(r.domain);
    assert.ok(r.domain[0] > 0 && r.domain[0] < 1e-7 && r.domain[0] > 1e-8, `low ${r.domain[0]}`);
    assert.ok(r.domain[1] > 1e-3 && r.domain[1] < 2e-3, `high ${r.domain[1]}`);
    assert.equal(r.clips, true);
    assert.equal(clipSide(0, r.domain, 'log'), -1);
    assert.equal(clipSide(-1, r.domain, 'log'), -1);
  });

  it('has no range without a drawable value', () => {
    assert.equal(yRange({ values: [], scale: 'linear', ignoreOutliers: false }).domain, null);
    assert.equal(yRange({ values: [NaN, Infinity], scale: 'linear', ignoreOutliers: true }).domain, null);
    assert.equal(yRange({ values: [0, -2], scale: 'log', ignoreOutliers: false }).domain, null);
  });

  it('uses d3\'s quantile definition', () => {
    assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantileSorted([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 0.25), 7.25);
    assert.equal(quantileSorted([1], 0.95), 1);
  });
});

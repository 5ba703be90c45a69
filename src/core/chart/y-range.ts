/**
 * The y range of a panel. By default it holds every drawn value. "Ignore outliers" (only when asked, as in
 * TensorBoard) keeps the 5th..95th percentile band padded by a fifth of its span, never beyond the data; the
 * values left outside are returned as clipped points so the chart can mark them at the edge they cross: a
 * run is never scaled out of sight without a sign.
 *
 * A log scale is a true log scale: the range is computed on log10 of the positive values, and values <= 0,
 * which have no place on it, are reported as clipped below the range instead of being dropped.
 */

export type YScale = 'linear' | 'log';

export interface YRangeInput {
  /** Every drawn (finite) value of the panel. */
  values: ArrayLike<number>;
  /** Values the outlier band is estimated from (e.g. bucket means); defaults to `values`. */
  typical?: ArrayLike<number>;
  scale: YScale;
  ignoreOutliers: boolean;
}

export interface YRange {
  /** [low, high]; null when there is nothing to draw. */
  domain: [number, number] | null;
  /** True when some drawn values lie outside the domain. */
  clips: boolean;
}

const OUTLIER_LOW = 0.05;
const OUTLIER_HIGH = 0.95;
const OUTLIER_PAD = 0.2;
const PAD = 0.04;

export function yRange(input: YRangeInput): YRange {
  const log = input.scale === 'log';
  const toAxis = log ? Math.log10 : (v: number) => v;
  const fromAxis = log ? (v: number) => Math.pow(10, v) : (v: number) => v;
  const usable = (v: number) => Number.isFinite(v) && (!log || v > 0);

  let min = Infinity;
  let max = -Infinity;
  let nonPositive = false;
  for (let i = 0; i < input.values.length; i++) {
    const v = input.values[i]!;
    if (!usable(v)) {
      if (log && Number.isFinite(v)) nonPositive = true;
      continue;
    }
    const a = toAxis(v);
    if (a < min) min = a;
    if (a > max) max = a;
  }
  if (min > max) return { domain: null, clips: nonPositive };

  let lo = min;
  let hi = max;
  if (input.ignoreOutliers) {
    const sample: number[] = [];
    const typical = input.typical ?? input.values;
    for (let i = 0; i < typical.length; i++) if (usable(typical[i]!)) sample.push(toAxis(typical[i]!));
    if (sample.length >= 4) {
      sample.sort((a, b) => a - b);
      const qlo = quantileSorted(sample, OUTLIER_LOW);
      const qhi = quantileSorted(sample, OUTLIER_HIGH);
      const pad = (qhi - qlo) * OUTLIER_PAD;
      lo = Math.max(min, qlo - pad);
      hi = Math.min(max, qhi + pad);
    }
  }
  // a little air so the extreme points are not drawn on the frame
  let span = hi - lo;
  if (span === 0) span = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
  const padded: [number, number] = [lo - span * PAD, hi + span * PAD];
  // a linear range of positive values should not dip below zero only because of the padding
  if (!log && lo >= 0 && padded[0] < 0) padded[0] = 0;
  const clips = nonPositive || padded[0] > min || padded[1] < max;
  return { domain: [fromAxis(padded[0]), fromAxis(padded[1])], clips };
}

/** Where a value sits against a domain: 0 inside, -1 below (or not drawable on a log scale), 1 above. */
export function clipSide(v: number, domain: [number, number], scale: YScale): -1 | 0 | 1 {
  if (scale === 'log' && v <= 0) return -1;
  if (v < domain[0]) return -1;
  if (v > domain[1]) return 1;
  return 0;
}

/** Linear-interpolated quantile of sorted values (d3.quantileSorted's definition). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const i = Math.floor(h);
  const lo = sorted[i]!;
  return i + 1 < n ? lo + (sorted[i + 1]! - lo) * (h - i) : lo;
}

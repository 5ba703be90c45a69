import type { Curve } from './curves';
import { argmax, argmin, kendallTau, median3, noiseSigma, tailMedian } from './stats';

/**
 * A curve that rises steadily to its end after its lowest point: the rise is at least half the lowest value
 * (and 3 noise sigmas), the points after the minimum rise with Kendall's tau ≥ 0.6, and the highest point is
 * among the last three (so a warm-up bump that comes back down is not "rising").
 */
export interface Rise {
  /** Index of the (3-point median) minimum the rise starts from. */
  from: number;
  low: number;
  /** Median of the last 3 points. */
  end: number;
  tau: number;
  /** end / low, or Infinity for a rise from 0. */
  factor: number;
}

export const RISE_MIN_POINTS = 4;

export function steadyRise(c: Curve | null): Rise | null {
  if (!c || c.ys.length < RISE_MIN_POINTS) return null;
  const ys = c.ys;
  const sm = median3(ys);
  const n = ys.length;
  const from = argmin(sm);
  if (n - from < 4) return null;
  const after = sm.slice(from);
  const low = sm[from]!;
  const end = tailMedian(ys, 3);
  const rise = end - low;
  if (rise < 0.5 * Math.abs(low) || rise < 3 * noiseSigma(ys)) return null;
  const tau = kendallTau(after);
  if (tau < 0.6) return null;
  // Still rising at the end: the highest point is among the last three.
  if (argmax(after) < after.length - 3) return null;
  return { from, low, end, tau, factor: low > 0 ? end / low : Infinity };
}

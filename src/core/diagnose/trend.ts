import type { Curve } from './curves';
import { argmax, argmin, kendallTau, median3, noiseSigma, tailMedian } from './stats';

/**
 * A curve that rises steadily to its end after its lowest point: the rise is at least half the lowest value
 * (and 3 noise sigmas), the points after the minimum rise with Kendall's tau ≥ 0.6, and the highest point is
 * among the last three with the last half of the stretch still trending up (Kendall's tau ≥ 0.3), so a warm-up
 * bump that comes back down, or a jump to a level that then stays flat, is not "rising".
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
  const m = argmin(sm);
  if (n - m < 4) return null;
  const after = sm.slice(m);
  // Report the raw value the reader finds in the log: the lowest point next to the smoothed minimum.
  const from = argmin(ys, Math.max(0, m - 1), Math.min(n, m + 2));
  const low = ys[from]!;
  const end = tailMedian(ys, 3);
  const rise = end - low;
  if (rise < 0.5 * Math.abs(low) || rise < 3 * noiseSigma(ys)) return null;
  const tau = kendallTau(after);
  if (tau < 0.6) return null;
  // Still rising at the end: the highest point is among the last three, and the last stretch itself trends up
  // (a jump to a higher level that then stays flat is learning-reversed, not divergence).
  if (argmax(after) < after.length - 3) return null;
  if (kendallTau(after.slice(-Math.max(4, Math.ceil(after.length / 2)))) < 0.3) return null;
  return { from, low, end, tau, factor: low > 0 ? end / low : Infinity };
}

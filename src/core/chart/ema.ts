/**
 * TensorBoard's debiased exponential moving average, made correct on uneven steps.
 *
 * TensorBoard (vz_line_chart2 `resmoothDataset`) decays by the smoothing weight `w` once per point and
 * divides by `1 - w^n` to remove the bias of starting from 0. That is right only when points are evenly
 * spaced: a log that records every 10 steps and then every 100 gets ten times less smoothing in its second
 * half. Here each point decays the average by `w^(Δx / unit)`, where `unit` is the series' typical x gap, and
 * weighs in with `1 - w^(Δx / unit)`, the weight of the `Δx / unit` evenly spaced points it stands for. The
 * debiasing divides by the sum of the weights. So:
 *  - on evenly spaced points this is exactly TensorBoard's value (the unit is the gap, every factor is `w`);
 *  - on uneven points it equals TensorBoard's EMA of the series resampled on the even grid, each value held
 *    over the gap before it;
 *  - on bucket means (downsampled series) a bucket of k points weighs like the k points.
 * Non-finite values are passed through unsmoothed and do not enter the average (TensorBoard does the same);
 * a gap that is zero or negative (a repeated or restarted x) counts as one unit, as TensorBoard would.
 */
export class EmaSmoother {
  private acc = 0;
  private norm = 0;
  private lastX = NaN;

  /** `weight` in [0, 1); `unit` > 0, the x distance of one "step" of the average. */
  constructor(private readonly weight: number, private readonly unit: number) {}

  /** Feeds the next point; returns its smoothed value. */
  next(x: number, y: number): number {
    if (!Number.isFinite(y)) return y;
    const w = this.weight;
    if (w <= 0) {
      this.lastX = x;
      return y;
    }
    const gap = x - this.lastX;
    const steps = gap > 0 && Number.isFinite(gap) && this.unit > 0 ? gap / this.unit : 1;
    const decay = steps === 1 ? w : Math.pow(w, steps);
    this.acc = this.acc * decay + (1 - decay) * y;
    this.norm = this.norm * decay + (1 - decay);
    this.lastX = x;
    // norm is 0 only when decay was 1 (w^steps rounds to 1): the point carries no weight yet
    return this.norm > 0 ? this.acc / this.norm : y;
  }
}

/** Smoothed values of a whole series (see EmaSmoother). */
export function emaSmooth(xs: ArrayLike<number>, ys: ArrayLike<number>, weight: number, unit: number): Float64Array {
  const n = Math.min(xs.length, ys.length);
  const out = new Float64Array(n);
  const s = new EmaSmoother(clampWeight(weight), unit);
  for (let i = 0; i < n; i++) out[i] = s.next(xs[i]!, ys[i]!);
  return out;
}

/** The slider's range: 0 (off) to 0.999, as TensorBoard's. */
export function clampWeight(w: number): number {
  return Number.isFinite(w) ? Math.min(0.999, Math.max(0, w)) : 0;
}

/**
 * The series' typical x gap: the median of the positive gaps between consecutive finite points (sampled on
 * long series), 1 when there is none. Outlying gaps (a pause, a resumed run) do not move a median.
 */
export function typicalGap(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  const n = to - from;
  if (n < 2) return 1;
  const stride = Math.max(1, Math.floor(n / 20_000));
  const gaps: number[] = [];
  for (let i = from + stride; i < to; i += stride) {
    // the gap between neighbours, sampled every `stride` points
    const g = xs[i]! - xs[i - 1]!;
    if (g > 0 && Number.isFinite(g)) gaps.push(g);
  }
  if (gaps.length === 0) return 1;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}

/**
 * Small robust statistics for reading noisy training curves. Real curves have outliers (one bad batch, a
 * validation spike) and few points (10-100 epochs), so the detectors use medians, MADs and rank statistics
 * rather than means and least squares.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map(v => Math.abs(v - m)));
}

export function diffs(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) out.push(values[i]! - values[i - 1]!);
  return out;
}

/**
 * Point-to-point noise of a curve, as a standard deviation: 1.4826·MAD of the first differences over √2.
 * A smooth trend has first differences of similar size, so its MAD (and this) is small; a jagged curve
 * has differences of alternating sign and a large MAD.
 */
export function noiseSigma(values: readonly number[]): number {
  if (values.length < 3) return 0;
  return (1.4826 * mad(diffs(values))) / Math.SQRT2;
}

/**
 * Kendall's tau-a between position and value: +1 rising at every step, -1 falling, about 0 for no trend.
 * Ties count as neither concordant nor discordant.
 */
export function kendallTau(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = values[j]! - values[i]!;
      if (d > 0) s++;
      else if (d < 0) s--;
    }
  }
  return s / ((n * (n - 1)) / 2);
}

/** Running median of 3 (ends kept): removes single-point spikes without shifting steps. */
export function median3(values: readonly number[]): number[] {
  const n = values.length;
  if (n < 3) return [...values];
  const out = new Array<number>(n);
  out[0] = values[0]!;
  out[n - 1] = values[n - 1]!;
  for (let i = 1; i < n - 1; i++) {
    const a = values[i - 1]!;
    const b = values[i]!;
    const c = values[i + 1]!;
    out[i] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
  return out;
}

/** Centred running median over `w` points (fewer at the ends). */
export function windowMedian(values: readonly number[], w: number): number[] {
  const h = Math.floor(w / 2);
  return values.map((_, i) => median(values.slice(Math.max(0, i - h), Math.min(values.length, i + h + 1))));
}

export function argmin(values: readonly number[], from = 0, to = values.length): number {
  let best = -1;
  for (let i = from; i < to; i++) if (best < 0 || values[i]! < values[best]!) best = i;
  return best;
}

export function argmax(values: readonly number[], from = 0, to = values.length): number {
  let best = -1;
  for (let i = from; i < to; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  return best;
}

export function min(values: readonly number[]): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}

export function max(values: readonly number[]): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** The median of the last k values (or of all when there are fewer). */
export function tailMedian(values: readonly number[], k = 3): number {
  return median(values.slice(Math.max(0, values.length - k)));
}

/** The median of the first k values. */
export function headMedian(values: readonly number[], k = 3): number {
  return median(values.slice(0, k));
}

/** Fraction of consecutive first differences whose sign flips (ignoring zero steps). */
export function signFlipRate(values: readonly number[]): number {
  const d = diffs(values).filter(v => v !== 0);
  if (d.length < 2) return 0;
  let flips = 0;
  for (let i = 1; i < d.length; i++) if (Math.sign(d[i]!) !== Math.sign(d[i - 1]!)) flips++;
  return flips / (d.length - 1);
}

/** Rounds for display and JSON evidence: 4 significant digits for large numbers, 4 decimals otherwise. */
export function round(v: number, digits = 4): number {
  if (!Number.isFinite(v)) return v;
  if (Math.abs(v) >= 1000) return Number(v.toPrecision(digits + 2));
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * Downsampling that never hides a spike: the kept points of a series are, per bucket, the point LTTB
 * (largest triangle three buckets) picks plus the bucket's minimum and maximum, in index order. A chart of
 * the kept points therefore has the same envelope as the raw curve at any width up to the bucket count,
 * which is the complaint about TensorBoard's and W&B's samplers (tensorboard#651, #1518, wandb#4177).
 *
 * Non-finite values are never drawn as line points; they come back as events (one per kind per bucket,
 * with how many it stands for) so the chart can mark them where they happened.
 *
 * Each bucket also yields the mean of its finite values: that is what the smoothed curve is computed from,
 * because the kept points over-represent extremes (each bucket contributes its min and max) and an EMA of
 * them would drift towards spikes.
 */

export type NonFiniteKind = 'NaN' | 'Infinity' | '-Infinity';

export interface NonFiniteEvent {
  /** Index of the first non-finite value of this kind in its bucket. */
  index: number;
  kind: NonFiniteKind;
  /** How many values of this kind the bucket holds (1 when the series is not reduced). */
  count: number;
}

export interface Reduced {
  /** Indices of the points to draw, ascending: finite x and y only. */
  keep: Uint32Array;
  /** Smoothing input, one entry per bucket: the x of the bucket's last finite point... */
  meanX: Float64Array;
  /** ...and the mean of its finite values. */
  meanY: Float64Array;
  events: NonFiniteEvent[];
  /** Raw points with a finite x in the range (finite or not in y). */
  total: number;
  /** False when every finite point is kept (then meanX/meanY are the raw points). */
  reduced: boolean;
}

export function nonFiniteKind(v: number): NonFiniteKind {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Reduces points `from..to-1` of parallel columns to at most about `budget` drawn points (at least 8 per
 * series; the first and last finite points are always kept). Points with a non-finite x cannot be placed and
 * are skipped.
 */
export function reduceSeries(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number, budget: number): Reduced {
  from = Math.max(0, from);
  to = Math.min(to, xs.length, ys.length);
  // Indices with a finite x, and which of them have a finite y.
  const idx = new Uint32Array(Math.max(0, to - from));
  let n = 0;
  let finite = 0;
  for (let i = from; i < to; i++) {
    if (!Number.isFinite(xs[i]!)) continue;
    idx[n++] = i;
    if (Number.isFinite(ys[i]!)) finite++;
  }
  const buckets = Math.max(2, Math.floor(Math.max(8, budget) / 3));
  if (finite <= Math.max(8, budget)) return everyPoint(xs, ys, idx.subarray(0, n));
  return byBuckets(xs, ys, idx.subarray(0, n), buckets);
}

function everyPoint(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: Uint32Array): Reduced {
  const keep: number[] = [];
  const events: NonFiniteEvent[] = [];
  for (const i of idx) {
    const y = ys[i]!;
    if (Number.isFinite(y)) keep.push(i);
    else events.push({ index: i, kind: nonFiniteKind(y), count: 1 });
  }
  const meanX = new Float64Array(keep.length);
  const meanY = new Float64Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    meanX[k] = xs[keep[k]!]!;
    meanY[k] = ys[keep[k]!]!;
  }
  return { keep: Uint32Array.from(keep), meanX, meanY, events, total: idx.length, reduced: false };
}

/** Per-bucket facts gathered in one pass. */
interface Bucket {
  start: number; // position in idx
  end: number;
  min: number; // index into the series, -1 when the bucket has no finite value
  max: number;
  sumX: number;
  sumY: number;
  count: number;
  lastX: number;
}

function byBuckets(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: Uint32Array, nb: number): Reduced {
  const n = idx.length;
  const events: NonFiniteEvent[] = [];
  // The first and last points stand alone (LTTB's fixed ends); the rest is split evenly by position.
  const inner = n - 2;
  const per = inner / nb;
  const bs: Bucket[] = [];
  const first = bucketOf(xs, ys, idx, 0, 1, events);
  for (let b = 0; b < nb; b++) {
    const s = 1 + Math.floor(b * per);
    const e = b === nb - 1 ? n - 1 : 1 + Math.floor((b + 1) * per);
    if (e > s) bs.push(bucketOf(xs, ys, idx, s, e, events));
  }
  const last = bucketOf(xs, ys, idx, n - 1, n, events);
  const all = [first, ...bs, last];

  // LTTB: in each bucket keep the point forming the largest triangle with the point kept in the previous
  // bucket and the average of the next bucket.
  const keep: number[] = [];
  let prev = -1;
  for (let b = 0; b < all.length; b++) {
    const bucket = all[b]!;
    if (bucket.count === 0) continue;
    let pick = bucket.min;
    if (b === 0 || b === all.length - 1 || prev < 0) {
      pick = firstFinite(ys, idx, bucket);
    } else {
      const next = nextWithPoints(all, b + 1);
      const ax = next ? next.sumX / next.count : xs[bucket.max]!;
      const ay = next ? next.sumY / next.count : ys[bucket.max]!;
      const px = xs[prev]!;
      const py = ys[prev]!;
      let best = -1;
      for (let p = bucket.start; p < bucket.end; p++) {
        const i = idx[p]!;
        const y = ys[i]!;
        if (!Number.isFinite(y)) continue;
        const area = Math.abs((px - ax) * (y - py) - (px - xs[i]!) * (ay - py));
        if (area > best) {
          best = area;
          pick = i;
        }
      }
    }
    // index order: the three candidates sorted, duplicates dropped
    const three = [pick, bucket.min, bucket.max].sort((a, c) => a - c);
    for (let t = 0; t < 3; t++) if (t === 0 || three[t] !== three[t - 1]) keep.push(three[t]!);
    prev = pick;
  }

  const meanX: number[] = [];
  const meanY: number[] = [];
  for (const bucket of all) {
    if (bucket.count === 0) continue;
    meanX.push(bucket.lastX);
    meanY.push(bucket.sumY / bucket.count);
  }
  return { keep: Uint32Array.from(keep), meanX: Float64Array.from(meanX), meanY: Float64Array.from(meanY), events, total: n, reduced: true };
}

function bucketOf(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: Uint32Array, start: number, end: number, events: NonFiniteEvent[]): Bucket {
  let min = -1;
  let max = -1;
  let sumX = 0;
  let sumY = 0;
  let count = 0;
  let lastX = NaN;
  let nan: NonFiniteEvent | undefined;
  let pos: NonFiniteEvent | undefined;
  let neg: NonFiniteEvent | undefined;
  for (let p = start; p < end; p++) {
    const i = idx[p]!;
    const y = ys[i]!;
    if (y === y && y !== Infinity && y !== -Infinity) {
      if (min < 0 || y < ys[min]!) min = i;
      if (max < 0 || y > ys[max]!) max = i;
      const x = xs[i]!;
      sumX += x;
      sumY += y;
      count++;
      lastX = x;
    } else if (y !== y) {
      if (nan) nan.count++;
      else events.push((nan = { index: i, kind: 'NaN', count: 1 }));
    } else if (y > 0) {
      if (pos) pos.count++;
      else events.push((pos = { index: i, kind: 'Infinity', count: 1 }));
    } else if (neg) neg.count++;
    else events.push((neg = { index: i, kind: '-Infinity', count: 1 }));
  }
  return { start, end, min, max, sumX, sumY, count, lastX };
}

function firstFinite(ys: ArrayLike<number>, idx: Uint32Array, b: Bucket): number {
  for (let p = b.start; p < b.end; p++) if (Number.isFinite(ys[idx[p]!]!)) return idx[p]!;
  return b.min;
}

function nextWithPoints(all: Bucket[], from: number): Bucket | undefined {
  for (let b = from; b < all.length; b++) if (all[b]!.count > 0) return all[b];
  return undefined;
}

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
 *
 * Two passes over the points (bucket statistics, then LTTB's triangles), on Float64Arrays: about 10 ms for
 * 10^6 points in Node. This runs in the extension host, before anything is posted to the webview.
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
 * Reduces points `from..to-1` of parallel columns to at most about `budget` drawn points (at least 8; the
 * first and last finite points are always kept). Points with a non-finite x cannot be placed and are skipped.
 */
export function reduceSeries(xsIn: ArrayLike<number>, ysIn: ArrayLike<number>, from: number, to: number, budget: number): Reduced {
  // one array type, so the hot loops below stay monomorphic
  const xs = xsIn instanceof Float64Array ? xsIn : Float64Array.from(xsIn);
  const ys = ysIn instanceof Float64Array ? ysIn : Float64Array.from(ysIn);
  from = Math.max(0, from);
  to = Math.min(to, xs.length, ys.length);
  const cap = Math.max(8, budget);
  if (to - from <= cap) return everyPoint(xs, ys, from, to);
  return byBuckets(xs, ys, from, to, Math.max(2, Math.floor(cap / 3)));
}

function everyPoint(xs: Float64Array, ys: Float64Array, from: number, to: number): Reduced {
  const keep: number[] = [];
  const events: NonFiniteEvent[] = [];
  let total = 0;
  for (let i = from; i < to; i++) {
    if (xs[i]! - xs[i]! !== 0) continue; // x not finite
    total++;
    const y = ys[i]!;
    if (y - y === 0) keep.push(i);
    else events.push({ index: i, kind: nonFiniteKind(y), count: 1 });
  }
  const meanX = new Float64Array(keep.length);
  const meanY = new Float64Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    meanX[k] = xs[keep[k]!]!;
    meanY[k] = ys[keep[k]!]!;
  }
  return { keep: Uint32Array.from(keep), meanX, meanY, events, total, reduced: false };
}

function byBuckets(xs: Float64Array, ys: Float64Array, from: number, to: number, nb: number): Reduced {
  // Buckets by position: the first and the last point stand alone (LTTB's fixed ends), the rest is split
  // evenly. Bucket b covers [start[b], start[b + 1]).
  const count = nb + 2;
  const start = new Int32Array(count + 1);
  start[0] = from;
  start[1] = from + 1;
  const per = (to - from - 2) / nb;
  for (let b = 1; b < nb; b++) start[b + 1] = from + 1 + Math.floor(b * per);
  start[nb + 1] = to - 1;
  start[nb + 2] = to;

  // Pass 1: per bucket, the min, max, sums and count of the finite values; non-finite values as events.
  const minI = new Int32Array(count).fill(-1);
  const maxI = new Int32Array(count).fill(-1);
  const sumX = new Float64Array(count);
  const sumY = new Float64Array(count);
  const n = new Float64Array(count);
  const lastX = new Float64Array(count);
  const events: NonFiniteEvent[] = [];
  let total = 0;
  for (let b = 0; b < count; b++) {
    let lo = -1;
    let hi = -1;
    let loY = Infinity;
    let hiY = -Infinity;
    let sx = 0;
    let sy = 0;
    let c = 0;
    let lx = NaN;
    let nan: NonFiniteEvent | undefined;
    let pos: NonFiniteEvent | undefined;
    let neg: NonFiniteEvent | undefined;
    for (let i = start[b]!, e = start[b + 1]!; i < e; i++) {
      const x = xs[i]!;
      if (x - x !== 0) continue;
      total++;
      const y = ys[i]!;
      if (y - y === 0) {
        if (y < loY) {
          loY = y;
          lo = i;
        }
        if (y > hiY) {
          hiY = y;
          hi = i;
        }
        sx += x;
        sy += y;
        c++;
        lx = x;
      } else if (y !== y) {
        if (nan) nan.count++;
        else events.push((nan = { index: i, kind: 'NaN', count: 1 }));
      } else if (y > 0) {
        if (pos) pos.count++;
        else events.push((pos = { index: i, kind: 'Infinity', count: 1 }));
      } else if (neg) neg.count++;
      else events.push((neg = { index: i, kind: '-Infinity', count: 1 }));
    }
    minI[b] = lo;
    maxI[b] = hi;
    sumX[b] = sx;
    sumY[b] = sy;
    n[b] = c;
    lastX[b] = lx;
  }

  // Pass 2, LTTB: in each bucket keep the point forming the largest triangle with the point kept in the
  // previous bucket and the average of the next bucket; keep the bucket's min and max with it.
  const keep: number[] = [];
  let prev = -1;
  let next = 1;
  for (let b = 0; b < count; b++) {
    if (n[b] === 0) continue;
    let pick = minI[b]!;
    while (next <= b || (next < count && n[next] === 0)) next++;
    if (prev >= 0 && next < count) {
      const ax = sumX[next]! / n[next]!;
      const ay = sumY[next]! / n[next]!;
      const px = xs[prev]!;
      const py = ys[prev]!;
      let best = -1;
      for (let i = start[b]!, e = start[b + 1]!; i < e; i++) {
        const y = ys[i]!;
        const x = xs[i]!;
        if (y - y !== 0 || x - x !== 0) continue; // not drawable
        const area = Math.abs((px - ax) * (y - py) - (px - x) * (ay - py));
        if (area > best) {
          best = area;
          pick = i;
        }
      }
    } else if (prev < 0) {
      pick = firstFinite(xs, ys, start[b]!, start[b + 1]!);
    }
    const lo = minI[b]!;
    const hi = maxI[b]!;
    // index order, duplicates dropped
    const a = Math.min(pick, lo, hi);
    const c = Math.max(pick, lo, hi);
    const m = pick + lo + hi - a - c;
    keep.push(a);
    if (m !== a) keep.push(m);
    if (c !== m) keep.push(c);
    prev = pick;
  }

  const meanX: number[] = [];
  const meanY: number[] = [];
  for (let b = 0; b < count; b++) {
    if (n[b] === 0) continue;
    meanX.push(lastX[b]!);
    meanY.push(sumY[b]! / n[b]!);
  }
  return { keep: Uint32Array.from(keep), meanX: Float64Array.from(meanX), meanY: Float64Array.from(meanY), events, total, reduced: true };
}

function firstFinite(xs: Float64Array, ys: Float64Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (x - x === 0 && y - y === 0) return i;
  }
  return -1;
}

import { EmaSmoother } from '../src/core/chart/ema';
import { fromJsonNumber } from '../src/core/run/run-json';
import { nonFiniteKind } from '../src/core/chart/downsample';
import type { AppendSlice, BestPoint, NonFiniteMarker, SeriesInfo, SeriesSlice } from '../src/shared/protocol';

/** What an append added to a series: the new drawn points start at `from`; new smoothed points at `smoothFrom`. */
export interface Appended {
  from: number;
  smoothFrom: number;
  events: NonFiniteMarker[];
  bestChanged: boolean;
}

/**
 * One series as the webview holds it for the current x axis: the drawn points, the smoothing input and the
 * markers. The smoothed curve is computed here, in our own code, from the reduced data (bucket means), and
 * extended point by point when the log grows.
 */
export class SeriesData {
  xs: number[];
  ys: number[];
  lines: number[];
  /** Smoothing input: bucket means of a reduced series, else the drawn points themselves. */
  private mx: number[] | null;
  private my: number[] | null;
  readonly unit: number;
  events: NonFiniteMarker[];
  best: BestPoint | undefined;
  total: number;
  reduced: boolean;
  private sorted: boolean;
  private smooth: { weight: number; xs: number[]; ys: number[]; state: EmaSmoother } | null = null;

  constructor(readonly info: SeriesInfo, readonly runId: string, slice: SeriesSlice) {
    this.xs = slice.xs;
    this.ys = slice.ys;
    this.lines = slice.lines;
    this.mx = slice.mx ?? null;
    this.my = slice.my ?? null;
    this.unit = slice.unit;
    this.events = slice.events;
    this.best = slice.best;
    this.total = slice.total;
    this.reduced = slice.reduced;
    this.sorted = isSorted(this.xs);
  }

  get key(): string {
    return this.info.key;
  }

  /** The smoothed curve for a weight (cached; recomputed when the weight changes). */
  smoothed(weight: number): { xs: number[]; ys: number[] } {
    if (this.smooth?.weight !== weight) {
      const xs = this.mx ?? this.xs;
      const ys = this.my ?? this.ys;
      const state = new EmaSmoother(weight, this.unit);
      const out = new Array<number>(xs.length);
      for (let i = 0; i < xs.length; i++) out[i] = state.next(xs[i]!, ys[i]!);
      this.smooth = { weight, xs, ys: out, state };
    }
    return { xs: this.smooth.xs, ys: this.smooth.ys };
  }

  /** Adds the raw points the log gained. Non-finite values become markers; the smoothed curve is extended. */
  append(a: AppendSlice): Appended {
    const from = this.xs.length;
    const smoothFrom = (this.mx ?? this.xs).length;
    const events: NonFiniteMarker[] = [];
    let bestChanged = false;
    const goal = this.info.goal;
    for (let i = 0; i < a.xs.length; i++) {
      const x = a.xs[i]!;
      const y = fromJsonNumber(a.ys[i]!);
      const line = a.lines[i]!;
      if (!Number.isFinite(y)) {
        events.push({ x, kind: nonFiniteKind(y), count: 1, line });
        continue;
      }
      if (this.sorted && this.xs.length > 0 && x < this.xs[this.xs.length - 1]!) this.sorted = false;
      this.xs.push(x);
      this.ys.push(y);
      this.lines.push(line);
      if (this.mx && this.my) {
        this.mx.push(x);
        this.my.push(y);
      }
      if (goal && (this.best === undefined || (goal === 'min' ? y < this.best.y : y > this.best.y))) {
        this.best = { x, y, line, goal };
        bestChanged = true;
      }
    }
    this.events.push(...events);
    this.total = a.total;
    // extend the cached smoothed curve from where its average stood
    if (this.smooth) {
      const xs = this.mx ?? this.xs;
      const ys = this.my ?? this.ys;
      for (let i = smoothFrom; i < xs.length; i++) this.smooth.ys.push(this.smooth.state.next(xs[i]!, ys[i]!));
      this.smooth.xs = xs;
    }
    return { from, smoothFrom, events, bestChanged };
  }

  /** Whether a drawn point lies strictly between two x values. */
  hasPointBetween(a: number, b: number): boolean {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (!this.sorted) return this.xs.some(x => x > lo && x < hi);
    const i = this.nearest(lo);
    for (let k = Math.max(0, i - 1); k < this.xs.length && this.xs[k]! < hi; k++) if (this.xs[k]! > lo) return true;
    return false;
  }

  /** Index of the drawn point nearest to x (-1 when empty). */
  nearest(x: number): number {
    const xs = this.xs;
    const n = xs.length;
    if (n === 0) return -1;
    if (!this.sorted) {
      let best = 0;
      for (let i = 1; i < n; i++) if (Math.abs(xs[i]! - x) < Math.abs(xs[best]! - x)) best = i;
      return best;
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && Math.abs(xs[lo - 1]! - x) <= Math.abs(xs[lo]! - x) ? lo - 1 : lo;
  }
}

function isSorted(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]!) return false;
  return true;
}

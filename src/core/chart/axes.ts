import type { Column } from '../run/column';
import type { Run, Series } from '../run/model';
import type { XAxisKind } from '../../shared/protocol';

/**
 * The x axes a chart can use: the epoch (written per point, or the epoch of each point of a step series),
 * the optimizer step, and the wall-clock time (elapsed since the run's first timestamp, in s, min or h).
 */

/** The column of x values a series has for an axis (raw wall times for `wall`), if it has one. */
export function xColumn(s: Series, axis: XAxisKind): Column | undefined {
  switch (axis) {
    case 'epoch':
      return s.x === 'epoch' ? s.xs : s.epochAt;
    case 'step':
      return s.x === 'step' ? s.xs : undefined;
    case 'wall':
      return s.wallTime;
  }
}

export function seriesAxes(s: Series): XAxisKind[] {
  const out: XAxisKind[] = [];
  if (s.x === 'epoch' || (s.epochAt && hasFinite(s.epochAt))) out.push('epoch');
  if (s.x === 'step') out.push('step');
  if (s.wallTime && hasFinite(s.wallTime)) out.push('wall');
  return out;
}

function hasFinite(c: Column): boolean {
  for (let i = 0; i < c.length; i++) if (Number.isFinite(c.at(i))) return true;
  return false;
}

/**
 * The axis that draws most of the runs' loss series (else of all series): a per-step log is drawn by step,
 * an epoch log by epoch; on a tie, epoch.
 */
export function defaultAxis(runs: readonly Run[]): XAxisKind {
  const all = runs.flatMap(r => r.series);
  const losses = all.filter(s => s.metric === 'loss');
  const pool = losses.length > 0 ? losses : all;
  let epoch = 0;
  let step = 0;
  for (const s of pool) {
    const axes = seriesAxes(s);
    if (axes.includes('epoch')) epoch += s.x === 'epoch' ? 1 : 0.5;
    if (axes.includes('step')) step++;
  }
  return step > epoch ? 'step' : 'epoch';
}

export type WallUnit = 's' | 'min' | 'h';
const WALL_DIVISOR: Record<WallUnit, number> = { s: 1, min: 60, h: 3600 };

export interface WallClock {
  origin: number;
  unit: WallUnit;
}

/** Where the run's wall clock starts and which unit reads best for its span; undefined without wall times. */
export function wallClock(run: Run): WallClock | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of run.series) {
    if (!s.wallTime) continue;
    for (let i = 0; i < s.wallTime.length; i++) {
      const t = s.wallTime.at(i);
      if (!Number.isFinite(t)) continue;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  if (lo > hi) return undefined;
  const span = hi - lo;
  return { origin: lo, unit: span >= 5 * 3600 ? 'h' : span >= 5 * 60 ? 'min' : 's' };
}

/**
 * x values of a series on an axis, as drawn (wall times shifted and scaled). Epochs and steps are a view of
 * the run's own column (no copy: a million-point series is read in place), so use them before the run grows.
 */
export function axisValues(s: Series, axis: XAxisKind, clock: WallClock | undefined): Float64Array | undefined {
  const col = xColumn(s, axis);
  if (!col) return undefined;
  const n = Math.min(col.length, s.ys.length);
  if (axis !== 'wall') return col.view(0, n);
  if (!clock) return undefined;
  const out = new Float64Array(n);
  const d = WALL_DIVISOR[clock.unit];
  for (let i = 0; i < n; i++) out[i] = (col.at(i) - clock.origin) / d;
  return out;
}

export function axisTitle(axis: XAxisKind, unit?: WallUnit): string {
  return axis === 'wall' ? `wall time (${unit ?? 's'})` : axis;
}

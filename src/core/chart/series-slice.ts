import { jsonNumber } from '../run/run-json';
import type { Run, Series } from '../run/model';
import type { AppendSlice, DataSlice, NonFiniteMarker, RunInfo, SeriesInfo, SeriesSlice, XAxisKind } from '../../shared/protocol';
import { axisValues, seriesAxes, wallClock } from './axes';
import { bestPoint, seriesGoal } from './best-point';
import { reduceSeries } from './downsample';
import { typicalGap } from './ema';

/**
 * What the host sends the webview about its runs: the run descriptions, and per series the points to draw
 * for an x axis and range, reduced in the extension host (Vega needs 14-16 s for 10^6 raw points; it draws
 * 2,000 in about 0.1 s).
 */

/** Drawn points per series when the view does not say its width. */
export const DEFAULT_BUDGET = 1600;

/**
 * Drawn points per series for a plot width: 1.5 per pixel, i.e. a bucket every 2 pixels, each bucket drawn
 * with its LTTB point, minimum and maximum. The envelope is the raw curve's at that width; Vega's cost is
 * per drawn point (about 0.05 ms each under the CSP's interpreter), so more would be slower and look the same.
 */
export function budgetForWidth(width: number): number {
  return Number.isFinite(width) && width > 0 ? Math.max(600, Math.min(4000, Math.round(width * 1.5))) : DEFAULT_BUDGET;
}
const MAX_WARNINGS_SHOWN = 20;
/** Buckets standing for the points before a zoomed range, for the smoothing only. */
const PREFIX_BUDGET = 600;

export interface SliceQuery {
  axis: XAxisKind;
  range: [number, number] | null;
  budget: number;
}

/** One run as the panel holds it: its id in the session, the file, what was read. */
export interface ChartRun {
  id: string;
  label: string;
  path: string;
  run: Run | undefined;
  error: string | null;
  live: boolean;
}

export function seriesKey(runId: string, index: number): string {
  return `${runId}:${index}`;
}

export function runInfo(r: ChartRun): RunInfo {
  const run = r.run;
  const series: SeriesInfo[] = (run?.series ?? []).map((s, i) => {
    const info: SeriesInfo = { key: seriesKey(r.id, i), metric: s.metric, split: s.split, name: s.name, segment: s.segment, x: s.x, axes: seriesAxes(s), count: s.ys.length };
    if (s.scale) info.scale = s.scale;
    const goal = seriesGoal(run!, s);
    if (goal) info.goal = goal;
    return info;
  });
  const info: RunInfo = {
    id: r.id, label: r.label, path: r.path, format: run?.format ?? null, live: r.live, segments: run?.segments ?? 0,
    warnings: (run?.warnings ?? []).slice(0, MAX_WARNINGS_SHOWN).map(w => ({ line: w.line, message: w.message })),
    warningCount: run?.warnings.length ?? 0, error: r.error, series,
  };
  const clock = run ? wallClock(run) : undefined;
  if (clock) info.wallUnit = clock.unit;
  return info;
}

/** The data slice for every series of the runs that can be drawn on the query's axis. */
export function dataSlice(runs: readonly ChartRun[], q: SliceQuery, seq = 0): DataSlice {
  const series: SeriesSlice[] = [];
  for (const r of runs) {
    if (!r.run) continue;
    const clock = wallClock(r.run);
    r.run.series.forEach((s, i) => {
      const slice = seriesSlice(r.run!, s, seriesKey(r.id, i), q, clock);
      if (slice) series.push(slice);
    });
  }
  return { seq, axis: q.axis, range: q.range, series };
}

/** One series' slice; undefined when the series has no values on the axis. */
export function seriesSlice(run: Run, s: Series, key: string, q: SliceQuery, clock = wallClock(run)): SeriesSlice | undefined {
  const xs = axisValues(s, q.axis, clock);
  if (!xs) return undefined;
  const ys = s.ys.view(0, xs.length);
  const [from, to] = q.range ? indexRange(xs, q.range) : [0, xs.length];
  const r = reduceSeries(xs, ys, from, to, q.budget);
  const n = r.keep.length;
  // the smoothing unit is the whole series' typical gap: zooming must not change how smooth the curve is
  const out: SeriesSlice = { key, xs: new Array(n), ys: new Array(n), lines: new Array(n), unit: typicalGap(xs), events: [], total: r.total, reduced: r.reduced };
  for (let k = 0; k < n; k++) {
    const i = r.keep[k]!;
    out.xs[k] = xs[i]!;
    out.ys[k] = ys[i]!;
    out.lines[k] = s.lines.at(i);
  }
  if (r.reduced || from > 0) {
    // A zoomed slice carries the points before the range too, coarsely, so the smoothed curve inside it is
    // the same curve as in the full view (an EMA started at the range's edge would begin unsmoothed).
    const before = from > 0 ? reduceSeries(xs, ys, 0, from, PREFIX_BUDGET) : undefined;
    out.mx = before ? [...before.meanX, ...r.meanX] : Array.from(r.meanX);
    out.my = before ? [...before.meanY, ...r.meanY] : Array.from(r.meanY);
  }
  out.events = r.events.map((e): NonFiniteMarker => ({ x: xs[e.index]!, kind: e.kind, count: e.count, line: s.lines.at(e.index) }));
  const best = bestPoint(run, s);
  if (best && Number.isFinite(xs[best.index]!)) out.best = { x: xs[best.index]!, y: ys[best.index]!, line: s.lines.at(best.index), goal: best.goal };
  return out;
}

/**
 * Indices covering an x range, one point beyond each end so lines run to the edges. On x values that go back
 * (a restart inside a series) the span runs from the first point in range to the last.
 */
export function indexRange(xs: ArrayLike<number>, [lo, hi]: [number, number]): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x >= lo && x <= hi) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) {
    // nothing inside: the two points around the range, so the line still crosses it
    let before = -1;
    for (let i = 0; i < xs.length; i++) if (xs[i]! < lo) before = i;
    return before < 0 ? [0, 0] : [before, Math.min(xs.length, before + 2)];
  }
  return [Math.max(0, first - 1), Math.min(xs.length, last + 2)];
}

/** The raw points a series gained (from index `from`), on the view's axis; undefined when it has none there. */
export function appendSlice(run: Run, s: Series, key: string, from: number, axis: XAxisKind, clock = wallClock(run)): AppendSlice | undefined {
  const xs = axisValues(s, axis, clock);
  if (!xs) return undefined;
  const out: AppendSlice = { key, xs: [], ys: [], lines: [], total: s.ys.length };
  for (let i = Math.max(0, from); i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isFinite(x)) continue;
    out.xs.push(x);
    out.ys.push(jsonNumber(s.ys.at(i)));
    out.lines.push(s.lines.at(i));
  }
  return out;
}

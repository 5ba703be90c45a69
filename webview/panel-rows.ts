import { clipSide, yRange, type YScale } from '../src/core/chart/y-range';
import type { NonFiniteMarker, SymptomMarker } from '../src/shared/protocol';
import type { SeriesData } from './series-store';
import type { Row } from './chart-panel';

/** A series as a panel draws it: its data, its row id, colour and dash. */
export interface DrawnSeries {
  data: SeriesData;
  sid: number;
  color: string;
  dash: 'solid' | 'dash' | 'dot';
  /** Legend text: the split or name, with the run when runs are compared. */
  label: string;
}

export interface PanelRows {
  raw: Row[];
  smooth: Row[];
  events: Row[];
  eventSpans: Row[];
  clipped: Row[];
  best: Row[];
  symptoms: Row[];
  yDomain: [number, number] | null;
}

export interface RowOptions {
  smoothing: number;
  scale: YScale;
  ignoreOutliers: boolean;
  zoom: [number, number] | null;
  /** The x range drawn: the zoom, else the extent of every drawn series. */
  xDomain: [number, number];
  symptoms: { marker: SymptomMarker; color: string }[];
  /** Opacity of the raw curve under a smoothed one (high contrast themes want it stronger). */
  faint?: number;
}

/**
 * Every row of a panel for the current view: the curves' rows and the marks (see `panelMarks`).
 */
export function panelRows(series: readonly DrawnSeries[], o: RowOptions): PanelRows {
  const log = o.scale === 'log';
  const raw: Row[] = [];
  const smooth: Row[] = [];
  for (const d of series) {
    const { xs, ys } = d.data;
    for (let i = 0; i < xs.length; i++) {
      const y = ys[i]!;
      if (log && y <= 0) continue; // no place on a log scale: drawn as a clipped marker
      raw.push({ s: d.sid, x: xs[i]!, y, c: d.color, d: d.dash });
    }
    const smoothing = smoothable(d) ? o.smoothing : 0;
    if (smoothing > 0) {
      const sm = d.data.smoothed(smoothing);
      for (let i = 0; i < sm.xs.length; i++) {
        const y = sm.ys[i]!;
        if (!Number.isFinite(y) || (log && y <= 0)) continue;
        smooth.push({ s: d.sid, x: sm.xs[i]!, y, c: d.color, d: d.dash });
      }
    }
  }
  const events = series.flatMap(d => d.data.events.map(e => eventRow(d, e)));
  return { raw, smooth, events, ...panelMarks(series, o) };
}

/**
 * The marks of a panel that depend on all of its points (an append recomputes these, and inserts the new
 * points' rows): the y range (outlier-aware when asked, true log scale, over the points inside the zoomed x
 * range), the points outside it as clipped markers at the edge they cross, the best points, the runs of
 * non-finite values and the diagnosis bands. Numbers only; no row per point is built.
 */
export function panelMarks(series: readonly DrawnSeries[], o: RowOptions): Omit<PanelRows, 'raw' | 'smooth' | 'events'> {
  const log = o.scale === 'log';
  const best: Row[] = [];
  const values: number[] = [];
  const typical: number[] = [];
  const zoom = o.zoom;
  for (const d of series) {
    const { xs, ys } = d.data;
    for (let i = 0; i < xs.length; i++) if (!zoom || (xs[i]! >= zoom[0] && xs[i]! <= zoom[1])) values.push(ys[i]!);
    const smoothing = smoothable(d) ? o.smoothing : 0;
    // the smoothed curve is drawn too, so the range holds it; the outlier band is estimated from it
    const sm = smoothing > 0 ? d.data.smoothed(smoothing) : { xs, ys };
    for (let i = 0; i < sm.xs.length; i++) {
      const y = sm.ys[i]!;
      if (Number.isFinite(y) && (!zoom || (sm.xs[i]! >= zoom[0] && sm.xs[i]! <= zoom[1]))) typical.push(y);
    }
    const b = d.data.best;
    if (b && !(log && b.y <= 0)) best.push({ s: d.sid, x: b.x, y: b.y, c: d.color, line: b.line, goal: b.goal });
  }
  const range = yRange({ values: values.concat(typical), typical, scale: o.scale, ignoreOutliers: o.ignoreOutliers });
  const clipped: Row[] = [];
  if (range.domain && range.clips) {
    const dom = range.domain;
    for (const d of series) {
      const { xs, ys } = d.data;
      for (let i = 0; i < xs.length; i++) {
        const side = clipSide(ys[i]!, dom, o.scale);
        if (side === 0) continue;
        clipped.push({ s: d.sid, x: xs[i]!, y: side > 0 ? dom[1] : dom[0], v: ys[i]!, c: d.color, shape: side > 0 ? 'triangle-up' : 'triangle-down', line: d.data.lines[i]! });
      }
    }
  }
  const symptoms = o.symptoms.map(({ marker, color }) => ({ x0: marker.x[0], x1: marker.x[1], c: color, label: marker.label }));
  return { eventSpans: eventSpans(series), clipped, best, symptoms, yDomain: range.domain };
}

/**
 * Runs of non-finite values: per series, consecutive markers with no drawn point between them form a span;
 * spans of the panel's series that overlap are merged. A diverged run (NaN from epoch 6 to the end) becomes
 * one band with one label instead of a label per epoch.
 */
export function eventSpans(series: readonly DrawnSeries[]): Row[] {
  const spans: { x0: number; x1: number; count: number; kinds: Set<string> }[] = [];
  for (const d of series) {
    const events = [...d.data.events].sort((a, b) => a.x - b.x);
    let cur: (typeof spans)[number] | null = null;
    for (const e of events) {
      if (cur && !d.data.hasPointBetween(cur.x1, e.x)) {
        cur.x1 = e.x;
        cur.count += e.count;
        cur.kinds.add(e.kind);
      } else {
        cur = { x0: e.x, x1: e.x, count: e.count, kinds: new Set([e.kind]) };
        spans.push(cur);
      }
    }
  }
  spans.sort((a, b) => a.x0 - b.x0);
  const merged: typeof spans = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.x0 <= last.x1) {
      last.x1 = Math.max(last.x1, s.x1);
      last.count += s.count;
      for (const k of s.kinds) last.kinds.add(k);
    } else merged.push({ ...s, kinds: new Set(s.kinds) });
  }
  return merged.map(s => {
    const kinds = [...s.kinds].map(k => (k === 'NaN' ? 'NaN' : k === 'Infinity' ? '+Inf' : '-Inf')).join('/');
    return { x0: s.x0, x1: s.x1, count: s.count, label: s.count > 1 ? `${kinds} ×${s.count}` : kinds };
  });
}

export function eventRow(d: DrawnSeries, e: NonFiniteMarker): Row {
  return { s: d.sid, x: e.x, c: d.color, line: e.line, kind: e.kind, count: e.count };
}

/** Rows for points appended to a series (raw from index `from`, smoothed from `smoothFrom`). */
export function appendedRows(d: DrawnSeries, from: number, smoothFrom: number, o: Pick<RowOptions, 'smoothing' | 'scale'>): { raw: Row[]; smooth: Row[] } {
  const log = o.scale === 'log';
  const raw: Row[] = [];
  const smooth: Row[] = [];
  const { xs, ys } = d.data;
  for (let i = from; i < xs.length; i++) if (!(log && ys[i]! <= 0)) raw.push({ s: d.sid, x: xs[i]!, y: ys[i]!, c: d.color, d: d.dash });
  if (o.smoothing > 0 && smoothable(d)) {
    const sm = d.data.smoothed(o.smoothing);
    for (let i = smoothFrom; i < sm.xs.length; i++) {
      const y = sm.ys[i]!;
      if (Number.isFinite(y) && !(log && y <= 0)) smooth.push({ s: d.sid, x: sm.xs[i]!, y, c: d.color, d: d.dash });
    }
  }
  return { raw, smooth };
}

/** A learning rate is a schedule, not a noisy measurement: it is drawn as it is, never smoothed. */
export function smoothable(d: DrawnSeries): boolean {
  return d.data.info.metric !== 'lr';
}

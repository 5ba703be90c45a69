import type { TopLevelSpec } from 'vega-lite';
import { vegaConfig, type ChartTheme } from './chart-theme';
import type { YScale } from './y-range';

/**
 * The Vega-Lite spec of one panel. It holds no data: the webview inserts rows into the named datasets below
 * (`view.change`), so live points and zoomed slices never re-embed. What changes often is a signal, not the
 * spec: the x range (`xDomain`: the zoom, or the runs' extent), the y range (`yDomain`, computed by our outlier-aware code), the
 * crosshair position (`crossX`) and the raw curve's opacity (`rawOpacity`, faint under a smoothed curve).
 * Colours travel in the rows (`c`, scale null), so adding a run changes data only; the axis titles are
 * signals too, so one embedded view serves any metric and x axis (the webview embeds one ahead of the data).
 *
 * No Vega transforms: smoothing, downsampling, outlier clipping and non-finite markers are computed in our
 * code (Vega's loess on 2x10^5 points took 66-71 s; our EMA on reduced data takes well under a millisecond).
 */

/** The datasets a panel's view reads, and the fields of their rows. */
export const DATA = {
  /** Drawn raw points: {s: series id, x, y, c: colour, d: dash}. */
  raw: 'raw',
  /** Smoothed curve: {s, x, y, c, d}. */
  smooth: 'smooth',
  /** Non-finite values, one row per marker: {s, x, c, kind, count, line}. */
  events: 'events',
  /** Runs of consecutive non-finite values across the panel's series: {x0, x1, label} ("NaN ×48 from 6"). */
  eventSpans: 'eventSpans',
  /** Values outside the y range: {s, x, y (the edge), c, shape}. */
  clipped: 'clipped',
  /** Best validation point: {s, x, y, c}. */
  best: 'best',
  /** Diagnosis bands: {x0, x1, c, label}. */
  symptoms: 'symptoms',
  /** Points under the crosshair: {x, y, c}. */
  hover: 'hover',
} as const;

export const SIGNALS = { xDomain: 'xDomain', yDomain: 'yDomain', crossX: 'crossX', rawOpacity: 'rawOpacity', xTitle: 'xTitle', yTitle: 'yTitle' } as const;

/** Mark names as they appear in the compiled Vega spec's scene graph (`<name>_marks`). */
export const MARK_NAMES = { raw: 'raw_marks', smooth: 'smooth_marks', events: 'events_marks', eventSpans: 'eventSpans_marks', clipped: 'clipped_marks', best: 'best_marks', symptoms: 'symptoms_marks' } as const;

export interface PanelSpecOptions {
  width: number;
  height: number;
  /** Initial axis titles (signals: the view changes them without a new spec). */
  xTitle?: string;
  yTitle?: string;
  yScale: YScale;
  theme: ChartTheme;
  /** A schedule (the learning rate) holds its value until the next point: drawn as steps. */
  steps?: boolean;
}

const DASHES = { domain: ['solid', 'dash', 'dot'], range: [[1, 0], [6, 3], [2, 2]] };

export function panelSpec(o: PanelSpecOptions): TopLevelSpec {
  const t = o.theme;
  // Both domains are ours (signals), never computed by Vega from the data: the view starts with empty
  // datasets (no "infinite extent" on every field), and the x range is the zoom or the runs' full extent.
  const x = { field: 'x', type: 'quantitative' as const, title: { signal: SIGNALS.xTitle }, scale: { zero: false, nice: false, domain: { expr: SIGNALS.xDomain } }, axis: { tickCount: { expr: 'ceil(width / 80)' }, labelFlush: true } };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: { signal: SIGNALS.yTitle },
    scale: { type: o.yScale, ...(o.yScale === 'log' ? {} : { zero: false }), nice: false, domain: { expr: SIGNALS.yDomain } },
    axis: { tickCount: { expr: 'ceil(height / 40)' }, ...(o.yScale === 'log' ? { format: '~g' } : {}) },
  };
  const series = { color: { field: 'c', type: 'nominal', scale: null }, detail: { field: 's', type: 'nominal' }, strokeDash: { field: 'd', type: 'nominal', scale: DASHES, legend: null }, order: { value: null } };

  // Layers are plain objects: the unit tests compile the whole spec with vega-lite and check what it makes.
  const layers: Record<string, unknown>[] = [
    // diagnosis bands sit behind everything
    {
      name: 'symptoms',
      data: { name: DATA.symptoms },
      mark: { type: 'rect', opacity: t.highContrast ? 0.25 : 0.12, clip: true },
      encoding: { x: { ...x, field: 'x0' }, x2: { field: 'x1' }, color: { field: 'c', type: 'nominal', scale: null } },
    },
    {
      name: 'symptomLabels',
      data: { name: DATA.symptoms },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, clip: true, fontSize: t.fontSize - 2 },
      encoding: { x: { ...x, field: 'x0' }, y: { value: 0 }, text: { field: 'label' }, color: { field: 'c', type: 'nominal', scale: null } },
    },
    // non-finite values: a faint band over each run of them with one label, and a mark per value at the top
    // edge in its series' colour (the line itself stops where the values stop being numbers)
    {
      name: 'eventSpans',
      data: { name: DATA.eventSpans },
      mark: { type: 'rect', opacity: t.highContrast ? 0.22 : 0.1, clip: true },
      encoding: { x: { ...x, field: 'x0' }, x2: { field: 'x1' }, color: { value: t.nonFinite } },
    },
    {
      name: 'eventSpanLabels',
      data: { name: DATA.eventSpans },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 14, fontSize: t.fontSize - 1, fontWeight: 'bold', clip: true },
      encoding: { x: { ...x, field: 'x0' }, y: { value: 0 }, text: { field: 'label' }, color: { value: t.nonFinite } },
    },
    {
      name: 'events',
      data: { name: DATA.events },
      mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1, opacity: 0.45, clip: true },
      encoding: { x, color: { field: 'c', type: 'nominal', scale: null } },
    },
    {
      name: 'eventTicks',
      data: { name: DATA.events },
      mark: { type: 'point', shape: 'triangle-down', filled: true, size: 42, clip: true },
      encoding: { x, y: { value: 4 }, color: { field: 'c', type: 'nominal', scale: null } },
    },
    {
      name: 'raw',
      data: { name: DATA.raw },
      mark: { type: 'line', clip: true, strokeWidth: t.highContrast ? 2 : 1.25, opacity: { expr: SIGNALS.rawOpacity }, ...(o.steps ? { interpolate: 'step-after' } : {}) },
      encoding: { x, y, ...series },
    },
    {
      name: 'smooth',
      data: { name: DATA.smooth },
      mark: { type: 'line', clip: true, strokeWidth: t.highContrast ? 2.5 : 2 },
      encoding: { x, y, ...series },
    },
    {
      name: 'clipped',
      data: { name: DATA.clipped },
      mark: { type: 'point', filled: true, size: 36, opacity: 0.9 },
      encoding: { x, y, color: { field: 'c', type: 'nominal', scale: null }, shape: { field: 'shape', type: 'nominal', scale: null } },
    },
    {
      name: 'best',
      data: { name: DATA.best },
      mark: { type: 'point', shape: 'diamond', size: 110, filled: false, strokeWidth: 2, clip: true },
      encoding: { x, y, color: { value: t.best } },
    },
    {
      name: 'bestLabels',
      data: { name: DATA.best },
      // beside the diamond, towards the inside of the plot: above a minimum, below a maximum (the best
      // accuracy is often the highest point drawn, the best loss the lowest), so the frame never cuts it
      mark: { type: 'text', text: 'best', align: 'left', dx: 8, dy: { expr: "datum.goal == 'min' ? -9 : 9" }, baseline: 'middle', fontSize: t.fontSize - 2, fontWeight: 'bold', clip: true },
      encoding: { x, y, color: { value: t.best } },
    },
    {
      name: 'cross',
      // one row, so the rule exists; where it is drawn is the crossX signal's business
      data: { values: [{}] },
      // kept inside the plot (a rule outside it would widen the view's bounds and shift the autosized layout)
      mark: { type: 'rule', strokeDash: [2, 2], color: t.crosshair, clip: true },
      encoding: { x: { value: { expr: `${SIGNALS.crossX} == null ? 0 : clamp(scale('x', ${SIGNALS.crossX}), 0, width)` } }, opacity: { value: { expr: `${SIGNALS.crossX} == null ? 0 : 0.8` } } },
    },
    {
      name: 'hover',
      data: { name: DATA.hover },
      mark: { type: 'point', filled: true, size: 40, stroke: t.background, strokeWidth: 1, clip: true },
      encoding: { x, y, color: { field: 'c', type: 'nominal', scale: null } },
    },
  ];

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: o.width,
    height: o.height,
    autosize: { type: 'fit', contains: 'padding', resize: true },
    padding: { left: 4, right: 12, top: 8, bottom: 4 },
    config: vegaConfig(t),
    params: [
      { name: SIGNALS.xDomain, value: [0, 1] },
      { name: SIGNALS.yDomain, value: o.yScale === 'log' ? [0.1, 1] : [0, 1] },
      { name: SIGNALS.crossX, value: null },
      { name: SIGNALS.rawOpacity, value: 0.3 },
      { name: SIGNALS.xTitle, value: o.xTitle ?? '' },
      { name: SIGNALS.yTitle, value: o.yTitle ?? '' },
    ],
    layer: layers,
  } as unknown as TopLevelSpec;
}

/**
 * Removes the per-row validity filters Vega-Lite puts in front of every layer (`isValid(x) && isFinite(+x)
 * ...`): our rows are finite by construction (non-finite values are events, checked by the protocol), and
 * under the CSP every such expression is interpreted once per row per paint.
 */
export function dropValidityFilters<T>(vgSpec: T): T {
  const spec = vgSpec as { data?: { name: string; source?: string; transform?: { type: string; expr?: string }[] }[] };
  for (const d of spec.data ?? []) {
    if (!d.transform) continue;
    d.transform = d.transform.filter(tr => !(tr.type === 'filter' && typeof tr.expr === 'string' && /^isValid\(datum\["\w+"\]\) && isFinite\(\+datum\["\w+"\]\)/.test(tr.expr)));
    if (d.transform.length === 0) delete d.transform;
  }
  return vgSpec;
}

/**
 * Messages between the extension host and the curves webview (both sides import this file; it imports neither
 * `vscode` nor the DOM). Every payload is plain JSON: numbers are finite numbers, non-finite values travel as
 * the strings "NaN" / "Infinity" / "-Infinity", and every string that came from a log (metric, file and run
 * names) is data the webview renders as text. Both sides validate what they receive with the parsers below
 * and switch over `type` exhaustively, so adding a message is a compile error until both sides handle it.
 *
 * The conversation: the webview posts `ready` (with its saved view state and plot width); the host answers
 * `init` with the runs and the first data slice, then pushes `append` while a log grows, `runs` when a run is
 * re-read or added, `data` in reply to `query` (zoom, x axis change), `live`, `symptoms` and `notice`.
 * The webview reports what it drew with `rendered` after every paint.
 */

export const PROTOCOL_VERSION = 1;

export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';
export type NonFiniteKind = 'NaN' | 'Infinity' | '-Infinity';
export type XAxisKind = 'epoch' | 'step' | 'wall';
export type SplitName = 'train' | 'val' | 'test';
export type YScaleKind = 'linear' | 'log';
export type Severity = 'error' | 'warning' | 'info';

export const X_AXES: readonly XAxisKind[] = ['epoch', 'step', 'wall'];

export interface SeriesInfo {
  /** Unique within a panel session; data slices refer to series by it. */
  key: string;
  metric: string;
  split: SplitName | null;
  /** The name as written in the log. */
  name: string;
  segment: number;
  /** The x the log gives natively. */
  x: 'epoch' | 'step';
  /** The x axes this series can be drawn against. */
  axes: XAxisKind[];
  count: number;
  scale?: 'percent' | 'fraction';
  /** Set on the run's validation loss (min) and accuracy (max): its best point is marked. */
  goal?: 'min' | 'max';
}

export interface RunInfo {
  id: string;
  /** Short name (the file name); the legend's text. */
  label: string;
  /** The file as the user knows it (workspace-relative where possible). */
  path: string;
  format: string | null;
  live: boolean;
  segments: number;
  /** The first few parse warnings, and how many there were. */
  warnings: { line: number; message: string }[];
  warningCount: number;
  /** Why the file could not be read as a run, if it could not. */
  error: string | null;
  series: SeriesInfo[];
  /** Unit of the wall-time axis, when the run has wall times. */
  wallUnit?: 's' | 'min' | 'h';
}

export interface NonFiniteMarker {
  x: number;
  kind: NonFiniteKind;
  /** How many non-finite values of this kind the marker stands for (more than 1 on a reduced series). */
  count: number;
  /** 1-based source line of the first of them. */
  line: number;
}

export interface BestPoint {
  x: number;
  y: number;
  line: number;
  goal: 'min' | 'max';
}

/** One series' points for the current x axis and range: the drawn points plus what the view derives. */
export interface SeriesSlice {
  key: string;
  /** Drawn points: finite x and y; a reduced series keeps every bucket's LTTB point, min and max. */
  xs: number[];
  ys: number[];
  lines: number[];
  /** Smoothing input (bucket means) when the series is reduced; else the drawn points are used. */
  mx?: number[];
  my?: number[];
  /** The x distance one step of the smoothing average stands for. */
  unit: number;
  events: NonFiniteMarker[];
  best?: BestPoint;
  /** Raw points in the range. */
  total: number;
  reduced: boolean;
}

export interface DataSlice {
  /** The `query` this answers (0 for data the host pushed by itself). */
  seq: number;
  axis: XAxisKind;
  /** The x range the points cover; null for everything. */
  range: [number, number] | null;
  series: SeriesSlice[];
}

/** Points appended to a series while its log grows, raw (values may be non-finite). */
export interface AppendSlice {
  key: string;
  xs: number[];
  ys: JsonNumber[];
  lines: number[];
  /** The series' point count after the append. */
  total: number;
}

/** A diagnosis finding drawn over the curves as a band (plain data, from the diagnose feature). */
export interface SymptomMarker {
  symptom: string;
  severity: Severity;
  segment: number;
  /** [start, end] on the x axis named by `axis` (epoch when absent). */
  x: [number, number];
  label: string;
  axis?: XAxisKind;
}

/** What the user set in the view; kept by the webview (getState/setState) and sent with `ready`. */
export interface ViewState {
  /** null: the default axis for the runs. */
  axis: XAxisKind | null;
  /** 0 (off) .. 0.999. */
  smoothing: number;
  /** Metrics shown as panels, in order; null: the defaults. */
  panels: string[] | null;
  /** y scale per metric where the user chose one. */
  scales: Record<string, YScaleKind>;
  ignoreOutliers: boolean;
  /** Hidden runs (by path) and hidden series (by `path#name#segment`). */
  hidden: string[];
  zoom: [number, number] | null;
}

/** What the webview persists with setState: enough for the serializer to reopen the panel where it was. */
export interface PersistedState {
  version: number;
  /** The runs' URIs, as strings. */
  runs: string[];
  view: ViewState;
}

export interface RenderReport {
  /** The data slice drawn (its seq), and what triggered the paint. */
  seq: number;
  trigger: 'data' | 'append' | 'view' | 'theme' | 'resize';
  axis: XAxisKind;
  smoothing: number;
  theme: string;
  panels: PanelReport[];
  /** performance.now() in the webview when the message that caused the paint arrived, and after the paint. */
  received: number;
  painted: number;
}

export interface PanelReport {
  metric: string;
  scale: YScaleKind;
  yDomain: [number, number] | null;
  /** Items found in the rendered scene graph, by layer. */
  marks: { raw: number; smoothed: number; events: number; clipped: number; best: number; symptoms: number };
  /** Rendered line points per series key. */
  series: { key: string; raw: number; smoothed: number; events: number; clipped: number }[];
}

export type ImageFormat = 'png' | 'svg';

export type HostToView =
  | { type: 'init'; version: number; runs: RunInfo[]; data: DataSlice; state: ViewState | null }
  | { type: 'runs'; runs: RunInfo[]; data: DataSlice }
  | { type: 'data'; data: DataSlice }
  | { type: 'append'; runId: string; series: AppendSlice[] }
  | { type: 'live'; runId: string; live: boolean }
  | { type: 'symptoms'; runId: string; markers: SymptomMarker[] }
  | { type: 'notice'; level: Severity; text: string };

export type ViewToHost =
  | { type: 'ready'; version: number; state: ViewState | null; width: number }
  | { type: 'query'; seq: number; axis: XAxisKind; range: [number, number] | null; budget: number }
  | { type: 'revealLine'; runId: string; line: number }
  | { type: 'exportImage'; format: ImageFormat; data: string }
  | { type: 'exportCsv'; axis: XAxisKind; range: [number, number] | null; keys: string[]; smoothing: number }
  | { type: 'rendered'; report: RenderReport }
  | { type: 'addRun' }
  | { type: 'removeRun'; runId: string }
  | { type: 'viewError'; message: string };

export function assertNever(x: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Validation. Each parser returns the typed message or throws a ProtocolError naming the bad field; the
// receiver logs it and drops the message. Messages are checked field by field: nothing is trusted because
// it type-checked on the other side (a stale webview after an update may speak an older dialect).

export class ProtocolError extends Error {}

type Obj = Record<string, unknown>;

function fail(path: string, want: string, got: unknown): never {
  const shown = typeof got === 'string' ? JSON.stringify(got.slice(0, 40)) : Array.isArray(got) ? 'array' : got === null ? 'null' : typeof got;
  throw new ProtocolError(`${path}: expected ${want}, got ${shown}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'object', v);
  return v as Obj;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'string', v);
  return v;
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'finite number', v);
  return v;
}

function int(v: unknown, path: string): number {
  if (!Number.isInteger(v)) fail(path, 'integer', v);
  return v as number;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'boolean', v);
  return v;
}

function oneOf<T extends string>(v: unknown, options: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) fail(path, options.join(' | '), v);
  return v as T;
}

function arr<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, 'array', v);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** Number arrays are the bulk of the traffic: checked in one loop, returned as is. */
function nums(v: unknown, path: string): number[] {
  if (!Array.isArray(v)) fail(path, 'array', v);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${path}[${i}]`, 'finite number', x);
  }
  return v as number[];
}

function jsonNums(v: unknown, path: string): JsonNumber[] {
  if (!Array.isArray(v)) fail(path, 'array', v);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x === 'number' ? !Number.isFinite(x) : x !== 'NaN' && x !== 'Infinity' && x !== '-Infinity') fail(`${path}[${i}]`, 'number or "NaN" / "Infinity" / "-Infinity"', x);
  }
  return v as JsonNumber[];
}

function range(v: unknown, path: string): [number, number] | null {
  if (v === null) return null;
  const r = nums(v, path);
  if (r.length !== 2 || !(r[0]! <= r[1]!)) fail(path, '[low, high]', v);
  return [r[0]!, r[1]!];
}

function sameLength(path: string, ...lists: unknown[][]): void {
  const n = lists[0]!.length;
  if (lists.some(l => l.length !== n)) throw new ProtocolError(`${path}: columns of different lengths`);
}

const SPLITS = ['train', 'val', 'test'] as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;
const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;

function seriesInfo(v: unknown, p: string): SeriesInfo {
  const o = obj(v, p);
  const out: SeriesInfo = {
    key: str(o.key, `${p}.key`),
    metric: str(o.metric, `${p}.metric`),
    split: o.split === null ? null : oneOf(o.split, SPLITS, `${p}.split`),
    name: str(o.name, `${p}.name`),
    segment: int(o.segment, `${p}.segment`),
    x: oneOf(o.x, ['epoch', 'step'] as const, `${p}.x`),
    axes: arr(o.axes, `${p}.axes`, (a, q) => oneOf(a, X_AXES, q)),
    count: int(o.count, `${p}.count`),
  };
  if (o.scale !== undefined) out.scale = oneOf(o.scale, ['percent', 'fraction'] as const, `${p}.scale`);
  if (o.goal !== undefined) out.goal = oneOf(o.goal, ['min', 'max'] as const, `${p}.goal`);
  return out;
}

function runInfo(v: unknown, p: string): RunInfo {
  const o = obj(v, p);
  const out: RunInfo = {
    id: str(o.id, `${p}.id`),
    label: str(o.label, `${p}.label`),
    path: str(o.path, `${p}.path`),
    format: o.format === null ? null : str(o.format, `${p}.format`),
    live: bool(o.live, `${p}.live`),
    segments: int(o.segments, `${p}.segments`),
    warnings: arr(o.warnings, `${p}.warnings`, (w, q) => {
      const wo = obj(w, q);
      return { line: int(wo.line, `${q}.line`), message: str(wo.message, `${q}.message`) };
    }),
    warningCount: int(o.warningCount, `${p}.warningCount`),
    error: o.error === null ? null : str(o.error, `${p}.error`),
    series: arr(o.series, `${p}.series`, seriesInfo),
  };
  if (o.wallUnit !== undefined) out.wallUnit = oneOf(o.wallUnit, ['s', 'min', 'h'] as const, `${p}.wallUnit`);
  return out;
}

function seriesSlice(v: unknown, p: string): SeriesSlice {
  const o = obj(v, p);
  const out: SeriesSlice = {
    key: str(o.key, `${p}.key`),
    xs: nums(o.xs, `${p}.xs`),
    ys: nums(o.ys, `${p}.ys`),
    lines: nums(o.lines, `${p}.lines`),
    unit: num(o.unit, `${p}.unit`),
    events: arr(o.events, `${p}.events`, (e, q) => {
      const eo = obj(e, q);
      return { x: num(eo.x, `${q}.x`), kind: oneOf(eo.kind, NON_FINITE, `${q}.kind`), count: int(eo.count, `${q}.count`), line: int(eo.line, `${q}.line`) };
    }),
    total: int(o.total, `${p}.total`),
    reduced: bool(o.reduced, `${p}.reduced`),
  };
  sameLength(p, out.xs, out.ys, out.lines);
  if (o.mx !== undefined || o.my !== undefined) {
    out.mx = nums(o.mx, `${p}.mx`);
    out.my = nums(o.my, `${p}.my`);
    sameLength(p, out.mx, out.my);
  }
  if (o.best !== undefined) {
    const b = obj(o.best, `${p}.best`);
    out.best = { x: num(b.x, `${p}.best.x`), y: num(b.y, `${p}.best.y`), line: int(b.line, `${p}.best.line`), goal: oneOf(b.goal, ['min', 'max'] as const, `${p}.best.goal`) };
  }
  return out;
}

function dataSlice(v: unknown, p: string): DataSlice {
  const o = obj(v, p);
  return { seq: int(o.seq, `${p}.seq`), axis: oneOf(o.axis, X_AXES, `${p}.axis`), range: range(o.range, `${p}.range`), series: arr(o.series, `${p}.series`, seriesSlice) };
}

function appendSlice(v: unknown, p: string): AppendSlice {
  const o = obj(v, p);
  const out: AppendSlice = { key: str(o.key, `${p}.key`), xs: nums(o.xs, `${p}.xs`), ys: jsonNums(o.ys, `${p}.ys`), lines: nums(o.lines, `${p}.lines`), total: int(o.total, `${p}.total`) };
  sameLength(p, out.xs, out.ys, out.lines);
  return out;
}

function symptomMarker(v: unknown, p: string): SymptomMarker {
  const o = obj(v, p);
  const out: SymptomMarker = {
    symptom: str(o.symptom, `${p}.symptom`),
    severity: oneOf(o.severity, SEVERITIES, `${p}.severity`),
    segment: int(o.segment, `${p}.segment`),
    x: range(o.x, `${p}.x`) ?? fail(`${p}.x`, '[start, end]', null),
    label: str(o.label, `${p}.label`),
  };
  if (o.axis !== undefined) out.axis = oneOf(o.axis, X_AXES, `${p}.axis`);
  return out;
}

/** Validates diagnosis markers handed to the curves view (by the diagnose feature, through a command). */
export function parseSymptomMarkers(v: unknown): SymptomMarker[] {
  return arr(v, 'markers', symptomMarker);
}

export function parseViewState(v: unknown, p = 'state'): ViewState {
  const o = obj(v, p);
  const scales = obj(o.scales, `${p}.scales`);
  const out: ViewState = {
    axis: o.axis === null ? null : oneOf(o.axis, X_AXES, `${p}.axis`),
    smoothing: num(o.smoothing, `${p}.smoothing`),
    panels: o.panels === null ? null : arr(o.panels, `${p}.panels`, str),
    scales: {},
    ignoreOutliers: bool(o.ignoreOutliers, `${p}.ignoreOutliers`),
    hidden: arr(o.hidden, `${p}.hidden`, str),
    zoom: range(o.zoom, `${p}.zoom`),
  };
  for (const [k, s] of Object.entries(scales)) out.scales[k] = oneOf(s, ['linear', 'log'] as const, `${p}.scales.${k}`);
  return out;
}

export function parsePersistedState(v: unknown): PersistedState {
  const o = obj(v, 'persisted');
  return { version: int(o.version, 'persisted.version'), runs: arr(o.runs, 'persisted.runs', str), view: parseViewState(o.view, 'persisted.view') };
}

function panelReport(v: unknown, p: string): PanelReport {
  const o = obj(v, p);
  const m = obj(o.marks, `${p}.marks`);
  return {
    metric: str(o.metric, `${p}.metric`),
    scale: oneOf(o.scale, ['linear', 'log'] as const, `${p}.scale`),
    yDomain: range(o.yDomain, `${p}.yDomain`),
    marks: {
      raw: int(m.raw, `${p}.marks.raw`), smoothed: int(m.smoothed, `${p}.marks.smoothed`), events: int(m.events, `${p}.marks.events`),
      clipped: int(m.clipped, `${p}.marks.clipped`), best: int(m.best, `${p}.marks.best`), symptoms: int(m.symptoms, `${p}.marks.symptoms`),
    },
    series: arr(o.series, `${p}.series`, (s, q) => {
      const so = obj(s, q);
      return { key: str(so.key, `${q}.key`), raw: int(so.raw, `${q}.raw`), smoothed: int(so.smoothed, `${q}.smoothed`), events: int(so.events, `${q}.events`), clipped: int(so.clipped, `${q}.clipped`) };
    }),
  };
}

function renderReport(v: unknown, p: string): RenderReport {
  const o = obj(v, p);
  return {
    seq: int(o.seq, `${p}.seq`),
    trigger: oneOf(o.trigger, ['data', 'append', 'view', 'theme', 'resize'] as const, `${p}.trigger`),
    axis: oneOf(o.axis, X_AXES, `${p}.axis`),
    smoothing: num(o.smoothing, `${p}.smoothing`),
    theme: str(o.theme, `${p}.theme`),
    panels: arr(o.panels, `${p}.panels`, panelReport),
    received: num(o.received, `${p}.received`),
    painted: num(o.painted, `${p}.painted`),
  };
}

/** Validates a message the webview received. */
export function parseHostToView(v: unknown): HostToView {
  const o = obj(v, 'message');
  const type = str(o.type, 'message.type') as HostToView['type'];
  switch (type) {
    case 'init':
      return { type, version: int(o.version, 'init.version'), runs: arr(o.runs, 'init.runs', runInfo), data: dataSlice(o.data, 'init.data'), state: o.state === null ? null : parseViewState(o.state, 'init.state') };
    case 'runs':
      return { type, runs: arr(o.runs, 'runs.runs', runInfo), data: dataSlice(o.data, 'runs.data') };
    case 'data':
      return { type, data: dataSlice(o.data, 'data.data') };
    case 'append':
      return { type, runId: str(o.runId, 'append.runId'), series: arr(o.series, 'append.series', appendSlice) };
    case 'live':
      return { type, runId: str(o.runId, 'live.runId'), live: bool(o.live, 'live.live') };
    case 'symptoms':
      return { type, runId: str(o.runId, 'symptoms.runId'), markers: arr(o.markers, 'symptoms.markers', symptomMarker) };
    case 'notice':
      return { type, level: oneOf(o.level, SEVERITIES, 'notice.level'), text: str(o.text, 'notice.text') };
    default:
      return fail('message.type', 'a host-to-view message type', assertType<never>(type));
  }
}

/** Validates a message the host received. */
export function parseViewToHost(v: unknown): ViewToHost {
  const o = obj(v, 'message');
  const type = str(o.type, 'message.type') as ViewToHost['type'];
  switch (type) {
    case 'ready':
      return { type, version: int(o.version, 'ready.version'), state: o.state === null ? null : parseViewState(o.state, 'ready.state'), width: num(o.width, 'ready.width') };
    case 'query':
      return { type, seq: int(o.seq, 'query.seq'), axis: oneOf(o.axis, X_AXES, 'query.axis'), range: range(o.range, 'query.range'), budget: int(o.budget, 'query.budget') };
    case 'revealLine':
      return { type, runId: str(o.runId, 'revealLine.runId'), line: int(o.line, 'revealLine.line') };
    case 'exportImage':
      return { type, format: oneOf(o.format, ['png', 'svg'] as const, 'exportImage.format'), data: str(o.data, 'exportImage.data') };
    case 'exportCsv':
      return { type, axis: oneOf(o.axis, X_AXES, 'exportCsv.axis'), range: range(o.range, 'exportCsv.range'), keys: arr(o.keys, 'exportCsv.keys', str), smoothing: num(o.smoothing, 'exportCsv.smoothing') };
    case 'rendered':
      return { type, report: renderReport(o.report, 'rendered.report') };
    case 'addRun':
      return { type };
    case 'removeRun':
      return { type, runId: str(o.runId, 'removeRun.runId') };
    case 'viewError':
      return { type, message: str(o.message, 'viewError.message') };
    default:
      return fail('message.type', 'a view-to-host message type', assertType<never>(type));
  }
}

// Makes the `default:` branches exhaustive at compile time while still failing cleanly at run time.
function assertType<T>(v: T): T {
  return v;
}

export const DEFAULT_VIEW_STATE: ViewState = { axis: null, smoothing: 0.6, panels: null, scales: {}, ignoreOutliers: false, hidden: [], zoom: null };

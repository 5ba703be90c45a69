import { epochCount, type Run, type Series } from './model';

/** A number as the JSON shapes write it: non-finite values as the strings "NaN", "Infinity", "-Infinity". */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export interface SeriesJson {
  metric: string;
  split: Series['split'];
  name: string;
  segment: number;
  x: Series['x'];
  points: [JsonNumber, JsonNumber][];
  lines: number[];
  epochAt?: JsonNumber[];
  wallTime?: JsonNumber[];
  scale?: Series['scale'];
}

/** The shape of `train-doctor parse <log> --json` (fixed by the foundation issue: extend, never change). */
export interface RunJson {
  file: string;
  format: string;
  epochs: number | null;
  segments: number;
  series: SeriesJson[];
  warnings: { line: number; message: string }[];
  /** For a run folder (TensorBoard, MLflow): the files it was read from, relative to `file`. */
  files?: string[];
}

export function jsonNumber(v: number): JsonNumber {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Infinity' : '-Infinity';
}

export function fromJsonNumber(v: JsonNumber): number {
  return typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
}

export function seriesToJson(s: Series): SeriesJson {
  const n = s.ys.length;
  const points: [JsonNumber, JsonNumber][] = new Array(n);
  for (let i = 0; i < n; i++) points[i] = [jsonNumber(s.xs.at(i)), jsonNumber(s.ys.at(i))];
  const out: SeriesJson = { metric: s.metric, split: s.split, name: s.name, segment: s.segment, x: s.x, points, lines: s.lines.toArray() };
  if (s.epochAt) out.epochAt = s.epochAt.toArray().map(jsonNumber);
  if (s.wallTime) out.wallTime = s.wallTime.toArray().map(jsonNumber);
  if (s.scale) out.scale = s.scale;
  return out;
}

export function runToJson(run: Run): RunJson {
  return {
    file: run.file,
    format: run.format,
    epochs: epochCount(run),
    segments: run.segments,
    series: run.series.map(seriesToJson),
    warnings: run.warnings.map(w => ({ line: w.line, message: w.message })),
    ...(run.files ? { files: run.files } : {}),
  };
}

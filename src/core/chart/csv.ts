import type { Series } from '../run/model';
import type { XAxisKind } from '../../shared/protocol';
import { axisValues, type WallClock } from './axes';
import { emaSmooth, typicalGap } from './ema';
import { indexRange } from './series-slice';

/**
 * CSV of the plotted series, at full resolution: every raw point of each series in the visible x range (not
 * the reduced points the chart draws), with the smoothed value the slider's weight gives and the source line.
 * Non-finite values are written `NaN` / `Infinity` / `-Infinity`, as Python and pandas read them.
 */

export interface CsvSeries {
  run: string;
  series: Series;
  clock: WallClock | undefined;
}

export interface CsvRequest {
  axis: XAxisKind;
  range: [number, number] | null;
  smoothing: number;
}

export const CSV_HEADER = ['run', 'metric', 'split', 'name', 'segment', 'axis', 'x', 'value', 'smoothed', 'line'];

export function plottedCsv(items: readonly CsvSeries[], req: CsvRequest): string {
  const out: string[] = [CSV_HEADER.join(',')];
  for (const { run, series: s, clock } of items) {
    const xs = axisValues(s, req.axis, clock);
    if (!xs) continue;
    const ys = s.ys.view(0, xs.length);
    const [from, to] = req.range ? indexRange(xs, req.range) : [0, xs.length];
    // smoothing runs over the whole series so a zoomed export matches the zoomed chart's curve
    const smoothed = req.smoothing > 0 ? emaSmooth(xs, ys, req.smoothing, typicalGap(xs)) : undefined;
    const prefix = [cell(run), cell(s.metric), cell(s.split ?? ''), cell(s.name), String(s.segment), req.axis].join(',');
    for (let i = from; i < to; i++) {
      const x = xs[i]!;
      if (!Number.isFinite(x)) continue;
      out.push(`${prefix},${x},${numberCell(ys[i]!)},${smoothed ? numberCell(smoothed[i]!) : ''},${s.lines.at(i)}`);
    }
  }
  return out.join('\n') + '\n';
}

function numberCell(v: number): string {
  return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/**
 * A text cell (RFC 4180 quoting). Names come from log files: one that starts like a formula (`=`, `+`, `-`,
 * `@`, tab, CR) gets a leading `'` so a spreadsheet shows it instead of evaluating it (OWASP "CSV injection").
 */
export function cell(text: string): string {
  let t = text;
  if (/^[=+\-@\t\r]/.test(t)) t = `'${t}`;
  return /[",\r\n]/.test(t) || t !== text ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Parses CSV produced by `plottedCsv` (RFC 4180): used by tests and by nothing else. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

import type { LineParser } from '../log-format';
import type { Series, XAxis } from '../../run/model';
import type { RunBuilder, SeriesOptions } from '../../run/run-builder';
import { codeAt, scanEnd, scanNumber } from '../numbers';

/** What each column of a CSV table is, decided once from its header. */
export interface ColumnPlan {
  /** Column of the x value; -1: the row number. */
  xCol: number;
  axis: XAxis;
  /** Column of the epoch of a step row (Lightning's `epoch` beside `step`); -1 when none. */
  epochCol: number;
  /** Column of wall-clock seconds; -1 when none. `timeScale` converts it to seconds (ms → 0.001). */
  timeCol: number;
  timeScale?: number;
  /** One entry per metric column; `xCol` when its x is another column than the row's (Lightning `*_epoch`). */
  metrics: { col: number; name: string; options: SeriesOptions; xCol?: number }[];
}

/** Cell values of a row that were not numbers and not empty (`NA`, a word): the columns they are in. */
const NOT_NUMBER = 1;
const EMPTY = 2;

/**
 * The shared body of the CSV / TSV formats (Keras CSVLogger, Lightning, ultralytics, timm, generic tables). The
 * first non-blank line is the header; a format decides what each column is (`planColumns`); rows are read with
 * the hand-written number scanner, cell by cell, without splitting the line into strings (padded cells such as
 * YOLOv5's right-aligned ones included). Empty cells (Lightning's sparse rows) and `NA` (CSVLogger after early
 * stopping) are missing values; `nan`/`inf` are values. A row that repeats the header, or whose x goes back
 * (CSVLogger's append mode, a restart), starts a new segment.
 */
export abstract class CsvRowParser implements LineParser {
  protected header: string[] | null = null;
  private headerLine = '';
  protected sep = ',';
  private sepCode = 44;
  private plan: ColumnPlan | null = null;
  private series: Series[] = [];
  private seriesSegment = -1;
  private values = new Float64Array(16);
  private states = new Uint8Array(16);
  private lastX = -Infinity;
  /** Columns filled at the current x: `filledAt[col] === fillRound` (bumping the round empties the set). */
  private filledAt = new Float64Array(16);
  private fillRound = 1;
  private row = 0;
  private warnedShort = false;

  constructor(protected readonly out: RunBuilder) {}

  /** Decides what the columns are; null when this header is not one the format reads (warned). */
  protected abstract planColumns(header: string[], lineNo: number): ColumnPlan | null;

  /** Lines before the header that are not part of the table (none by default). */
  protected isPreamble(_text: string): boolean {
    return false;
  }

  line(text: string, lineNo: number): void {
    if (text.length === 0 || isBlank(text)) return;
    if (this.header === null) {
      if (this.isPreamble(text)) return;
      this.readHeader(text, lineNo);
      return;
    }
    if (text === this.headerLine || (text.length === this.headerLine.length && text.trim() === this.headerLine.trim())) {
      // the header again: CSVLogger(append=True) after a restart writes a new one in some versions
      this.out.newSegment();
      this.lastX = -Infinity;
      return;
    }
    if (this.plan) this.readRow(text, lineNo);
  }

  private readHeader(text: string, lineNo: number): void {
    this.sep = detectSeparator(text);
    this.sepCode = this.sep.charCodeAt(0);
    this.headerLine = text;
    this.header = splitCells(text, this.sep);
    this.plan = this.planColumns(this.header, lineNo);
    if (this.values.length < this.header.length) {
      this.values = new Float64Array(this.header.length);
      this.states = new Uint8Array(this.header.length);
      this.filledAt = new Float64Array(this.header.length);
    }
  }

  private readRow(text: string, lineNo: number): void {
    const plan = this.plan!;
    const ncols = this.header!.length;
    const values = this.values;
    const states = this.states;
    const n = text.length;
    const sep = this.sepCode;
    let pos = 0;
    let col = 0;
    for (; col < ncols && pos <= n; col++) {
      // one cell: a number, empty, or text
      let c = codeAt(text, pos);
      while (c === 32) c = codeAt(text, ++pos);
      if (c === 34 /* " */) {
        const close = text.indexOf('"', pos + 1);
        const cell = close < 0 ? text.slice(pos + 1) : text.slice(pos + 1, close);
        const v = scanNumber(cell, 0);
        if (scanEnd >= 0 && cell.slice(scanEnd).trim() === '') {
          values[col] = v;
          states[col] = 0;
        } else states[col] = cell.trim() === '' ? EMPTY : NOT_NUMBER;
        const next = close < 0 ? -1 : text.indexOf(this.sep, close);
        pos = next < 0 ? n + 1 : next + 1;
        continue;
      }
      if (c === sep || c === -1 || c === 13) {
        states[col] = EMPTY;
        pos++;
        continue;
      }
      const v = scanNumber(text, pos);
      let end = scanEnd;
      if (end >= 0) {
        let d = codeAt(text, end);
        while (d === 32) d = codeAt(text, ++end);
        if (d === sep || d === -1 || d === 13) {
          values[col] = v;
          states[col] = 0;
          pos = end + 1;
          continue;
        }
      }
      states[col] = NOT_NUMBER;
      const next = text.indexOf(this.sep, pos);
      pos = next < 0 ? n + 1 : next + 1;
    }
    if (col < ncols) {
      for (let k = col; k < ncols; k++) states[k] = EMPTY;
      if (!this.warnedShort) {
        this.warnedShort = true;
        this.out.warn(lineNo, `row has ${col} of ${ncols} columns (cut short?): the missing cells are left empty`);
      }
    }
    this.row++;
    let x: number;
    if (plan.xCol < 0) x = this.row;
    else if (states[plan.xCol] === 0) x = values[plan.xCol]!;
    else {
      this.out.warn(lineNo, `no ${this.header![plan.xCol]} in this row: skipped`);
      return;
    }
    // a restart: x goes back, or the same x fills the same columns again
    if (x < this.lastX || (x === this.lastX && this.refills())) {
      this.out.newSegment();
      this.fillRound++;
    }
    if (x !== this.lastX) this.fillRound++;
    this.lastX = x;
    if (this.seriesSegment !== this.out.currentSegment) {
      this.series = plan.metrics.map(m => this.out.series(m.name, m.options));
      this.seriesSegment = this.out.currentSegment;
    }
    const epoch = plan.epochCol >= 0 && states[plan.epochCol] === 0 ? values[plan.epochCol]! : NaN;
    const time = plan.timeCol >= 0 && states[plan.timeCol] === 0 ? values[plan.timeCol]! * (plan.timeScale ?? 1) : NaN;
    for (let m = 0; m < plan.metrics.length; m++) {
      const { col, xCol } = plan.metrics[m]!;
      const st = states[col];
      if (st === EMPTY) continue;
      if (st === NOT_NUMBER) {
        const cell = cellText(text, col, this.sep);
        if (!MISSING.has(cell.toLowerCase())) this.out.warn(lineNo, `${this.header![col]}: '${cell.slice(0, 20)}' is not a number: skipped`);
        continue;
      }
      this.filledAt[col] = this.fillRound;
      if (xCol === undefined) this.out.addOrReplace(this.series[m]!, x, values[col]!, lineNo, epoch, time);
      else if (states[xCol] === 0) this.out.addOrReplace(this.series[m]!, values[xCol]!, values[col]!, lineNo, epoch, time);
    }
  }

  private refills(): boolean {
    for (const m of this.plan!.metrics) if (this.states[m.col] === 0 && this.filledAt[m.col] === this.fillRound) return true;
    return false;
  }
}

/** Cells that mean "no value" rather than a broken one. */
const MISSING = new Set(['', 'na', 'n/a', 'none', 'null', '-']);

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The most frequent of `,` tab `;` in a header line (`,` on a tie). */
export function detectSeparator(header: string): string {
  let best = ',';
  let bestCount = count(header, ',');
  for (const s of ['\t', ';']) {
    const k = count(header, s);
    if (k > bestCount) {
      best = s;
      bestCount = k;
    }
  }
  return best;
}

function count(text: string, ch: string): number {
  let k = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) k++;
  return k;
}

/** Splits a CSV line into trimmed cells, honouring double quotes. */
export function splitCells(text: string, sep: string): string[] {
  if (!text.includes('"')) return text.split(sep).map(c => c.trim());
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

function cellText(text: string, col: number, sep: string): string {
  return (splitCells(text, sep)[col] ?? '').trim();
}

/** Finds a column by any of several names (case-insensitive, spaces trimmed); -1 when none. */
export function findColumn(header: string[], ...names: string[]): number {
  for (const name of names) {
    const i = header.findIndex(h => h.toLowerCase() === name);
    if (i >= 0) return i;
  }
  return -1;
}


import type { LogFormat } from '../log-format';
import type { XAxis } from '../../run/model';
import { CsvRowParser, detectSeparator, findColumn, splitCells, type ColumnPlan } from '../scan/csv-rows';
import { headLines } from '../scan/sniff';
import { scanEnd, scanNumber } from '../numbers';

/**
 * Any other CSV or TSV table of numbers with a header: a script's own `metrics.csv`, CatBoost's
 * `learn_error.tsv`, a spreadsheet export. x is the first of `step`, `global_step`, `iteration`, `iter`, `it`,
 * `batch` (a step series, with `epoch` as its epoch), else `epoch`, else the row number. A `wall_time` /
 * `timestamp` column (seconds) becomes wall time.
 */
export const genericCsv: LogFormat = {
  id: 'generic-csv',
  title: 'CSV / TSV table',
  sniff({ head, fileName }) {
    const lines = headLines(head, 6);
    if (lines.length < 2) return 0;
    const sep = detectSeparator(lines[0]!);
    const header = splitCells(lines[0]!, sep);
    if (header.length < 2 || header.some(h => h.length === 0 || /^-?[\d.]+$/.test(h))) return 0;
    const rows = lines.slice(1).map(l => splitCells(l, sep));
    const numericRows = rows.filter(r => r.length === header.length && r.filter(c => isNumber(c)).length >= Math.ceil(header.length / 2));
    if (numericRows.length === 0) return 0;
    const named = /\.(csv|tsv)$/i.test(fileName);
    const xCol = findColumn(header.map(h => h.toLowerCase()), ...X_NAMES, 'epoch');
    return (named ? 0.4 : 0.32) + (xCol >= 0 ? 0.1 : 0);
  },
  createLineParser: out => new GenericCsvParser(out),
};

const X_NAMES = ['step', 'global_step', 'iteration', 'iter', 'it', 'batch', 'steps', 'iterations'];
const TIME_NAMES = ['wall_time', 'walltime', 'timestamp', 'time_stamp', 'unix_time'];

function isNumber(cell: string): boolean {
  scanNumber(cell, 0);
  return scanEnd >= 0 && cell.slice(scanEnd).trim() === '';
}

class GenericCsvParser extends CsvRowParser {
  protected planColumns(header: string[]): ColumnPlan {
    const lower = header.map(h => h.toLowerCase());
    let xCol = findColumn(lower, ...X_NAMES);
    let axis: XAxis = 'step';
    const epochCol = findColumn(lower, 'epoch', 'epochs');
    if (xCol < 0 && epochCol >= 0) {
      xCol = epochCol;
      axis = 'epoch';
    }
    const timeCol = findColumn(lower, ...TIME_NAMES);
    const withEpoch = axis === 'step' && epochCol >= 0;
    return {
      xCol,
      axis,
      epochCol: withEpoch ? epochCol : -1,
      timeCol,
      metrics: header
        .map((name, col) => ({ col, name, options: { x: axis, ...(withEpoch ? { withEpoch } : {}), ...(timeCol >= 0 ? { withWallTime: true } : {}) } }))
        .filter(m => m.col !== xCol && m.col !== timeCol && m.col !== epochCol),
    };
  }
}

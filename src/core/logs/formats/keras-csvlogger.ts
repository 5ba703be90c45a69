import type { LogFormat } from '../log-format';
import { CsvRowParser, findColumn, type ColumnPlan } from '../scan/csv-rows';
import { headerCells } from '../scan/sniff';

/**
 * Keras `CSVLogger` (keras-team/keras keras/src/callbacks/csv_logger.py, on_epoch_end:
 * `self.keys = sorted(logs.keys())`, `fieldnames = ["epoch"] + self.keys`, missing keys written `"NA"`):
 *
 *     epoch,accuracy,loss,val_accuracy,val_loss
 *     0,0.9418667,0.19958884770199656,0.9679,0.10217399864746257
 *
 * Epochs are 0-based; Python's csv module ends lines with `\r\n` (`\r\r\n` when the file was opened in text
 * mode on Windows). `append=True` runs follow each other under one header, the epoch going back to 0: one
 * segment per run.
 */
export const kerasCsvLogger: LogFormat = {
  id: 'keras-csvlogger',
  title: 'Keras CSVLogger',
  sniff({ head }) {
    const cells = headerCells(head);
    if (cells[0] !== 'epoch' || cells.length < 2) return 0;
    const rest = cells.slice(1);
    if (rest.includes('step')) return 0; // Lightning
    const sorted = rest.every((c, i) => i === 0 || rest[i - 1]! <= c);
    const keras = rest.some(c => /^(val_)?(loss|acc|accuracy|lr|learning_rate)$/.test(c));
    if (sorted && keras) return 0.85;
    return sorted && rest.some(c => c.startsWith('val_')) ? 0.6 : 0;
  },
  createLineParser: out => new CsvLoggerParser(out),
};

class CsvLoggerParser extends CsvRowParser {
  protected planColumns(header: string[]): ColumnPlan {
    const xCol = findColumn(header, 'epoch');
    return {
      xCol,
      axis: 'epoch',
      epochCol: -1,
      timeCol: -1,
      metrics: header.map((name, col) => ({ col, name, options: { x: 'epoch' as const } })).filter(m => m.col !== xCol),
    };
  }
}

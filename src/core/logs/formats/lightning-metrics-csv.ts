import type { LogFormat } from '../log-format';
import { CsvRowParser, findColumn, type ColumnPlan } from '../scan/csv-rows';
import { headerCells } from '../scan/sniff';

/**
 * PyTorch Lightning's CSVLogger `lightning_logs/version_N/metrics.csv` (Lightning-AI/pytorch-lightning
 * src/lightning/fabric/loggers/csv_logs.py, _ExperimentWriter: one row per `log_metrics` call with its `step`,
 * written by csv.DictWriter over every key logged so far, empty where the row has no value; the keys are
 * sorted (`_record_new_keys`: `self.metrics_keys.sort()`) and the file is rewritten with a new header when a
 * new key appears):
 *
 *     epoch,step,test_loss,train_loss,val_accuracy,val_loss
 *     0,49,,0.634955883026123,,
 *     0,1718,,,0.9762,0.071064
 *
 * Training and validation values sit on separate rows; x is the `step` of each row with its `epoch`, so train
 * and val curves share one axis. Columns named `*_epoch` (`self.log(…, on_epoch=True)` with on_step too) are
 * per-epoch series; their `*_step` twins stay per step. Old versions put `step`/`epoch` last.
 */
export const lightningMetricsCsv: LogFormat = {
  id: 'lightning-metrics-csv',
  title: 'PyTorch Lightning metrics.csv',
  sniff({ head, fileName }) {
    const cells = headerCells(head);
    if (!cells.includes('step')) return 0;
    if (fileName === 'metrics.csv') return cells.includes('epoch') ? 0.95 : 0.7;
    // elsewhere, Lightning's own traits: keys sorted (the writer sorts them), `_step`/`_epoch` twins, or the
    // `…,step,epoch` ending of Lightning 1.x (which appended `step` to each row and the trainer's `epoch` after it)
    const sorted = cells.every((c, i) => i === 0 || cells[i - 1]! <= c);
    const twins = cells.some(c => /_(step|epoch)$/.test(c));
    const old = cells.length >= 3 && cells[cells.length - 2] === 'step' && cells[cells.length - 1] === 'epoch';
    return cells.includes('epoch') && (sorted || twins || old) ? 0.75 : 0;
  },
  createLineParser: out => new LightningParser(out),
};

class LightningParser extends CsvRowParser {
  protected planColumns(header: string[]): ColumnPlan {
    const stepCol = findColumn(header, 'step');
    const epochCol = findColumn(header, 'epoch');
    const metrics = header
      .map((name, col) => ({ col, name }))
      .filter(m => m.col !== stepCol && m.col !== epochCol)
      // per-epoch columns take the row's epoch as x
      .map(m => (m.name.endsWith('_epoch') && epochCol >= 0 ? { ...m, options: { x: 'epoch' as const }, xCol: epochCol } : { ...m, options: { x: 'step' as const, withEpoch: epochCol >= 0 } }));
    if (stepCol < 0) return { xCol: epochCol, axis: 'epoch', epochCol: -1, timeCol: -1, metrics: metrics.map(m => ({ col: m.col, name: m.name, options: { x: 'epoch' as const } })) };
    return { xCol: stepCol, axis: 'step', epochCol, timeCol: -1, metrics };
  }
}

import type { LogFormat } from '../log-format';
import { CsvRowParser, findColumn, type ColumnPlan } from '../scan/csv-rows';
import { headerCells } from '../scan/sniff';

/**
 * YOLOv5 and ultralytics (YOLOv8 and later) `runs/<task>/<name>/results.csv`.
 * YOLOv5 (ultralytics/yolov5 utils/loggers/__init__.py, Loggers.on_fit_epoch_end:
 * `s = "" if file.exists() else (("%20s," * n % tuple(["epoch"] + self.keys)).rstrip(",") + "\n")` then
 * `("%20.5g," * n % tuple([epoch] + vals)).rstrip(",")`): names and values right-aligned in 20-character cells,
 * 0-based epochs. ultralytics 8.0–8.2 pads to 23 characters; newer versions write plain CSV with 1-based epochs
 * and a `time` column (seconds since the start, kept as wall time).
 *
 *                    epoch,      train/box_loss, …,     metrics/mAP_0.5, …,        val/box_loss, …,               x/lr0
 *                        0,            0.044359, …,             0.61848, …,            0.041406, …,              0.0937
 *
 * `train/…` and `val/…` name their split; `metrics/…` (precision, recall, mAP) are validation metrics and keep
 * their names; `x/lr0`, `lr/pg0` … are the learning rates of the parameter groups.
 */
export const yoloResultsCsv: LogFormat = {
  id: 'yolo-results-csv',
  title: 'YOLOv5 / ultralytics results.csv',
  sniff({ head, fileName }) {
    const cells = headerCells(head);
    if (cells[0] !== 'epoch') return 0;
    const yolo = cells.some(c => c.startsWith('train/') && c.endsWith('_loss')) && cells.some(c => c.startsWith('metrics/') || c.startsWith('val/'));
    if (yolo) return fileName === 'results.csv' ? 0.97 : 0.9;
    return 0;
  },
  createLineParser: out => new YoloParser(out),
};

class YoloParser extends CsvRowParser {
  protected planColumns(header: string[]): ColumnPlan {
    const xCol = findColumn(header, 'epoch');
    const timeCol = findColumn(header, 'time');
    return {
      xCol,
      axis: 'epoch',
      epochCol: -1,
      timeCol,
      metrics: header
        .map((name, col) => ({ col, name, options: { x: 'epoch' as const, ...(timeCol >= 0 ? { withWallTime: true } : {}), ...(name.startsWith('metrics/') ? { split: 'val' as const, metric: name.slice('metrics/'.length).toLowerCase() } : {}) } }))
        .filter(m => m.col !== xCol && m.col !== timeCol),
    };
  }
}

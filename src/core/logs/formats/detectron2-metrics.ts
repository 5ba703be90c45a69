import type { LogFormat } from '../log-format';
import { JsonRowParser, type RowPlan } from '../scan/json-rows';
import { hasKey, objectLines } from '../scan/sniff';

/**
 * detectron2's `output/metrics.json`: one JSON object per line, keys sorted, x = `iteration`
 * (facebookresearch/detectron2 detectron2/utils/events.py, JSONWriter.write:
 * `to_save = {"iteration": storage.iter}` … `json.dumps(to_save, sort_keys=True) + "\n"`).
 *
 *     {"data_time": 0.0053, "eta_seconds": 311.2, "fast_rcnn/cls_accuracy": 0.125, "iteration": 19, …, "lr": 1.6e-05, "total_loss": 2.632}
 *
 * Evaluation rows carry `bbox/AP`… (bare `NaN` where COCO has no objects of a size: strict JSON rejects it).
 * `total_loss` is the run's loss. Appending a restarted run to the same file repeats iterations: a new segment.
 */
export const detectron2Metrics: LogFormat = {
  id: 'detectron2-metrics',
  title: 'detectron2 metrics.json',
  sniff({ head, fileName }) {
    const first = objectLines(head, 3);
    if (first.length === 0 || !first.every(l => hasKey(l, 'iteration'))) return 0;
    const d2 = first.some(l => hasKey(l, 'total_loss') || hasKey(l, 'eta_seconds') || hasKey(l, 'fast_rcnn/cls_accuracy') || hasKey(l, 'rank_data_time'));
    if (d2) return fileName === 'metrics.json' ? 0.97 : 0.9;
    return fileName === 'metrics.json' ? 0.6 : 0;
  },
  createLineParser: out => new Detectron2Parser(out),
};

const SKIP = new Set(['iteration']);

class Detectron2Parser extends JsonRowParser {
  protected plan(lineNo: number): RowPlan | null {
    const it = this.scanner.number('iteration');
    if (it === undefined) {
      this.out.warn(lineNo, 'row without "iteration": skipped');
      return null;
    }
    return { x: it, axis: 'step', context: null, skip: SKIP };
  }
}

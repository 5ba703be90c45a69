import type { LogFormat } from '../log-format';
import type { Split } from '../../run/model';
import { JsonRowParser, type RowPlan } from '../scan/json-rows';
import { hasKey, objectLines } from '../scan/sniff';

/**
 * mmcv 1.x / mmdetection 2.x `<timestamp>.log.json` (open-mmlab/mmcv mmcv/runner/hooks/logger/text.py,
 * TextLoggerHook._dump_log: one `json.dumps` per line of `log_dict` with `mode`, `epoch`, `iter` …):
 *
 *     {"env_info": "sys.platform: linux\n…", "config": "…", "seed": 1}
 *     {"mode": "train", "epoch": 1, "iter": 50, "lr": 0.00025, "memory": 6874, "data_time": 0.30, "loss_cls": 1.19, "acc": 73.92, "loss": 1.456, "time": 1.12}
 *     {"mode": "val", "epoch": 1, "iter": 361, "lr": 0.0018, "bbox_mAP": 0.037, …, "bbox_mAP_copypaste": "0.037 0.081 …"}
 *
 * `iter` counts within the epoch, so training rows are placed at a global step: the iterations of the earlier
 * epochs (the `iter` of their `val` row, which mmcv writes as the epoch's length, else the last logged `iter`)
 * plus `iter`. Validation rows are per epoch. The first line (environment and config) is not a metric row.
 */
export const mmdetLogJson: LogFormat = {
  id: 'mmdet-log-json',
  title: 'mmdetection 2.x / mmcv .log.json',
  sniff({ head, fileName }) {
    const rows = objectLines(head, 4).filter(l => hasKey(l, 'mode'));
    const named = fileName.endsWith('.log.json');
    if (rows.some(l => hasKey(l, 'epoch') && hasKey(l, 'iter'))) return named ? 0.97 : 0.88;
    if (named && objectLines(head, 1).some(l => hasKey(l, 'env_info'))) return 0.9;
    return 0;
  },
  createLineParser: out => new MmdetJsonParser(out),
};

const SKIP = new Set(['epoch', 'iter', 'mode', 'seed']);

class MmdetJsonParser extends JsonRowParser {
  private epoch = NaN;
  /** Global step of the first iteration of the current epoch. */
  private offset = 0;
  private epochLength = 0;
  private lastIter = 0;

  protected plan(lineNo: number): RowPlan | null {
    const s = this.scanner;
    const mode = s.string('mode');
    if (mode === undefined) {
      // the environment / config line at the top
      if (s.indexOf('env_info') < 0 && s.indexOf('config') < 0) this.out.warn(lineNo, 'row without "mode": skipped');
      return null;
    }
    const epoch = s.number('epoch');
    const iter = s.number('iter');
    if (epoch === undefined || iter === undefined) {
      this.out.warn(lineNo, 'row without "epoch" and "iter": skipped');
      return null;
    }
    if (epoch !== this.epoch) {
      if (epoch < this.epoch) {
        this.offset = 0;
      } else if (Number.isFinite(this.epoch)) {
        this.offset += (this.epochLength || this.lastIter) * (epoch - this.epoch);
      }
      this.epoch = epoch;
      this.epochLength = 0;
      this.lastIter = 0;
    }
    if (mode === 'train') {
      this.lastIter = iter;
      return { x: this.offset + iter, axis: 'step', epoch, context: 'train', skip: SKIP };
    }
    this.epochLength = iter;
    const split: Split = mode === 'test' ? 'test' : 'val';
    return { x: epoch, axis: 'epoch', context: split, skip: SKIP };
  }
}

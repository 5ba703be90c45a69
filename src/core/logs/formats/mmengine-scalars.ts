import type { LogFormat } from '../log-format';
import { JsonRowParser, type RowPlan } from '../scan/json-rows';
import { hasKey, objectLines } from '../scan/sniff';

/**
 * MMEngine's `work_dirs/<run>/<timestamp>/vis_data/scalars.json` (mmdet 3.x, mmpretrain, mmseg, mmocr …),
 * written by LocalVisBackend.add_scalars (open-mmlab/mmengine mmengine/visualization/vis_backend.py:
 * `scalar_dict.setdefault('step', step)` then one JSON dump per line). The LoggerHook passes
 * `step=runner.iter + 1` for training rows and `step=epoch` for by-epoch validation rows
 * (mmengine/hooks/logger_hook.py):
 *
 *     {"lr": 0.0001, "data_time": 0.003, "loss": 2.29, "time": 0.010, "epoch": 1, "iter": 150, "memory": 120, "step": 150}
 *     {"accuracy/top1": 23.98, "accuracy/top5": 66.05, "data_time": 0.002, "time": 0.006, "step": 1}
 *
 * Training rows become step series (with their epoch); rows without `iter` are validation: by-epoch runs (whose
 * training rows carry `epoch`) plot them per epoch, iteration-based runs per step.
 */
export const mmengineScalars: LogFormat = {
  id: 'mmengine-scalars',
  title: 'MMEngine vis_data/scalars.json',
  sniff({ head, fileName }) {
    const first = objectLines(head, 3);
    if (first.length === 0 || !first.every(l => hasKey(l, 'step'))) return 0;
    if (first.some(l => hasKey(l, 'mode'))) return 0; // mmcv 1.x .log.json
    const mm = first.some(l => hasKey(l, 'data_time') && hasKey(l, 'time') && (hasKey(l, 'iter') || hasKey(l, 'memory') || hasKey(l, 'base_lr')));
    if (mm) return fileName === 'scalars.json' ? 0.97 : 0.88;
    return fileName === 'scalars.json' ? 0.7 : 0;
  },
  createLineParser: out => new ScalarsParser(out),
};

const TRAIN_SKIP = new Set(['step', 'epoch', 'iter']);
const VAL_SKIP = new Set(['step']);

class ScalarsParser extends JsonRowParser {
  private byEpoch: boolean | null = null;

  protected plan(lineNo: number): RowPlan | null {
    const s = this.scanner;
    const step = s.number('step');
    if (step === undefined) {
      this.out.warn(lineNo, 'row without "step": skipped');
      return null;
    }
    if (s.indexOf('iter') >= 0 || s.indexOf('epoch') >= 0) {
      const epoch = s.number('epoch');
      if (this.byEpoch === null) this.byEpoch = epoch !== undefined;
      return epoch === undefined ? { x: step, axis: 'step', context: 'train', skip: TRAIN_SKIP } : { x: step, axis: 'step', epoch, context: 'train', skip: TRAIN_SKIP };
    }
    // validation / test rows: metric names such as accuracy/top1, coco/bbox_mAP, val/loss
    return { x: step, axis: this.byEpoch === false ? 'step' : 'epoch', context: 'val', skip: VAL_SKIP };
  }
}

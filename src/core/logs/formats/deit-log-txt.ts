import type { LogFormat } from '../log-format';
import { JsonRowParser, type RowPlan } from '../scan/json-rows';
import { hasKey, objectLines } from '../scan/sniff';

/**
 * The `log.txt` of DeiT, MAE, DINO, ConvNeXt and their many descendants: one JSON object per epoch, keys
 * `train_*` and `test_*` (facebookresearch/deit main.py:
 * `log_stats = {**{f'train_{k}': v …}, **{f'test_{k}': v …}, 'epoch': epoch, 'n_parameters': n_parameters}`
 * then `f.write(json.dumps(log_stats) + "\n")`):
 *
 *     {"train_lr": 0.000999, "train_loss": 6.91, "test_loss": 6.84, "test_acc1": 0.31, "test_acc5": 1.4, "epoch": 0, "n_parameters": 5717416}
 *
 * Epochs are 0-based; accuracies are in percent; `test_*` is DeiT's validation set, so it stays `test` as
 * written. `n_parameters` is a constant, not a curve.
 */
export const deitLogTxt: LogFormat = {
  id: 'deit-log-txt',
  title: 'DeiT / MAE / DINO log.txt',
  sniff({ head, fileName }) {
    const first = objectLines(head, 3);
    if (first.length === 0 || !first.every(l => hasKey(l, 'epoch'))) return 0;
    const deit = first.some(l => (l.includes('"train_') || l.includes('"test_')) && !hasKey(l, 'mode'));
    if (!deit) return 0;
    return fileName === 'log.txt' || first.some(l => hasKey(l, 'n_parameters')) ? 0.95 : 0.7;
  },
  createLineParser: out => new DeitParser(out),
};

const SKIP = new Set(['epoch', 'n_parameters']);

class DeitParser extends JsonRowParser {
  protected plan(lineNo: number): RowPlan | null {
    const epoch = this.scanner.number('epoch');
    if (epoch === undefined) {
      this.out.warn(lineNo, 'row without "epoch": skipped');
      return null;
    }
    return { x: epoch, axis: 'epoch', context: null, skip: SKIP };
  }
}

import type { LogFormat } from '../log-format';
import { CsvRowParser, findColumn, type ColumnPlan } from '../scan/csv-rows';
import { headerCells } from '../scan/sniff';

/**
 * timm's `output/train/<experiment>/summary.csv` (huggingface/pytorch-image-models timm/utils/summary.py,
 * update_summary: `rowd = OrderedDict(epoch=epoch)`, then `'train_' + k` and `'eval_' + k` for each metric and
 * `rowd['lr'] = lr`, written with csv.DictWriter, the header only with the first row):
 *
 *     epoch,train_loss,eval_loss,eval_top1,eval_top5,lr
 *     0,6.8976,6.7702,0.744,3.168,0.0001
 *
 * `eval_top1` is top-1 accuracy in percent. Epochs are 0-based. A resumed run appends rows whose epoch continues;
 * a new run into the same folder starts again at 0: a new segment.
 */
export const timmSummaryCsv: LogFormat = {
  id: 'timm-summary-csv',
  title: 'timm summary.csv',
  sniff({ head, fileName }) {
    const cells = headerCells(head);
    if (cells[0] !== 'epoch') return 0;
    const timm = cells.includes('train_loss') && cells.some(c => c.startsWith('eval_'));
    if (!timm) return 0;
    return fileName === 'summary.csv' || cells.includes('eval_top1') ? 0.9 : 0.7;
  },
  createLineParser: out => new TimmParser(out),
};

class TimmParser extends CsvRowParser {
  protected planColumns(header: string[]): ColumnPlan {
    const xCol = findColumn(header, 'epoch');
    return { xCol, axis: 'epoch', epochCol: -1, timeCol: -1, metrics: header.map((name, col) => ({ col, name, options: { x: 'epoch' as const } })).filter(m => m.col !== xCol) };
  }
}

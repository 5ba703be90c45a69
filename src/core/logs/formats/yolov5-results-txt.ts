import type { LineParser, LogFormat } from '../log-format';
import type { Series } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { scanEnd, scanNumber } from '../numbers';
import { headLines } from '../scan/sniff';

/**
 * YOLOv5's `results.txt` before it wrote results.csv (ultralytics/yolov5 train.py of 2020–2021:
 * `s = ('%10s' * 2 + '%10.4g' * 6) % ('%g/%g' % (epoch, epochs - 1), mem, *mloss, targets.shape[0], imgs.shape[-1])`
 * then `f.write(s + '%10.4g' * 7 % results + '\n')  # P, R, mAP@.5, mAP@.5-.95, val_loss(box, obj, cls)`):
 *
 *           0/29     1.86G   0.09854   0.09318         0    0.1917        24       416         0         0  0.004895 0.0009547   0.09176   0.05526         0
 *
 * No header: the columns are known by position. Epochs are 0-based (`epoch/last`). GPU memory, the number of
 * targets and the image size are not curves.
 */
export const yolov5ResultsTxt: LogFormat = {
  id: 'yolov5-results-txt',
  title: 'YOLOv5 results.txt',
  sniff({ head, fileName }) {
    const lines = headLines(head, 3);
    if (lines.length === 0 || !lines.every(l => ROW.test(l))) return 0;
    return fileName.startsWith('results') ? 0.95 : 0.85;
  },
  createLineParser: out => new ResultsTxtParser(out),
};

const ROW = /^\s*\d+\/\d+\s+[\d.]+[GM]?\s+(\S+\s+){12}\S+\s*$/;

// by position, after `epoch/last` and the GPU memory
const COLUMNS: (string | null)[] = ['train/box_loss', 'train/obj_loss', 'train/cls_loss', 'train/loss', null, null, 'metrics/precision', 'metrics/recall', 'metrics/mAP_0.5', 'metrics/mAP_0.5:0.95', 'val/box_loss', 'val/obj_loss', 'val/cls_loss'];

class ResultsTxtParser implements LineParser {
  private series: (Series | null)[] = [];
  private segment = -1;
  private lastEpoch = -Infinity;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    if (text.trim().length === 0) return;
    const epoch = scanNumber(text, 0);
    if (scanEnd < 0 || text.charCodeAt(scanEnd) !== 47) {
      this.out.warn(lineNo, 'not a results.txt row (epoch/last expected): skipped');
      return;
    }
    scanNumber(text, scanEnd + 1);
    let pos = scanEnd;
    // GPU memory such as 1.93G
    scanNumber(text, pos);
    if (scanEnd < 0) return this.out.warn(lineNo, 'no GPU memory column: skipped');
    pos = scanEnd;
    while (pos < text.length && text.charCodeAt(pos) !== 32) pos++;
    if (epoch <= this.lastEpoch) this.out.newSegment();
    this.lastEpoch = epoch;
    if (this.segment !== this.out.currentSegment) {
      this.series = COLUMNS.map(name => (name ? this.out.series(name, { x: 'epoch', ...(name.startsWith('metrics/') ? { split: 'val' as const, metric: name.slice(8).toLowerCase() } : {}) }) : null));
      this.segment = this.out.currentSegment;
    }
    for (let k = 0; k < COLUMNS.length; k++) {
      const v = scanNumber(text, pos);
      if (scanEnd < 0) {
        this.out.warn(lineNo, `row ends after ${k} of ${COLUMNS.length} value columns`);
        return;
      }
      pos = scanEnd;
      const s = this.series[k];
      if (s) this.out.addOrReplace(s, epoch, v, lineNo);
    }
  }
}

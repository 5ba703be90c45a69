import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { scanEnd, scanNumber } from '../numbers';

/**
 * The progress bar of kuangliu/pytorch-cifar (utils.py progress_bar, called from main.py with
 * `'Loss: %.3f | Acc: %.3f%% (%d/%d)'`; main.py prints `'\nEpoch: %d' % epoch` first) and its many copies.
 * The bar redraws itself with `\r` and `\b` and ends each phase with a newline; train runs first, test second:
 *
 *     Epoch: 0
 *      [=========================>]  Step: 26ms | Tot: 11s | Loss: 1.512 | Acc: 44.650% (22325/50000)  391/391
 *      [=========================>]  Step: 9ms | Tot: 1s | Loss: 1.221 | Acc: 56.170% (5617/10000)  100/100
 *
 * Each phase's last redraw is the epoch's value (epochs 0-based as printed). The phase is train until the
 * bar's count starts again from 1 within the epoch, then test.
 */
export const pytorchCifar: LogFormat = {
  id: 'pytorch-cifar',
  title: 'pytorch-cifar progress bar',
  sniff({ head }) {
    return /\[[=>.]+\]\s+Step: \S+ \| Tot: \S+ \| Loss: -?[\d.naif]+ \| Acc: [\d.]+%/.test(head) ? 0.95 : 0;
  },
  createLineParser: out => new CifarParser(out),
};

class CifarParser implements LineParser {
  private epoch = NaN;
  private lastEpoch = NaN;
  private phase: Split = 'train';
  private lastCount = 0;
  private readonly series = new Map<string, Series>();
  private segment = -1;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    if (text.startsWith('Epoch: ')) {
      const e = scanNumber(text, 7);
      if (scanEnd < 0) return;
      if (Number.isFinite(this.lastEpoch) && e <= this.lastEpoch) this.out.newSegment();
      this.epoch = e;
      this.lastEpoch = e;
      this.phase = 'train';
      this.lastCount = 0;
      return;
    }
    const loss = text.indexOf('| Loss: ');
    if (loss < 0 || !Number.isFinite(this.epoch)) return;
    // the bar's count ` 391/391` at the end
    const tail = text.trimEnd();
    const slash = tail.lastIndexOf('/');
    let space = tail.lastIndexOf(' ', slash);
    const count = scanNumber(tail, space + 1);
    if (scanEnd < 0) space = -1;
    if (space >= 0) {
      if (count < this.lastCount && this.phase === 'train') this.phase = 'test';
      this.lastCount = count;
    }
    const lossValue = scanNumber(text, loss + 8);
    if (scanEnd >= 0) this.out.addOrReplace(this.seriesFor('Loss'), this.epoch, lossValue, lineNo);
    const acc = text.indexOf('| Acc: ', loss);
    if (acc >= 0) {
      const v = scanNumber(text, acc + 7);
      if (scanEnd >= 0) this.out.addOrReplace(this.seriesFor('Acc'), this.epoch, v, lineNo);
    }
  }

  private seriesFor(name: string): Series {
    if (this.segment !== this.out.currentSegment) {
      this.series.clear();
      this.segment = this.out.currentSegment;
    }
    const key = `${this.phase} ${name}`;
    let s = this.series.get(key);
    if (!s) {
      s = this.out.series(key, { x: 'epoch', context: this.phase, split: this.phase, metric: name === 'Loss' ? 'loss' : 'accuracy', ...(name === 'Acc' ? { scale: 'percent' as const } : {}) });
      this.series.set(key, s);
    }
    return s;
  }
}

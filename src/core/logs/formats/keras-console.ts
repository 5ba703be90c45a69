import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { codeAt, scanEnd, scanNumber } from '../numbers';

/**
 * What Keras `model.fit()` prints, saved to a file (keras-team/keras: Keras 2 keras/utils/generic_utils.py
 * Progbar.update, Keras 3 keras/src/utils/progbar.py Progbar.update; the `Epoch {epoch + 1}/{epochs}` line from
 * keras/src/callbacks/progbar_logger.py on_epoch_begin):
 *
 *     Epoch 2/40
 *      13/313 [>.............................] - ETA: 5s - loss: 3.9622 - acc: 0.0577
 *     313/313 [==============================] - 440s 1s/step - loss: 0.6514 - acc: 0.6088 - val_loss: 0.6290 - val_acc: 0.6408
 *     391/391 ━━━━━━━━━━━━━━━━━━━━ 3s 8ms/step - accuracy: 0.9592 - loss: 0.1327 - val_accuracy: 0.9814 - val_loss: 0.0692
 *     128/128 - 5s - loss: 3.1494 - accuracy: 0.1463 - 5s/epoch - 43ms/step
 *
 * verbose=1 redrawn in a terminal (`\b` × width then `\r`, Keras 2) or redirected to a file (one line per
 * update, Keras 3 and Keras 2 without a TTY), verbose=2 (one line per epoch), Keras 3's `━` bar with its metrics
 * in alphabetical order. The line whose count reaches the total (`313/313`) closes the epoch: its values are the
 * epoch's (the averages over the epoch, plus the `val_` metrics). Update lines before it hold running averages:
 * they are read only when an epoch never got its closing line (a run cut short, or a file still growing), and
 * then only the last one. `Epoch i/N` numbers are kept as written (1-based). An epoch number going back (a
 * second model, a restart) starts a new segment; a closing line after the last epoch without a new `Epoch`
 * line is `model.evaluate()` output: a test point at the last epoch.
 */
export const kerasConsole: LogFormat = {
  id: 'keras-console',
  title: 'Keras fit() console output',
  sniff({ head }) {
    const epoch = /^Epoch \d+\/\d+\s*$/m.test(head);
    const bar = /^\s*\d+\/(?:\d+|Unknown) (?:\[[=>.]*\]|━+)[^\n]* - (?:\w+: |ETA)/m.test(head) || /^\s*\d+\/\d+ - \d+m?s - [^\n]*\w+: -?[\d.n]/m.test(head);
    if (epoch && bar) return 0.95;
    if (bar) return 0.7;
    return 0;
  },
  createLineParser: out => new KerasParser(out),
};

class KerasParser implements LineParser {
  private epoch = NaN;
  private lastEpoch = NaN;
  /** The current epoch got its closing line. */
  private closed = false;
  private sawEpochLine = false;
  /** The last update line of the current epoch, read only if the epoch never closes. */
  private pendingText: string | null = null;
  private pendingLine = 0;
  // series of the current segment by position of the pair in the line, and by name
  private slotNames: string[] = [];
  private slotSeries: Series[] = [];
  private slotSplit: (Split | null)[] = [];
  private segment = -1;
  private readonly byName = new Map<string, Series>();

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    let i = 0;
    let c = codeAt(text, 0);
    while (c === 32) c = codeAt(text, ++i);
    if (c >= 48 && c <= 57) {
      // `k/N …` progress or closing line
      let k = 0;
      while (c >= 48 && c <= 57) {
        k = k * 10 + (c - 48);
        c = codeAt(text, ++i);
      }
      if (c !== 47 /* / */) return;
      c = codeAt(text, ++i);
      let total = 0;
      if (c >= 48 && c <= 57) {
        while (c >= 48 && c <= 57) {
          total = total * 10 + (c - 48);
          c = codeAt(text, ++i);
        }
      } else if (!text.startsWith('Unknown', i)) return;
      if (k !== total) {
        // an update: keep only the last one of the epoch, unread
        this.pendingText = text;
        this.pendingLine = lineNo;
        return;
      }
      this.closing(text, i, lineNo);
      return;
    }
    if (c === 69 /* E */ && text.startsWith('Epoch ', i)) {
      this.epochLine(text, i + 6);
      return;
    }
    // TF 1.x verbose=2 without a count: ` - 5s - loss: 0.29 - acc: 0.91`
    if (c === 45 /* - */ && codeAt(text, i + 1) === 32 && text.includes(': ', i)) this.closing(text, i - 1, lineNo);
  }

  end(): void {
    this.settlePending(true);
  }

  flush(): void {
    this.settlePending(false);
  }

  private epochLine(text: string, at: number): void {
    const e = scanNumber(text, at);
    if (scanEnd < 0 || codeAt(text, scanEnd) !== 47 || !Number.isFinite(e)) return;
    this.settlePending(true);
    if (Number.isFinite(this.lastEpoch) && (e < this.lastEpoch || (e === this.lastEpoch && this.closed))) this.out.newSegment();
    this.epoch = e;
    this.lastEpoch = e;
    this.closed = false;
    this.sawEpochLine = true;
    this.pendingText = null;
  }

  private closing(text: string, from: number, lineNo: number): void {
    let split: Split | null = null;
    if (this.closed || !Number.isFinite(this.epoch)) {
      if (this.closed && this.sawEpochLine) split = 'test'; // model.evaluate() after fit()
      else {
        // verbose=2 logs cut before their first Epoch line, or fit() without Epoch lines: count the epochs
        this.epoch = Number.isFinite(this.epoch) ? this.epoch + 1 : 1;
        this.lastEpoch = this.epoch;
      }
    }
    this.pendingText = null;
    this.closed = true;
    this.readPairs(text, from, lineNo, split);
  }

  private settlePending(final: boolean): void {
    if (this.pendingText === null || this.closed || !Number.isFinite(this.epoch)) return;
    const text = this.pendingText;
    const line = this.pendingLine;
    if (final) {
      this.pendingText = null;
      this.out.warn(line, `epoch ${this.epoch} has no closing line: its values are the running averages of line ${line}`);
    }
    const colon = text.indexOf('/');
    this.readPairs(text, colon + 1, line, null);
  }

  // ` - name: value` pairs after position `from`; time fields (`6s 22ms/step`, `5s/epoch`) have no colon.
  private readPairs(text: string, from: number, lineNo: number, split: Split | null): void {
    if (this.segment !== this.out.currentSegment) {
      this.slotNames = [];
      this.slotSeries = [];
      this.slotSplit = [];
      this.byName.clear();
      this.segment = this.out.currentSegment;
    }
    const x = this.epoch;
    let slot = 0;
    let pos = text.indexOf(' - ', from);
    while (pos >= 0) {
      const start = pos + 3;
      const next = text.indexOf(' - ', start);
      const known = this.slotNames[slot];
      let valueAt: number;
      let series: Series;
      if (known !== undefined && this.slotSplit[slot] === split && codeAt(text, start + known.length) === 58 && text.startsWith(known, start)) {
        series = this.slotSeries[slot]!;
        valueAt = start + known.length + 1;
      } else {
        const colon = text.indexOf(':', start);
        if (colon < 0 || (next >= 0 && colon > next)) {
          pos = next;
          continue; // `6s 22ms/step`, `ETA: 5s` is handled below
        }
        const name = text.slice(start, colon);
        if (name === 'ETA') {
          pos = next;
          continue;
        }
        series = this.seriesFor(name, split);
        this.slotNames[slot] = name;
        this.slotSeries[slot] = series;
        this.slotSplit[slot] = split;
        valueAt = colon + 1;
      }
      const v = scanNumber(text, valueAt);
      if (scanEnd < 0) this.out.warn(lineNo, `${series.name}: '${text.slice(valueAt, next < 0 ? undefined : next).trim().slice(0, 20)}' is not a number: skipped`);
      else this.out.addOrReplace(series, x, v, lineNo);
      slot++;
      pos = next;
    }
  }

  private seriesFor(name: string, split: Split | null): Series {
    const key = split === null ? name : `${split} ${name}`;
    let s = this.byName.get(key);
    if (!s) {
      s = this.out.series(name, { x: 'epoch', context: split });
      this.byName.set(key, s);
    }
    return s;
  }
}

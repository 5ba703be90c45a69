import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split, XAxis } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { normaliseMetric } from '../../run/metric-names';
import { scanEnd, scanNumber } from '../numbers';
import { isMetricWord, PairScanner, splitOf } from '../scan/pairs';
import { leadingTimestamp, timestampEnd } from '../scan/timestamp';

/**
 * The free-form lines training scripts print or log, one epoch (or step) per line or per block:
 *
 *     Epoch [10/10] | Train Loss: 0.4754 | Train Acc: 0.7979 | Val Loss: 0.5818 | Val Acc: 0.7353
 *     epoch 3: loss=0.12 acc=95.1% lr=0.01
 *     epoch:0, lr:0.001, loss:0.6992, train_cm:[[50, 3], [4, 43]]
 *     2025-06-04 17:39:02,341 - INFO - Epoch 1/35, Train Loss: 1.6279, Test Acc: 59.86%
 *     Epoch [1/5], Step [100/600], Loss: 0.2231
 *     Epoch: 1                              ← an epoch header, then lines that belong to it:
 *     Train Epoch: 1 Loss: 5.872 Acc@1 3.611: 100%|██████████| 10010/10010 [3:06:24<00:00,  1.12s/it]
 *     Test set: Average loss: 5.0191, Acc@1: 8.434%, Acc@5: 23.268%
 *
 * An epoch marker (`Epoch 3`, `Epoch [3/10]`, `epoch:3`, `Epoch 3/10`) makes a line an epoch point; with a
 * step marker too (`Step [100/600]`, `iter 1000`) it is a step point at a global step (the steps of the earlier
 * epochs, taken from the `/600` totals, plus this one) with its epoch. A line without a marker belongs to the
 * last epoch header seen; lines before the first marker (a config dump) are not read. Values are read by
 * PairScanner (see there: units, counts and matrices are not metrics). A `logging` timestamp gives wall time.
 * tqdm bars: the description before `NN%|` is read like any text; the `loss=…` postfix is the bar's running
 * value, shown only when no other line gives that metric (pytorch-cifar-style `Train Loss:` summaries win).
 * Messages about checkpoints (`Saving model … Validation Accuracy: 33.73%`, `Best val acc: …`) repeat a value
 * and are passed over. An epoch going back starts a new segment (restarts, a hyperparameter search).
 */
export const printLines: LogFormat = {
  id: 'print-lines',
  title: 'Free-form print / logging lines',
  sniff({ head }) {
    let markers = 0;
    let pairs = 0;
    for (const line of head.split('\n', 2000)) {
      if (MARKER.test(line)) markers++;
      if (PAIR.test(line)) pairs++;
      if (markers >= 1 && pairs >= 1) return markers >= 2 || pairs >= 2 ? 0.6 : 0.5;
    }
    return 0;
  },
  createLineParser: out => new PrintParser(out),
};

const MARKER = /(^|[^a-z_])epoch(?![a-z_])[\s:=#[(]*\d/i;
const PAIR = /(^|[^a-z])(loss|acc|accuracy|lr|learning rate|ppl|perplexity|top-?1|acc@1|f1|map|iou|dice|mae|mse|rmse|auc)\s*[:=]?\s*(tensor\()?-?(\d|\.\d|nan|inf)/i;

/** Words that make a line a message about a value printed elsewhere, not a new value. */
const MESSAGES = new Set(['saving', 'saved', 'save', 'best', 'loading', 'loaded', 'checkpoint', 'early', 'resuming', 'resume', 'restoring', 'restored', 'new']);
const MARKER_NAMES = /(^|[\s_])(epoch|epochs|step|steps|iter|iters|iteration|iterations|batch|batches|it|global_step|update|updates)$/i;
const STEP_WORDS = ['step', 'iter', 'iteration', 'batch', 'global_step', 'update'];
const KNOWN = new Set(['loss', 'accuracy', 'accuracy_top5', 'lr']);

interface Marker {
  value: number;
  total: number;
}

class PrintParser implements LineParser {
  private readonly pairs = new PairScanner();
  private readonly postfix = new PairScanner();
  private epoch = NaN;
  private lastEpoch = NaN;
  // global steps: offset of the current epoch, the raw step and total of the last step line
  private stepEpoch = NaN;
  private stepOffset = 0;
  private lastRawStep = -Infinity;
  private lastTotal = 0;
  private readonly slots: { name: string; context: Split | null; axis: XAxis; pct: boolean; series: Series }[][] = [[], []];
  private segment = -1;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    let from = 0;
    let wallTime = NaN;
    const c0 = text.charCodeAt(0);
    if ((c0 >= 48 && c0 <= 57) || c0 === 91) {
      wallTime = leadingTimestamp(text);
      if (timestampEnd > 0) from = timestampEnd;
    }
    from = skipLogPrefix(text, from);
    if (isMessage(text, from)) return;
    let to = text.length;
    let barFrom = -1;
    let barTo = -1;
    const bar = text.indexOf('%|', from);
    if (bar > 0) {
      // tqdm: `desc: NN%|████| n/N [elapsed<left, rate, postfix]`
      let p = bar - 1;
      while (p > from && (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === 46 || text.charCodeAt(p) === 32)) p--;
      if (text.charCodeAt(p) === 58) p--;
      to = p + 1;
      const rate = Math.max(text.indexOf('it/s, ', bar), text.indexOf('s/it, ', bar));
      const close = text.lastIndexOf(']');
      if (rate > 0 && close > rate) {
        barFrom = rate + 6;
        barTo = close;
      }
    }
    const epochMarker = findMarker(text, from, to, 'epoch');
    let stepMarker: Marker | null = null;
    for (const w of STEP_WORDS) {
      stepMarker = findMarker(text, from, to, w);
      if (stepMarker) break;
    }
    if (epochMarker) this.setEpoch(epochMarker.value);
    if (!Number.isFinite(this.epoch) && !stepMarker) return; // before training: config dumps, banners
    let x: number;
    let axis: XAxis;
    let epochAt = NaN;
    if (stepMarker) {
      x = this.globalStep(stepMarker);
      axis = 'step';
      epochAt = this.epoch;
    } else {
      x = this.epoch;
      axis = 'epoch';
    }
    if (this.segment !== this.out.currentSegment) {
      this.slots[0]!.length = 0;
      this.slots[1]!.length = 0;
      this.segment = this.out.currentSegment;
    }
    const lineContext = leadingSplit(text, from);
    // a line without a marker of its own belongs to the epoch above it only for what are clearly metrics
    // (`Learning rate: 0.005`, `Test set: Average loss: …`), not for `Total params: 2395779`
    const metricsOnly = !epochMarker && !stepMarker;
    this.record(this.pairs, text, from, to, lineContext, x, axis, epochAt, wallTime, lineNo, false, metricsOnly);
    if (barFrom >= 0) this.record(this.postfix, text, barFrom, barTo, splitOf(text.slice(from, to)) ?? lineContext, x, axis, epochAt, wallTime, lineNo, true, metricsOnly);
  }

  private setEpoch(e: number): void {
    if (Number.isFinite(this.lastEpoch) && e < this.lastEpoch) {
      this.out.newSegment();
      this.stepOffset = 0;
      this.lastRawStep = -Infinity;
      this.stepEpoch = NaN;
    }
    this.epoch = e;
    this.lastEpoch = e;
  }

  // Steps counted within each epoch become global: the earlier epochs' steps (their `/N` totals, else the
  // last step seen) plus this one.
  private globalStep(m: Marker): number {
    if (Number.isFinite(this.epoch) && this.epoch !== this.stepEpoch) {
      if (Number.isFinite(this.stepEpoch) && this.epoch > this.stepEpoch) this.stepOffset += this.lastTotal > 0 ? this.lastTotal : Math.max(0, this.lastRawStep);
      this.stepEpoch = this.epoch;
      this.lastRawStep = -Infinity;
    } else if (m.value < this.lastRawStep && !Number.isFinite(this.epoch)) {
      this.out.newSegment();
    }
    this.lastRawStep = m.value;
    this.lastTotal = m.total;
    return this.stepOffset + m.value;
  }

  private record(scanner: PairScanner, text: string, from: number, to: number, context: Split | null, x: number, axis: XAxis, epochAt: number, wallTime: number, lineNo: number, fallback: boolean, metricsOnly: boolean): void {
    const n = scanner.scan(text, from, to, context);
    const slots = this.slots[fallback ? 1 : 0]!;
    for (let k = 0; k < n; k++) {
      const name = scanner.names[k]!;
      const ctx = scanner.contexts[k]!;
      const pct = scanner.percent[k] === 1;
      if (metricsOnly && !isMetricWord(rewrite(name)) && !KNOWN.has(normaliseMetric(rewrite(name), ctx).metric)) continue;
      let slot = slots[k];
      if (!slot || slot.name !== name || slot.context !== ctx || slot.axis !== axis || slot.pct !== pct) {
        if (MARKER_NAMES.test(name)) continue;
        const series = this.seriesFor(name, ctx, axis, pct, fallback, !Number.isNaN(wallTime));
        slot = { name, context: ctx, axis, pct, series };
        slots[k] = slot;
      }
      this.out.addOrReplace(slot.series, x, scanner.values[k]!, lineNo, epochAt, wallTime);
    }
  }

  private seriesFor(name: string, context: Split | null, axis: XAxis, pct: boolean, fallback: boolean, withTime: boolean): Series {
    const norm = normaliseMetric(rewrite(name), context);
    return this.out.series(name, {
      x: axis,
      context,
      metric: norm.metric,
      split: norm.split,
      ...(pct ? { scale: 'percent' as const } : {}),
      ...(axis === 'step' ? { withEpoch: true } : {}),
      ...(withTime ? { withWallTime: true } : {}),
      ...(fallback ? { fallback: true } : {}),
    });
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Finds `word` as a marker between `from` and `to`: the word on its own (not `epochs`, `num_epochs`,
 * `epoch_loss`), then `:`, `=`, `#`, `[`, `(` or spaces, then a whole number, maybe `/total`.
 */
function findMarker(text: string, from: number, to: number, word: string): Marker | null {
  const lower = word;
  let at = indexOfWord(text, lower, from, to);
  while (at >= 0) {
    let i = at + word.length;
    let c = text.charCodeAt(i);
    while (c === 32 || c === 58 || c === 61 || c === 35 || c === 91 || c === 40 || c === 9) c = text.charCodeAt(++i);
    if (isDigit(c)) {
      const v = scanNumber(text, i);
      let end = scanEnd;
      if (end >= 0 && Number.isInteger(v)) {
        let total = 0;
        if (text.charCodeAt(end) === 47) {
          const t = scanNumber(text, end + 1);
          if (scanEnd >= 0) {
            total = t;
            end = scanEnd;
          }
        }
        const d = text.charCodeAt(end);
        // `Step: 51ms` is a duration, not a step
        if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90)) && end <= to) return { value: v, total };
      }
    }
    at = indexOfWord(text, lower, at + word.length, to);
  }
  return null;
}

/** Case-insensitive search for `word` (lower case) standing alone as a word. */
function indexOfWord(text: string, word: string, from: number, to: number): number {
  const rest = word.slice(1);
  const first = word.charCodeAt(0);
  let i = text.indexOf(rest, from + 1);
  if (i < 0) {
    const upper = text.indexOf(rest.toUpperCase(), from + 1);
    if (upper < 0) return -1;
    i = upper;
  }
  for (; i >= 0 && i <= to; ) {
    const s = i - 1;
    if ((text.charCodeAt(s) | 0x20) === first && text.slice(i, i + rest.length).toLowerCase() === rest) {
      const before = s > 0 ? text.charCodeAt(s - 1) : 32;
      const after = text.charCodeAt(s + word.length);
      if (!isWordChar(before) && !isWordChar(after)) return s;
    }
    const next = text.indexOf(rest, i + 1);
    const nextUpper = text.indexOf(rest.toUpperCase(), i + 1);
    i = next < 0 ? nextUpper : nextUpper < 0 ? next : Math.min(next, nextUpper);
  }
  return -1;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

const LEVELS = ['INFO', 'WARNING', 'WARN', 'DEBUG', 'ERROR', 'CRITICAL'];

/** Skips a logging prefix (`- INFO -`, `| INFO | train |`, `[INFO]`, `INFO:root:`) at `from`, if any. */
function skipLogPrefix(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 45 || text.charCodeAt(i) === 124 || text.charCodeAt(i) === 91) i++;
  if (i - from > 6) return from;
  for (const level of LEVELS) {
    const at = text.indexOf(level, i);
    if (at < 0 || at > i + 40) continue;
    let j = at + level.length;
    if (text.charCodeAt(j) === 58 /* INFO:root: */) {
      const colon = text.indexOf(':', j + 1);
      if (colon > 0 && colon < j + 40 && !text.slice(j + 1, colon).includes(' ')) j = colon + 1;
    }
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 45 || text.charCodeAt(j) === 124 || text.charCodeAt(j) === 93 || text.charCodeAt(j) === 58) j++;
    return j;
  }
  return from;
}

function isMessage(text: string, from: number): boolean {
  let i = from;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 62 /* > */ || text.charCodeAt(i) === 61 || text.charCodeAt(i) === 42) i++;
  let j = i;
  while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
  return j > i && MESSAGES.has(text.slice(i, j).toLowerCase());
}

/** `train Loss: …`, `Test: loss …`, `Validation - loss …`: the split a line starts with. */
function leadingSplit(text: string, from: number): Split | null {
  let i = from;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 91) i++;
  let j = i;
  while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
  if (j === i) return null;
  const word = text.slice(i, j);
  const next = text.charCodeAt(j);
  // a split word followed by its values (`Test: …`, `valid | …`), not a name (`Train Loss`)
  if (next === 58 || next === 124 || next === 93 || (next === 32 && !isWordChar(text.charCodeAt(j + 1)))) return splitOf(word);
  return null;
}

/**
 * Rewrites a name as written into what the metric normaliser reads: `Accuracy on Test set` → `test accuracy`,
 * `Average loss` → `loss`.
 */
function rewrite(name: string): string {
  let n = name.trim().replace(/\s+(set|data|dataset|split)$/i, '');
  const on = /^(.*?)\s+(?:on|for)\s+(?:the\s+)?(\w+)$/i.exec(n);
  if (on && splitOf(on[2]!)) n = `${on[2]} ${on[1]}`;
  return n.replace(/\b(average|avg|mean|running|epoch|total)\s+(?=loss\b)/i, '');
}

import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split, XAxis } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { normaliseMetric } from '../../run/metric-names';
import { scanEnd, scanNumber } from '../numbers';
import { isMetricWord, NUMBER, PairScanner, RUN, splitOf } from '../scan/pairs';
import { LineTemplate, SlotKind, type Slot } from '../scan/line-template';
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
 * The full reading above runs once per layout: a line laid out like one read before (the same text around
 * other numbers) is recognised by that line's LineTemplate and replays its plan.
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
  /** Where the value and the total are in the line (for the line's template). */
  start: number;
  end: number;
  totalStart: number;
  totalEnd: number;
}

/** One metric of a layout: where its number is, and the series it goes to (per segment). */
interface PlannedPair {
  slot: number;
  name: string;
  context: Split | null;
  pct: boolean;
  fallback: boolean;
  series: Series | null;
  segment: number;
}

/**
 * What to do with a line of a given layout, decided once by the full reader and replayed for every line that
 * matches the layout's template. Slot numbers index the template's values (-1: absent).
 */
interface LinePlan {
  template: LineTemplate | null;
  timestamp: number;
  epoch: number;
  step: number;
  stepTotal: number;
  /** The line is a message to pass over (`Saving model …`). */
  skip: boolean;
  pairs: PlannedPair[];
  /** Values of the line the plan was made from, by slot. */
  values: number[];
}

/** Layouts remembered at once: a log alternates between a few (an epoch header, step lines, a summary). */
const TEMPLATES = 4;

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
  private plans: LinePlan[] = [];
  private readonly seriesBySlot = new Map<string, Series>();
  private seriesSegment = -1;

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    const plans = this.plans;
    for (let k = 0; k < plans.length; k++) {
      const plan = plans[k]!;
      const t = plan.template!;
      if (t.match(text) && this.markersValid(plan, t.values)) {
        if (k > 0) {
          // most recently used first
          plans.splice(k, 1);
          plans.unshift(plan);
        }
        this.apply(plan, t.values, lineNo);
        return;
      }
    }
    const plan = this.analyse(text);
    this.apply(plan, plan.values, lineNo);
    if (plan.template) {
      plans.unshift(plan);
      if (plans.length > TEMPLATES) plans.pop();
    }
  }

  // markers are whole numbers: `epoch 1.5` is not an epoch marker, so such a line is read afresh
  private markersValid(plan: LinePlan, values: ArrayLike<number>): boolean {
    return (plan.epoch < 0 || Number.isInteger(values[plan.epoch])) && (plan.step < 0 || Number.isInteger(values[plan.step]));
  }

  /** The full reader: finds the line's markers and pairs, and the template of its layout. */
  private analyse(text: string): LinePlan {
    const slots: Slot[] = [];
    const roles: string[] = [];
    const values: number[] = [];
    const slotOf = (start: number, end: number, kind: SlotKind, value: number, role: string): void => {
      const k = slots.findIndex(s => s.start === start);
      if (k >= 0) {
        // the same number seen by two readers (the pair scanner and the marker finder)
        if (slots[k]!.end !== end) slots[k]!.end = -1;
        if (role) roles[k] = roles[k] ? `${roles[k]},${role}` : role;
        if (kind === SlotKind.Number) slots[k]!.kind = SlotKind.Number;
        values[k] = Number.isNaN(values[k]!) ? value : values[k]!;
        return;
      }
      slots.push({ start, end, kind });
      roles.push(role);
      values.push(value);
    };
    const plan: LinePlan = { template: null, timestamp: -1, epoch: -1, step: -1, stepTotal: -1, skip: false, pairs: [], values: [] };
    let from = 0;
    const c0 = text.charCodeAt(0);
    if ((c0 >= 48 && c0 <= 57) || c0 === 91) {
      const t = leadingTimestamp(text);
      if (timestampEnd > 0) {
        slotOf(0, timestampEnd, SlotKind.Timestamp, t, 'time');
        from = timestampEnd;
      }
    }
    from = skipLogPrefix(text, from);
    let tqdm = false;
    if (isMessage(text, from)) plan.skip = true;
    else {
      let to = text.length;
      let barFrom = -1;
      let barTo = -1;
      const bar = text.indexOf('%|', from);
      if (bar > 0) {
        // tqdm: `desc: NN%|████| n/N [elapsed<left, rate, postfix]`
        tqdm = true;
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
      if (epochMarker) slotOf(epochMarker.start, epochMarker.end, SlotKind.Number, epochMarker.value, 'epoch');
      if (epochMarker && epochMarker.totalEnd > 0) slotOf(epochMarker.totalStart, epochMarker.totalEnd, SlotKind.Number, epochMarker.total, '');
      if (stepMarker) slotOf(stepMarker.start, stepMarker.end, SlotKind.Number, stepMarker.value, 'step');
      if (stepMarker && stepMarker.totalEnd > 0) slotOf(stepMarker.totalStart, stepMarker.totalEnd, SlotKind.Number, stepMarker.total, 'stepTotal');
      // a line without a marker of its own belongs to the epoch above it only for what are clearly metrics
      // (`Learning rate: 0.005`, `Test set: Average loss: …`), not for `Total params: 2395779`
      const metricsOnly = !epochMarker && !stepMarker;
      const lineContext = leadingSplit(text, from);
      this.plannedPairs(this.pairs, text, from, to, lineContext, false, metricsOnly, plan, slotOf);
      if (barFrom >= 0) this.plannedPairs(this.postfix, text, barFrom, barTo, splitOf(text.slice(from, to)) ?? lineContext, true, metricsOnly, plan, slotOf);
    }
    // slots sorted as the template sorts them, roles resolved to slot numbers
    const order = slots.map((s, k) => ({ s, k })).sort((a, b) => a.s.start - b.s.start);
    const index = new Map(order.map((o, i) => [o.k, i]));
    plan.values = order.map(o => values[o.k]!);
    for (const [k, role] of roles.entries()) {
      for (const r of role.split(',')) {
        const i = index.get(k)!;
        if (r === 'time') plan.timestamp = i;
        else if (r === 'epoch') plan.epoch = i;
        else if (r === 'step') plan.step = i;
        else if (r === 'stepTotal') plan.stepTotal = i;
        else if (r.startsWith('pair')) plan.pairs[Number(r.slice(4))]!.slot = i;
      }
    }
    // tqdm bars redraw numbers in places the readers pass over (times, rates): no template for them
    if (!tqdm && slots.every(s => s.end > s.start)) plan.template = LineTemplate.build(text, slots);
    return plan;
  }

  private plannedPairs(scanner: PairScanner, text: string, from: number, to: number, context: Split | null, fallback: boolean, metricsOnly: boolean, plan: LinePlan, slotOf: (start: number, end: number, kind: SlotKind, value: number, role: string) => void): void {
    const n = scanner.scan(text, from, to, context);
    for (let k = 0; k < n; k++) {
      const name = scanner.names[k]!;
      const ctx = scanner.contexts[k]!;
      let use = !MARKER_NAMES.test(name);
      if (use && metricsOnly && !isMetricWord(rewrite(name)) && !KNOWN.has(normaliseMetric(rewrite(name), ctx).metric)) use = false;
      let role = '';
      if (use) {
        role = `pair${plan.pairs.length}`;
        plan.pairs.push({ slot: -1, name, context: ctx, pct: scanner.percent[k] === 1, fallback, series: null, segment: -1 });
      }
      slotOf(scanner.valueStarts[k]!, scanner.valueEnds[k]!, SlotKind.Number, scanner.values[k]!, role);
    }
    const sk = scanner.skipped;
    for (let j = 0; j < sk.length; j += 3) slotOf(sk[j]!, sk[j + 1]!, sk[j + 2] === NUMBER ? SlotKind.Number : sk[j + 2] === RUN ? SlotKind.Run : SlotKind.Word, NaN, '');
  }

  /** Records a line by its plan: markers move the epoch / step, pairs become points. */
  private apply(plan: LinePlan, values: ArrayLike<number>, lineNo: number): void {
    if (plan.skip) return;
    const wallTime = plan.timestamp >= 0 ? values[plan.timestamp]! : NaN;
    if (plan.epoch >= 0) this.setEpoch(values[plan.epoch]!);
    if (!Number.isFinite(this.epoch) && plan.step < 0) return; // before training: config dumps, banners
    let x: number;
    let axis: XAxis;
    let epochAt = NaN;
    if (plan.step >= 0) {
      x = this.globalStep(values[plan.step]!, plan.stepTotal >= 0 ? values[plan.stepTotal]! : 0);
      axis = 'step';
      epochAt = this.epoch;
    } else {
      x = this.epoch;
      axis = 'epoch';
    }
    const segment = this.out.currentSegment;
    for (const p of plan.pairs) {
      if (p.series === null || p.segment !== segment) {
        p.series = this.seriesFor(p.name, p.context, axis, p.pct, p.fallback, !Number.isNaN(wallTime));
        p.segment = segment;
      }
      this.out.addOrReplace(p.series, x, values[p.slot]!, lineNo, epochAt, wallTime);
    }
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
  private globalStep(value: number, total: number): number {
    if (Number.isFinite(this.epoch) && this.epoch !== this.stepEpoch) {
      if (Number.isFinite(this.stepEpoch) && this.epoch > this.stepEpoch) this.stepOffset += this.lastTotal > 0 ? this.lastTotal : Math.max(0, this.lastRawStep);
      this.stepEpoch = this.epoch;
      this.lastRawStep = -Infinity;
    } else if (value < this.lastRawStep && !Number.isFinite(this.epoch)) {
      this.out.newSegment();
    }
    this.lastRawStep = value;
    this.lastTotal = total;
    return this.stepOffset + value;
  }

  private seriesFor(name: string, context: Split | null, axis: XAxis, pct: boolean, fallback: boolean, withTime: boolean): Series {
    if (this.seriesSegment !== this.out.currentSegment) {
      this.seriesBySlot.clear();
      this.seriesSegment = this.out.currentSegment;
    }
    const key = `${axis}\u0000${context}\u0000${pct}\u0000${fallback}\u0000${name}`;
    let s = this.seriesBySlot.get(key);
    if (!s) {
      const norm = normaliseMetric(rewrite(name), context);
      s = this.out.series(name, {
        x: axis,
        context,
        metric: norm.metric,
        split: norm.split,
        ...(pct ? { scale: 'percent' as const } : {}),
        ...(axis === 'step' ? { withEpoch: true } : {}),
        ...(withTime ? { withWallTime: true } : {}),
        ...(fallback ? { fallback: true } : {}),
      });
      this.seriesBySlot.set(key, s);
    }
    return s;
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
      const valueEnd = scanEnd;
      let end = scanEnd;
      if (end >= 0 && Number.isInteger(v)) {
        let total = 0;
        let totalStart = -1;
        let totalEnd = -1;
        if (text.charCodeAt(end) === 47) {
          let j = end + 1;
          while (text.charCodeAt(j) === 32) j++;
          const t = scanNumber(text, j);
          if (scanEnd >= 0) {
            total = t;
            totalStart = j;
            totalEnd = scanEnd;
            end = scanEnd;
          }
        }
        const d = text.charCodeAt(end);
        // `Step: 51ms` is a duration, not a step
        if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90)) && end <= to) return { value: v, total, start: i, end: valueEnd, totalStart, totalEnd };
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

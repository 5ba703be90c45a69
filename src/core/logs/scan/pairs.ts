import type { Split } from '../../run/model';
import { scanEnd, scanNumber } from '../numbers';

/**
 * Reads `name: value` / `name=value` / `name value` pairs out of a free-form log line:
 *
 *     Epoch [10/10] | Train Loss: 0.4754 | Train Acc: 0.7979 | Val Loss: 0.5818 | Val Acc: 0.7353
 *     epoch 3: loss=0.12 acc=95.1% lr=0.01
 *     Test set: Average loss: 5.0191, Acc@1: 8.434%, Acc@5: 23.268%
 *     epoch:0, lr:0.001, loss:0.6992, train_cm:[[50, 3], [4, 43]]
 *
 * - a name is one to six words (`Train Loss`, `Accuracy on Test set`, `Acc@1`, `top-1`, `lr/pg0`);
 * - `name: value` and `name=value` take any name; `name value` only a metric word (`loss 12.93`, `valid ppl
 *   240.6`), so `batch 32 images` is not read as a metric;
 * - a value followed by `%` is a percentage; one followed by a unit (`3.2s`, `1.93G`, `0.33 GB`, `12 ms`) or a
 *   `/` (`41050/50000`) is a duration, size or count, not a metric; `tensor(0.5, device='cuda:0')` and `[0.0002]`
 *   are read as their number; lists, matrices and dicts (`[[50, 3], …]`, `{…}`) are skipped, not misread;
 * - a name followed by words instead of a number is a label: `Test set:` makes `test` the split of the names
 *   after it that have none; within a `|`- or `;`-separated group, `Acc` after `Train Loss` is a train value.
 * Names seen at the same position on the previous line are recognised without allocating a string.
 */
export class PairScanner {
  /** Names of the pairs found, in order. */
  readonly names: string[] = [];
  values = new Float64Array(16);
  /** 1 when the value was written with `%`. */
  percent = new Uint8Array(16);
  /** The split the line's layout gives each pair whose name has none (a label, the group's first name). */
  readonly contexts: (Split | null)[] = [];
  /** Start offset of each pair's name, and where its number starts and ends. */
  starts = new Int32Array(16);
  valueStarts = new Int32Array(16);
  valueEnds = new Int32Array(16);
  count = 0;
  /**
   * Numbers the last scan passed over (counts, totals, values with units), as [start, end, kind] triples: what a
   * LineTemplate needs to recognise the next line laid out the same way. Kind: NUMBER (read by scanNumber),
   * RUN (a run of number characters), WORD (a number glued to a unit, up to the next separator).
   */
  readonly skipped: number[] = [];

  /** Reads the pairs of `text` between `from` and `to`; `context` is the split the caller already knows. */
  scan(text: string, from = 0, to = text.length, context: Split | null = null): number {
    let count = 0;
    let i = from;
    let group: Split | null = context;
    const skipped = this.skipped;
    skipped.length = 0;
    while (i < to) {
      let c = text.charCodeAt(i);
      // separators
      if (c === 124 /* | */ || c === 59 /* ; */) {
        group = context;
        i++;
        continue;
      }
      if (c === 91 /* [ */ || c === 123 /* { */) {
        i = skipGroup(text, i, to);
        continue;
      }
      if (!isNameStart(c)) {
        // a bare number (a count, `01` after Epoch), or anything else that is neither a name nor a number
        if (isRunStart(text, i)) {
          const run = i;
          i++;
          while (i < to && isNumberChar(text.charCodeAt(i))) i++;
          skipped.push(run, i, RUN);
        } else i++;
        continue;
      }
      // a name: words separated by single spaces, up to a separator or a value
      const start = i;
      const cached = count < this.names.length ? this.names[count]! : undefined;
      let end: number;
      let name: string | undefined;
      if (cached !== undefined && text.startsWith(cached, start) && nameEndsAt(text, start + cached.length)) {
        end = start + cached.length;
        name = cached;
      } else {
        end = readName(text, start, to);
      }
      i = end;
      while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      c = text.charCodeAt(i);
      let explicit = false;
      if (c === 58 /* : */ || c === 61 /* = */) {
        explicit = true;
        i++;
        while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
        c = text.charCodeAt(i);
      }
      name ??= text.slice(start, end);
      // the value
      let v: number;
      let valueEnd: number;
      let valueStart = i;
      let numberEnd: number;
      if (c === 91 /* [ */) {
        // `lr: [0.0002]`: a one-element list is its element; anything else is skipped
        v = scanNumber(text, i + 1);
        valueStart = i + 1;
        numberEnd = scanEnd;
        if (scanEnd >= 0 && text.charCodeAt(scanEnd) === 93) {
          valueEnd = scanEnd + 1;
        } else {
          i = skipGroup(text, i, to);
          continue;
        }
      } else if (c === 123 /* { */) {
        i = skipGroup(text, i, to);
        continue;
      } else if (c === 116 /* t */ && text.startsWith('tensor(', i)) {
        v = scanNumber(text, i + 7);
        if (scanEnd < 0) {
          i += 7;
          continue;
        }
        valueStart = i + 7;
        numberEnd = scanEnd;
        const close = text.indexOf(')', scanEnd);
        valueEnd = close < 0 ? scanEnd : close + 1;
      } else {
        v = scanNumber(text, i);
        if (scanEnd < 0 || scanEnd > to) {
          // a label (`Test set:`, `Train Epoch:`), or a name with a word for value
          if (explicit) {
            const split = splitOf(name);
            if (split) group = split;
          }
          continue;
        }
        valueEnd = scanEnd;
        numberEnd = scanEnd;
      }
      if (!explicit && !isMetricWord(name)) {
        skipped.push(valueStart, numberEnd, NUMBER);
        i = valueEnd;
        continue;
      }
      // what follows the number decides whether it is a metric
      let pct = 0;
      const d = text.charCodeAt(valueEnd);
      if (d === 37 /* % */) pct = 1;
      else if (d === 47 /* / */ || (d === 58 /* : */ && isDigit(text.charCodeAt(valueEnd + 1))) || isUnitStart(text, valueEnd)) {
        // a count (41050/50000), a duration (eta: 1:20:05), a size or a time (3.2s, 0.33 GB)
        i = skipWord(text, valueEnd, to);
        skipped.push(valueStart, i, WORD);
        continue;
      }
      i = valueEnd + pct;
      const own = splitOf(name);
      if (own) group = own;
      if (count === this.values.length) this.grow();
      this.names[count] = name;
      this.values[count] = v;
      this.percent[count] = pct;
      this.contexts[count] = own ? null : group;
      this.starts[count] = start;
      this.valueStarts[count] = valueStart;
      this.valueEnds[count] = numberEnd;
      count++;
    }
    this.count = count;
    return count;
  }

  private grow(): void {
    const n = this.values.length * 2;
    const v = new Float64Array(n);
    v.set(this.values);
    this.values = v;
    const p = new Uint8Array(n);
    p.set(this.percent);
    this.percent = p;
    const s = new Int32Array(n);
    s.set(this.starts);
    this.starts = s;
    const vs = new Int32Array(n);
    vs.set(this.valueStarts);
    this.valueStarts = vs;
    const ve = new Int32Array(n);
    ve.set(this.valueEnds);
    this.valueEnds = ve;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 64 /* @ */ || c === 47 /* / */ || c === 46 /* . */ || c === 45 /* - */;
}

/** Kinds of the numbers in `PairScanner.skipped`. */
export const NUMBER = 0;
export const RUN = 1;
export const WORD = 2;

/** readName would end a name at `i` (what a name remembered from the line before must agree with). */
function nameEndsAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 58 || c === 61 || c === 9 || Number.isNaN(c)) return true;
  if (c !== 32) return false;
  return !isNameStart(text.charCodeAt(i + 1)) || startsWithValueWord(text, i + 1);
}

/** A bare number starts at `i`: a digit, or a sign or point before one. */
export function isRunStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return true;
  if (c !== 45 && c !== 43 && c !== 46) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 48 && d <= 57;
}

export function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69;
}

/** End of a name of up to six words starting at `i`. */
function readName(text: string, i: number, to: number): number {
  let end = i;
  for (let words = 0; words < 6; words++) {
    while (end < to && isNameChar(text.charCodeAt(end))) end++;
    // a trailing `.` or `-` is punctuation, not part of the name
    while (end > i && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    // another word follows after one space, and it is not the value
    if (text.charCodeAt(end) === 32 && isNameStart(text.charCodeAt(end + 1)) && !startsWithValueWord(text, end + 1)) {
      end++;
      continue;
    }
    break;
  }
  return end;
}

// `nan` / `inf` are values, not words of a name (`loss nan`)
function startsWithValueWord(text: string, i: number): boolean {
  return /^(nan|inf|infinity)\b/i.test(text.slice(i, i + 9));
}

/** Skips a `[…]` or `{…}` group (nested), or to `to` when it is not closed on the line. */
function skipGroup(text: string, i: number, to: number): number {
  let depth = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123 || c === 40) depth++;
    else if (c === 93 || c === 125 || c === 41) {
      depth--;
      if (depth <= 0) return i + 1;
    }
  }
  return to;
}

export function skipWord(text: string, i: number, to: number): number {
  while (i < to && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 44 && text.charCodeAt(i) !== 124) i++;
  return i;
}

const UNITS = new Set(['s', 'ms', 'us', 'µs', 'ns', 'sec', 'secs', 'seconds', 'min', 'mins', 'minutes', 'h', 'hr', 'hrs', 'hours', 'm', 'g', 'gb', 'gib', 'mb', 'mib', 'kb', 'kib', 'b', 'k', 'it/s', 's/it', 'img/s', 'samples/s', 'tokens/s', 'tok/s', 'ex/s', 'gflops', 'tflops', 'w']);

// A unit right after the number (`3.2s`, `1.93G`) or after one space (`0.33 GB`, `12 ms`).
function isUnitStart(text: string, i: number): boolean {
  let j = i;
  if (text.charCodeAt(j) === 32) j++;
  const start = j;
  while (j < text.length && !isUnitEnd(text.charCodeAt(j))) j++;
  if (j === start) return false;
  if (start === i) return true; // letters glued to the number: always a unit
  return UNITS.has(text.slice(start, j).toLowerCase());
}

function isUnitEnd(c: number): boolean {
  return c === 32 || c === 44 || c === 124 || c === 41 || c === 93 || c === 59 || c === 9 || c === 58 || c === 61;
}

const SPLIT_WORDS: Record<string, Split> = {
  train: 'train', training: 'train', trn: 'train',
  val: 'val', valid: 'val', validation: 'val', validating: 'val', eval: 'val', evaluation: 'val', dev: 'val',
  test: 'test', testing: 'test',
};

const splitCache = new Map<string, Split | null>();

/** The split a name says it is about (`Train Loss`, `val_acc`, `Accuracy on Test set`), or null. */
export function splitOf(name: string): Split | null {
  let hit = splitCache.get(name);
  if (hit === undefined) {
    hit = null;
    for (const w of name.toLowerCase().split(/[\s_/.-]+/)) {
      const s = SPLIT_WORDS[w];
      if (s) {
        hit = s;
        break;
      }
    }
    if (splitCache.size < 10_000) splitCache.set(name, hit);
  }
  return hit;
}

const METRIC_WORDS = new Set([
  'loss', 'acc', 'accuracy', 'lr', 'ppl', 'perplexity', 'f1', 'auc', 'map', 'mae', 'mse', 'rmse', 'iou', 'miou', 'dice', 'error', 'err',
  'top1', 'top5', 'acc1', 'acc5', 'acc@1', 'acc@5', 'bleu', 'wer', 'cer', 'psnr', 'ssim', 'precision', 'recall', 'nll', 'kl', 'elbo', 'reward',
  'score', 'grad_norm', 'gnorm', 'learning_rate', 'entropy',
]);

const metricWordCache = new Map<string, boolean>();

/** A name whose value may follow after a plain space (`loss 12.93`, `valid ppl 240.64`, `Acc@1 3.611`). */
export function isMetricWord(name: string): boolean {
  let hit = metricWordCache.get(name);
  if (hit === undefined) {
    const words = name.toLowerCase().split(/[\s_]+/);
    const last = words[words.length - 1]!;
    hit = METRIC_WORDS.has(last) || /(_|^)(loss|acc|accuracy)$/.test(last) || METRIC_WORDS.has(name.toLowerCase());
    if (metricWordCache.size < 10_000) metricWordCache.set(name, hit);
  }
  return hit;
}

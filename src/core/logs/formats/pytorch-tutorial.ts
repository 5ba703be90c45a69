import type { LineParser, LogFormat } from '../log-format';
import type { Series, Split } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { codeAt, scanEnd, scanNumber } from '../numbers';

/**
 * The loop of PyTorch's transfer-learning tutorial and its many copies
 * (pytorch/tutorials beginner_source/transfer_learning_tutorial.py prints
 * `'Epoch {}/{}'`, `'-' * 10` and `'{} Loss: {:.4f} Acc: {:.4f}'` per phase):
 *
 *     Epoch 0/24
 *     ----------
 *     train Loss: 0.5777 Acc: 0.6844
 *     val Loss: 0.2404 Acc: 0.9150
 *
 * Variants seen in real logs: a model name before `Epoch` (`resnet-50 - Epoch 1/100`), Markdown headings
 * (`#### Epoch 0/99`), `test` as the phase, extra pairs (`Top-1 Acc: .. Top-5 Acc: ..`), lower-case names with
 * commas (`train loss: 1.93, acc: tensor(0.3262, device='cuda:0')<br>`), and an `lr: [0.0002]` line per epoch.
 * An epoch number that goes back (a second model, a restart) starts a new segment.
 */
export const pytorchTutorial: LogFormat = {
  id: 'pytorch-tutorial',
  title: 'PyTorch tutorial print (Epoch i/N, train/val Loss Acc)',
  sniff({ head }) {
    const epoch = /(^|[\s#-])Epoch \d+\/\d+\s*$/m.test(head);
    const phase = /^\s*(train|val|valid|validation|test|eval)\s+loss:\s*[-+\d.na]/im.test(head);
    if (epoch && phase) return 0.9;
    if (phase) return 0.55;
    return 0;
  },
  createLineParser: out => new TutorialParser(out),
};

const PHASES: Record<string, Split> = { train: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test', eval: 'val' };
const PHASE_WORDS = Object.keys(PHASES);

class TutorialParser implements LineParser {
  private epoch = NaN;
  private lastEpoch = NaN;
  // series by phase + name, so a line costs no string building once a run is under way
  private readonly cache = new Map<string, Series>();

  constructor(private readonly out: RunBuilder) {}

  line(text: string, lineNo: number): void {
    let i = 0;
    const n = text.length;
    while (i < n && (codeAt(text, i) === 32 || codeAt(text, i) === 9)) i++;
    const c = codeAt(text, i) | 0x20; // lower case
    // phase lines start with t(rain|est), v(al...), e(val)
    if (c === 116 || c === 118 || c === 101) {
      const sp = text.indexOf(' ', i);
      if (sp > i && sp - i <= 10) {
        const phase = phaseAt(text, i, sp);
        if (phase) {
          this.phaseLine(text, sp, phase, lineNo);
          return;
        }
      }
    }
    if (n < 200) {
      const e = text.indexOf('poch ');
      if (e > 0 && (codeAt(text, e - 1) | 0x20) === 101) {
        this.epochLine(text, e + 5, lineNo);
        return;
      }
    }
    if (c === 108 /* l */ && (codeAt(text, i + 1) | 0x20) === 114 && codeAt(text, i + 2) === 58 /* lr: */) this.lrLine(text, i + 3, lineNo);
  }

  private epochLine(text: string, at: number, lineNo: number): void {
    const e = scanNumber(text, at);
    if (scanEnd < 0 || codeAt(text, scanEnd) !== 47 /* / */) return;
    if (!Number.isFinite(e)) return;
    if (Number.isFinite(this.lastEpoch) && e < this.lastEpoch) this.out.newSegment();
    else if (e === this.lastEpoch) this.out.warn(lineNo, `epoch ${e} appears again; its new values replace the old ones`);
    this.epoch = e;
    this.lastEpoch = e;
  }

  private cacheSegment = -1;
  // per phase, the name segments seen by position (`' Loss'`, `' Acc'`) and their series: a line laid out like
  // the one before costs no string building
  private readonly slots: Record<Split, { raw: string; series: Series }[]> = { train: [], val: [], test: [] };

  private seriesFor(phase: Split, name: string): Series {
    const key = phase + name;
    let s = this.cache.get(key);
    if (!s) {
      s = this.out.series(`${phase} ${name}`, { x: 'epoch', context: phase, ...metricOf(name, phase) });
      this.cache.set(key, s);
    }
    return s;
  }

  private checkSegment(): void {
    if (this.cacheSegment !== this.out.currentSegment) {
      this.cache.clear();
      this.slots.train = [];
      this.slots.val = [];
      this.slots.test = [];
      this.cacheSegment = this.out.currentSegment;
    }
  }

  // `train Loss: 0.9054 Acc: 0.5021`, `test Loss: 2.45 Top-1 Acc: 4.86 Top-5 Acc: 29.16`,
  // `train loss: 1.93, acc: tensor(0.3262, device='cuda:0', dtype=torch.float64)<br>`
  private phaseLine(text: string, from: number, phase: Split, lineNo: number): void {
    if (!Number.isFinite(this.epoch)) {
      this.out.warn(lineNo, `${phase} metrics before any "Epoch i/N" line: skipped`);
      return;
    }
    this.checkSegment();
    const slots = this.slots[phase];
    let nameStart = from;
    for (let k = 0; ; k++) {
      const slot = slots[k];
      let colon: number;
      let series: Series | null = null;
      let name = '';
      if (slot && codeAt(text, nameStart + slot.raw.length) === 58 && text.startsWith(slot.raw, nameStart)) {
        colon = nameStart + slot.raw.length;
        series = slot.series;
      } else {
        colon = text.indexOf(':', nameStart);
        if (colon < 0) return;
        name = cleanName(text.slice(nameStart, colon));
      }
      let at = colon + 1;
      while (codeAt(text, at) === 32) at++;
      if (codeAt(text, at) === 116 && text.startsWith('tensor(', at)) at += 7;
      const v = scanNumber(text, at);
      if (scanEnd < 0) {
        // not a number (a tensor repr on several lines, a word): skip to the next pair
        this.out.warn(lineNo, `${phase} ${series ? series.name.slice(phase.length + 1) : name}: value is not a number`);
        const next = text.indexOf(' ', at);
        if (next < 0) return;
        nameStart = next;
        continue;
      }
      if (!series && name.length > 0) {
        series = this.seriesFor(phase, name);
        slots[k] = { raw: text.slice(nameStart, colon), series };
      }
      if (series) this.out.addOrReplace(series, this.epoch, v, lineNo);
      nameStart = skipToNextName(text, scanEnd);
      if (nameStart >= text.length) return;
    }
  }

  private lrLine(text: string, at: number, lineNo: number): void {
    if (!Number.isFinite(this.epoch)) return;
    while (codeAt(text, at) === 32 || codeAt(text, at) === 91 /* [ */) at++;
    const v = scanNumber(text, at);
    if (scanEnd < 0) return;
    this.out.addOrReplace(this.out.series('lr', { x: 'epoch', metric: 'lr', split: null }), this.epoch, v, lineNo);
  }

}

// After a value: skip `)`, `%`, `,`, `|`, a tensor's `, device='cuda:0', dtype=torch.float64)` and spaces.
function skipToNextName(text: string, i: number): number {
  if (codeAt(text, i) === 44 /* , */ && text.startsWith(' device=', i + 1)) {
    const close = text.indexOf(')', i);
    if (close > 0) i = close + 1;
  }
  while (i < text.length) {
    const c = codeAt(text, i);
    if (c === 32 || c === 41 || c === 37 || c === 44 || c === 124 || c === 9 || c === 59) i++;
    else break;
  }
  return i;
}

/** The phase word between `i` and `end`, case-insensitive, without building a string. */
function phaseAt(text: string, i: number, end: number): Split | undefined {
  for (const word of PHASE_WORDS) {
    if (word.length !== end - i) continue;
    let k = 0;
    while (k < word.length && (codeAt(text, i + k) | 0x20) === word.charCodeAt(k)) k++;
    if (k === word.length) return PHASES[word];
  }
  return undefined;
}

function cleanName(raw: string): string {
  return raw.replace(/<br>|[|,;]/g, ' ').trim();
}

function metricOf(name: string, phase: Split): { metric?: string; split: Split } {
  const lower = name.toLowerCase();
  if (lower === 'acc' || lower === 'accuracy' || lower === 'top-1 acc' || lower === 'top1 acc' || lower === 'acc@1') return { metric: 'accuracy', split: phase };
  if (lower === 'top-5 acc' || lower === 'top5 acc' || lower === 'acc@5') return { metric: 'accuracy_top5', split: phase };
  return { split: phase };
}

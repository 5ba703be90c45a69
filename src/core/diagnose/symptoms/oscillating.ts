import { factCause, lintCauses, scriptLr } from '../causes';
import type { Curve } from '../curves';
import { needPoints } from '../requirements';
import { median, round } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

const MIN_POINTS = 6;
/** AUTOTRAINER (monitor.py): an accuracy swing of 0.03 or more at 20 % or more of the epochs. */
const ACC_SWING = 0.03;
const LOSS_SWING = 0.1;
const SHARE = 0.2;

/** Local peaks and troughs whose smaller side is at least `min(i)` deep. */
export function swings(c: Curve, min: (i: number) => number): number[] {
  const ys = c.ys;
  const out: number[] = [];
  for (let i = 1; i < ys.length - 1; i++) {
    const a = ys[i]! - ys[i - 1]!;
    const b = ys[i + 1]! - ys[i]!;
    if (a === 0 || b === 0 || Math.sign(a) === Math.sign(b)) continue;
    if (Math.min(Math.abs(a), Math.abs(b)) >= min(i)) out.push(i);
  }
  return out;
}

export const oscillating = defineSymptom({
  id: 'oscillating',
  severity: 'warning',
  name: 'Training curve oscillating',
  requires: ctx => needPoints(ctx.curves.trainAcc ?? ctx.curves.trainLoss, 'skip.no-train-loss', MIN_POINTS),
  detect(ctx) {
    const acc = ctx.curves.trainAcc && ctx.curves.trainAcc.ys.length >= MIN_POINTS ? ctx.curves.trainAcc : null;
    const c = acc ?? ctx.curves.trainLoss!;
    const ys = c.ys;
    const n = ys.length;
    const at = acc
      ? swings(c, () => ACC_SWING)
      : swings(c, i => LOSS_SWING * Math.abs(median(ys.slice(Math.max(0, i - 1), i + 2))));
    if (at.length < Math.max(2, SHARE * n)) return null;
    const amplitude = median(at.map(i => Math.min(Math.abs(ys[i]! - ys[i - 1]!), Math.abs(ys[i + 1]! - ys[i]!))));
    const first = at[0]! - 1;
    const last = Math.min(n - 1, at[at.length - 1]! + 1);
    return {
      variant: acc ? 'accuracy' : 'main',
      params: {
        series: c.name, count: at.length, n, share: Math.round((at.length / n) * 100), unit: xUnit(c), from: c.xs[first]!, to: c.xs[last]!,
        amplitude: acc ? fmtAcc(amplitude, c.scale) : round(amplitude), relative: acc ? NaN : Math.round((amplitude / Math.abs(median(ys))) * 100),
      },
      span: { curve: c, from: first, to: last },
      evidence: { series: c.name, swings: at.length, points: n, sharePercent: Math.round((at.length / n) * 100), medianSwing: round(amplitude), swingAt: at.map(i => c.xs[i]!) },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const lr = scriptLr(script);
    if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
      out.push(...factCause(script, lr.at, lr.level === 'very-high' ? 0.85 : 0.7, 'oscillating.cause.lr',
        'learning rate {lr} is high for {optimizer}: each step overshoots the minimum and the next one overshoots back', lr.params));
    }
    out.push(...lintCauses(script, 'train-loader-no-shuffle', 0.6, 'oscillating.cause.shuffle',
      'the training loader does not shuffle: every epoch sees the batches in the same order, and on ordered data the model swings toward the last classes it saw'));
    const bs = script.facts.batchSize;
    if (bs && bs.value <= 8) {
      out.push(...factCause(script, bs.at, 0.45, 'oscillating.cause.batch', 'batch size {batch} is small: each gradient is a noisy estimate', { batch: bs.value }));
    }
    out.push(...lintCauses(script, 'missing-zero-grad', 0.4, 'oscillating.cause.zero-grad', 'gradients are never cleared, so the steps keep growing'));
    return out;
  },
  texts: {
    title: '{series} oscillates: {count} swings of about {amplitude} in {n} {unit}s',
    explanation: '{series} changes direction with large swings at {count} of {n} points ({share}%) between {unit} {from} and {unit} {to}; the median swing is {amplitude} ({relative}% of its level). A training curve that goes up and down like this is not converging: the steps are too large for the loss surface, or the batches pull in different directions.',
    advice: [
      'Lower the learning rate (try 3-10× smaller), or add a decay schedule.',
      'Shuffle the training data every epoch (DataLoader(..., shuffle=True)).',
      'Use a larger batch, or gradient accumulation.',
    ],
    variants: {
      accuracy: {
        explanation: '{series} changes direction with swings of {amplitude} or more at {count} of {n} points ({share}%) between {unit} {from} and {unit} {to} (AUTOTRAINER counts a run as oscillating at 0.03 in 20 % of the epochs). A training accuracy that goes up and down like this is not converging: the steps are too large, or the batches pull in different directions.',
      },
    },
  },
  doc: {
    rule: 'On the training accuracy (else the training loss), at least 6 points: local peaks and troughs whose smaller side is at least 0.03 (accuracy, AUTOTRAINER\'s threshold) or at least 10 % of the local level (loss), at 20 % or more of the points (and at least 2).',
    see: 'The training curve zigzags epoch after epoch instead of settling.',
    why: 'Steps too large for the curvature of the loss overshoot back and forth (learning rate too high); unshuffled, ordered data makes each epoch end on the same classes; very small batches give noisy gradients.',
    check: [
      'The learning rate and schedule.',
      '`shuffle=True` on the training loader.',
      'The batch size.',
    ],
    falseAlarms: [
      'Per-step training losses are noisy by nature; long step logs are averaged into bins before this test, but very small batches still zigzag.',
    ],
    examples: ['lr-too-high-unscaled'],
  },
});

import { factCause, lintCauses, scriptLr } from '../causes';
import type { Curve } from '../curves';
import { needPoints } from '../requirements';
import { max, median, min, round, signFlipRate, tailMedian } from '../stats';
import { roughness } from './noisy-validation';
import { defineSymptom, type CauseCandidate, type Hit } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit, xUnits } from '../units';

const MIN_POINTS = 6;
/** AUTOTRAINER (monitor.py): an accuracy swing of 0.03 or more at 20 % or more of the epochs. */
const ACC_SWING = 0.03;
const SHARE = 0.2;

/**
 * A loss that goes up and down without getting anywhere, over the second half of the run (all but the first
 * two points when short): the net change is at most a quarter of the path travelled (sum of |steps|), the
 * direction changes at least every other step, and the point-to-point noise (from second differences) is at
 * least 5 % of the level and 4 % of the curve's whole range. The range condition keeps the last wiggles of a
 * loss near zero (dropout noise at 0.04 after starting at 0.65) from counting.
 */
export function lossWithoutProgress(c: Curve): { share: number; sigma: number; from: number } | null {
  const ys = c.ys;
  const n = ys.length;
  const from = n >= 12 ? Math.floor(n / 2) : Math.min(2, n - MIN_POINTS);
  const part = ys.slice(from);
  if (part.length < MIN_POINTS) return null;
  let path = 0;
  for (let i = 1; i < part.length; i++) path += Math.abs(part[i]! - part[i - 1]!);
  if (path === 0) return null;
  const share = Math.abs(part[part.length - 1]! - part[0]!) / path;
  const sigma = roughness(part);
  const level = Math.abs(median(part));
  if (share > 0.25 || signFlipRate(part) < 0.5 || sigma < 0.05 * level || sigma < 0.04 * (max(ys) - min(ys))) return null;
  return { share, sigma, from };
}

/** The validation loss improves by more than 5 % from the start of the window to the end (medians of 5). */
function valImproving(val: Curve | null, from: number): boolean {
  if (!val) return false;
  const ys = val.ys.filter((_, i) => val.xs[i]! >= from);
  if (ys.length < 6) return false;
  const head = median(ys.slice(0, 5));
  return tailMedian(ys, 5) < 0.95 * head;
}

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
  supersedes: ['noisy-validation', 'overfitting', 'plateau'],
  requires: ctx => needPoints(ctx.curves.trainAcc ?? ctx.curves.trainLoss, 'skip.no-train-loss', MIN_POINTS),
  detect(ctx) {
    const acc = ctx.curves.trainAcc && ctx.curves.trainAcc.ys.length >= MIN_POINTS ? ctx.curves.trainAcc : null;
    const loss = ctx.curves.trainLoss && ctx.curves.trainLoss.ys.length >= MIN_POINTS ? ctx.curves.trainLoss : null;
    const enough = (c: Curve, at: number[]) => at.length >= Math.max(2, SHARE * c.ys.length);
    let c: Curve | null = null;
    let at: number[] = [];
    if (acc) {
      at = swings(acc, () => ACC_SWING);
      if (enough(acc, at)) c = acc;
    }
    let loop: { share: number; sigma: number; from: number } | null = null;
    // Per-step losses bounce by nature (each point is a few batches); only epoch averages count here.
    if (!c && loss && loss.axis === 'epoch') {
      loop = lossWithoutProgress(loss);
      // A validation loss that keeps improving over the same epochs means the model is still learning: the
      // bouncing training loss is sampling noise (small data, augmentation), not an optimizer out of control.
      if (loop && !valImproving(ctx.curves.valLoss, loss.xs[loop.from]!)) c = loss;
    }
    if (!c) return null;
    const ys = c.ys;
    const n = ys.length;
    if (loop) {
      const level = median(ys.slice(loop.from));
      const hit: Hit = {
        variant: 'main',
        params: { series: c.name, unit: xUnit(c), from: c.xs[loop.from]!, to: c.xs[n - 1]!, level: round(level), noise: round(loop.sigma), relative: Math.round((loop.sigma / Math.abs(level)) * 100), progress: Math.round(loop.share * 100) },
        span: { curve: c, from: loop.from, to: n - 1 },
        evidence: { series: c.name, from: c.xs[loop.from]!, level: round(level), noise: round(loop.sigma), netProgressPercentOfPath: Math.round(loop.share * 100), directionChanges: round(signFlipRate(ys.slice(loop.from)), 2) },
      };
      return hit;
    }
    const amplitude = median(at.map(i => Math.min(Math.abs(ys[i]! - ys[i - 1]!), Math.abs(ys[i + 1]! - ys[i]!))));
    const first = at[0]! - 1;
    const last = Math.min(n - 1, at[at.length - 1]! + 1);
    return {
      variant: 'accuracy',
      params: { series: c.name, count: at.length, n, share: Math.round((at.length / n) * 100), unit: xUnit(c), units: xUnits(c), from: c.xs[first]!, to: c.xs[last]!, amplitude: fmtAcc(amplitude, c.scale) },
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
    title: '{series} oscillates around {level} without converging since {unit} {from}',
    explanation: 'From {unit} {from} to {unit} {to}, {series} goes up and down by about {noise} ({relative}% of its level) from one point to the next, and its net change is only {progress}% of the distance it travels. A training curve that bounces like this is not converging: the steps are too large for the loss surface, or the batches pull in different directions.',
    advice: [
      'Lower the learning rate (try 3-10× smaller), or add a decay schedule.',
      'Shuffle the training data every epoch (DataLoader(..., shuffle=True)).',
      'Use a larger batch, or gradient accumulation.',
    ],
    variants: {
      accuracy: {
        title: '{series} oscillates: {count} swings of {amplitude} or more in {n} {units}',
        explanation: '{series} changes direction with swings of {amplitude} or more at {count} of {n} points ({share}%) between {unit} {from} and {unit} {to} (AUTOTRAINER counts a run as oscillating at 0.03 in 20 % of the epochs). A training accuracy that goes up and down like this is not converging: the steps are too large, or the batches pull in different directions.',
      },
    },
  },
  doc: {
    rule: 'Training accuracy (at least 6 points): local peaks and troughs whose smaller side is at least 0.03, at 20 % or more of the points and at least 2 (AUTOTRAINER\'s oscillation rule). Training loss per epoch (per-step losses are noisy by nature and are not judged), at least 6 points, over the second half of the run (all but the first 2 points when under 12), while the validation loss, if any, does not improve by more than 5 % over the same epochs (medians of 5): the net change is at most a quarter of the path travelled (the sum of the point-to-point changes), the direction changes at least every other step, and the point-to-point noise σ = median|Δ²| / (0.6745·√6) is at least 5 % of the level and 4 % of the curve\'s whole range.',
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
    examples: ['lr-too-high-oscillating', 'corpus: transfer-tutorial-style/icelandman2-helping-hands-resnet18extended-numbers.md (training loss bouncing 0.80-1.11 for 50 epochs)'],
  },
});

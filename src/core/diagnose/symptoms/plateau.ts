import { factCause, lintCauses, scriptLr } from '../causes';
import { mainLoss, needMainLoss } from '../requirements';
import { headMedian, round, tailMedian } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

const MIN_POINTS = 6;
/** Flat: the second half changes by at most 2 % (training) / 3 % (validation) of its level. */
const FLAT = 0.02;
const VAL_FLAT = 0.03;
/** Stuck at a poor level: the loss kept at least 40 % of its first value, and accuracy is under 0.9. */
const POOR = 0.4;
const GOOD_ACCURACY = 0.9;

function relChange(ys: number[]): number {
  const a = headMedian(ys, 3);
  const b = tailMedian(ys, 3);
  return Math.abs(b - a) / Math.max(1e-12, Math.abs(a));
}

export const plateau = defineSymptom({
  id: 'plateau',
  severity: 'warning',
  name: 'Loss flat at a poor level (not at chance)',
  requires: ctx => needMainLoss(ctx, MIN_POINTS),
  detect(ctx) {
    const c = mainLoss(ctx)!;
    const n = c.ys.length;
    const from = Math.floor(n / 2);
    const half = c.ys.slice(from);
    if (relChange(half) > FLAT) return null;
    const level = tailMedian(c.ys, 3);
    if (level < POOR * Math.abs(c.ys[0]!)) return null;
    const val = c === ctx.curves.trainLoss ? ctx.curves.valLoss : null;
    if (val) {
      const vHalf = val.ys.filter((_, i) => val.xs[i]! >= c.xs[from]!);
      if (vHalf.length >= 3 && relChange(vHalf) > VAL_FLAT) return null;
    }
    const acc = ctx.curves.valAcc ?? ctx.curves.trainAcc;
    const accLevel = acc ? tailMedian(acc.ys, 3) : null;
    if (accLevel !== null && accLevel >= GOOD_ACCURACY) return null;
    // Where the flat stretch starts: walk back while the loss stays within the flat band of the level.
    let start = from;
    while (start > 0 && Math.abs(c.ys[start - 1]! - level) <= FLAT * Math.abs(level)) start--;
    // The loss is flat but the accuracy still climbs: the logged loss is dominated by something else (a large
    // regularisation term), the model is learning.
    if (acc) {
      const accFlat = acc.ys.filter((_, i) => acc.xs[i]! >= c.xs[start]!);
      if (accFlat.length >= 2 && tailMedian(accFlat, 2) - headMedian(accFlat, 2) >= 0.05) return null;
    }
    return {
      variant: acc ? 'accuracy' : 'main',
      params: {
        series: c.name, level: round(level), first: round(c.ys[0]!), unit: xUnit(c), from: c.xs[start]!, to: c.xs[n - 1]!, points: n - start,
        accuracy: acc && accLevel !== null ? fmtAcc(accLevel, acc.scale) : '', accSeries: acc?.name ?? '',
      },
      span: { curve: c, from: start, to: n - 1 },
      evidence: { series: c.name, level: round(level), firstValue: round(c.ys[0]!), flatFrom: c.xs[start]!, points: n - start, changeInSecondHalfPercent: round(relChange(half) * 100, 2), accuracy: accLevel === null ? null : round(accLevel) },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    out.push(...lintCauses(script, 'activation-after-final-linear', 0.75, 'plateau.cause.activation',
      'an activation on the logits: a ReLU clips some classes\' logits to 0 for every input, and those classes can never be predicted again, capping the accuracy'));
    out.push(...lintCauses(script, 'scheduler-step-placement', 0.7, 'plateau.cause.scheduler',
      'the scheduler is stepped in the wrong loop: an epoch schedule stepped per batch drives the learning rate to ~0 early, and the loss freezes'));
    const lr = scriptLr(script);
    if (lr && (lr.level === 'low' || lr.level === 'very-low')) {
      out.push(...factCause(script, lr.at, 0.6, 'plateau.cause.lr-low', 'learning rate {lr} is low for {optimizer}: the steps are too small to make progress', lr.params));
    } else if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
      out.push(...factCause(script, lr.at, 0.5, 'plateau.cause.lr-high', 'learning rate {lr} is high for {optimizer}: the optimizer bounces around a valley instead of descending into it', lr.params));
    }
    out.push(...lintCauses(script, 'missing-normalize', 0.4, 'plateau.cause.normalize', 'unnormalised inputs make the loss surface badly conditioned'));
    const bs = script.facts.batchSize;
    if (bs && bs.value >= 512) {
      out.push(...factCause(script, bs.at, 0.3, 'plateau.cause.batch', 'batch size {batch} is large: few updates per epoch; scale the learning rate with it', { batch: bs.value }));
    }
    return out;
  },
  texts: {
    title: '{series} flat at {level} since {unit} {from}',
    explanation: '{series} has not moved from about {level} since {unit} {from} ({points} points), having started at {first}: training stopped making progress at a poor level. The model is stuck: a learning rate too low (or decayed to ~0), too high to settle, dead units, or a model too small for the task.',
    advice: [
      'Try the learning rate 3-10× lower and 3-10× higher; with a step schedule, check it did not decay too early.',
      'Check the final layer: no activation on the logits.',
      'Try a different batch size; normalise the inputs; give the model more capacity.',
    ],
    variants: {
      accuracy: {
        explanation: '{series} has not moved from about {level} since {unit} {from} ({points} points), having started at {first}, and {accSeries} is stuck at {accuracy}: training stopped making progress at a poor level. The model is stuck: a learning rate too low (or decayed to ~0), too high to settle, dead units (a ReLU on the logits caps the accuracy at the share of classes still alive), or a model too small for the task.',
      },
    },
  },
  doc: {
    rule: 'The main loss (training, else validation), at least 6 points: over its second half, the median of the last 3 differs from the median of the first 3 by at most 2 %; the final level (median of the last 3) is still at least 40 % of the first value; the validation loss over the same epochs is flat too (within 3 %); the accuracy (validation, else training; median of the last 3) is below 0.9 and did not rise by 0.05 or more over the flat stretch (medians of its first and last 2 points). Silent when a more specific symptom explains the flat curve: loss-at-chance, loss-clamped, double-activation-floor, lr-collapsed, collapse-to-chance.',
    see: 'Training and validation loss both stop moving early, at a value well above where a working model ends.',
    why: 'The optimizer has stopped making progress: the learning rate is too low (or was decayed too early), too high to settle into a minimum, units are dead (ReLU on logits, dying ReLUs), or the model is too small for the task. A plateau at exactly ln K is a different problem (loss-at-chance).',
    check: [
      'The learning rate and its schedule (plot the LR).',
      'The final layer.',
      'Batch size and input normalisation; model capacity.',
    ],
    falseAlarms: [
      'A run that converged long ago and was left running looks flat too; it is only flagged when the loss is still at 40 % or more of its first value and the accuracy below 0.9, but a hard task can legitimately end there.',
    ],
    examples: ['relu-on-logits-plateau'],
  },
});

import { factCause, lintCauses, scriptLr } from '../causes';
import type { Curve } from '../curves';
import { argmax, argmin, median3, noiseSigma, round, tailMedian } from '../stats';
import { defineSymptom, type CauseCandidate, type Hit, type SymptomContext } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

const MIN_POINTS = 5;

/** Accuracy fell from its best by at least 0.15 and by 40 % of what it had gained over chance, and stayed down. */
function accuracyDrop(ctx: SymptomContext, c: Curve): Hit | null {
  const ys = c.ys;
  const n = ys.length;
  if (n < MIN_POINTS) return null;
  const sm = median3(ys);
  const b = argmax(sm);
  if (b > n - 4) return null;
  const best = sm[b]!;
  const end = tailMedian(ys, 3);
  const k = ctx.scriptClasses?.k;
  const baseline = k ? 1 / k : 0;
  const drop = best - end;
  if (drop < 0.15 || drop < 0.4 * (best - baseline) || drop < 3 * noiseSigma(ys)) return null;
  const from = b + 1 + Math.max(0, ys.slice(b + 1).findIndex(y => y <= best - 0.5 * drop));
  return {
    variant: 'accuracy',
    params: { series: c.name, best: fmtAcc(best, c.scale), end: fmtAcc(end, c.scale), unit: xUnit(c), bestAt: c.xs[b]!, from: c.xs[Math.min(from, n - 1)]!, to: c.xs[n - 1]! },
    span: { curve: c, from: Math.min(from, n - 1), to: n - 1 },
    marks: [c.xs[Math.min(from, n - 1)]!],
    evidence: { series: c.name, best: round(best), bestAt: c.xs[b]!, final: round(end), drop: round(drop) },
  };
}

/** Loss came back up by at least half of the progress it had made, and stayed there. */
function lossRegression(c: Curve): Hit | null {
  const ys = c.ys;
  const n = ys.length;
  if (n < MIN_POINTS) return null;
  const sm = median3(ys);
  const m = argmin(sm);
  if (m > n - 4) return null;
  const low = sm[m]!;
  const start = sm[0]!;
  const end = tailMedian(ys, 3);
  const back = end - low;
  if (start - low <= 0 || back < 0.5 * (start - low) || back < 0.25 * Math.abs(low) || back < 3 * noiseSigma(ys)) return null;
  const from = m + 1 + Math.max(0, ys.slice(m + 1).findIndex(y => y >= low + 0.5 * back));
  return {
    variant: 'loss',
    params: { series: c.name, best: round(low), end: round(end), unit: xUnit(c), bestAt: c.xs[m]!, from: c.xs[Math.min(from, n - 1)]!, to: c.xs[n - 1]! },
    span: { curve: c, from: Math.min(from, n - 1), to: n - 1 },
    marks: [c.xs[Math.min(from, n - 1)]!],
    evidence: { series: c.name, best: round(low), bestAt: c.xs[m]!, final: round(end), start: round(start) },
  };
}

export const learningReversed = defineSymptom({
  id: 'learning-reversed',
  severity: 'error',
  name: 'The model learned, then got worse and stayed worse',
  supersedes: ['oscillating', 'plateau', 'noisy-validation', 'overfitting'],
  requires: ctx => {
    const c = ctx.curves.trainAcc ?? ctx.curves.valAcc ?? ctx.curves.trainLoss;
    if (!c) return { key: 'skip.no-loss' };
    return c.xs.length < MIN_POINTS ? { key: 'skip.too-few', params: { n: c.xs.length, unit: c.axis === 'epoch' ? 'epochs' : 'logged points', what: c.name, min: MIN_POINTS } } : null;
  },
  detect(ctx) {
    const { trainAcc, valAcc, trainLoss } = ctx.curves;
    return (trainAcc && accuracyDrop(ctx, trainAcc)) ?? (!trainAcc && valAcc ? accuracyDrop(ctx, valAcc) : null) ?? (!trainAcc && !valAcc && trainLoss ? lossRegression(trainLoss) : null);
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const lr = scriptLr(script);
    if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
      out.push(...factCause(script, lr.at, lr.level === 'very-high' ? 0.85 : 0.7, 'learning-reversed.cause.lr',
        'learning rate {lr} is high for {optimizer}: an update overshot and pushed units into a dead or saturated region they do not come back from', lr.params));
    }
    out.push(...lintCauses(script, 'activation-after-final-linear', 0.75, 'learning-reversed.cause.activation',
      'a ReLU (or other activation) on the logits: once a class\'s logit is clipped to 0 for every input it gets no gradient, and that class can never be predicted again'));
    out.push(...lintCauses(script, 'missing-zero-grad', 0.6, 'learning-reversed.cause.zero-grad', 'gradients are never cleared, so the steps grow until one wrecks the weights'));
    out.push(...lintCauses(script, 'scheduler-step-placement', 0.3, 'learning-reversed.cause.scheduler', 'the scheduler is stepped in the wrong place, so the learning rate may stay too high'));
    if (!script.facts.gradClipping && script.facts.optimizer) {
      out.push(...factCause(script, script.facts.optimizer.at, 0.2, 'learning-reversed.cause.no-clipping', 'no gradient clipping: one exploding batch can undo the training so far'));
    }
    return out;
  },
  texts: {
    title: '{series} fell from {best} to {end}: the model got worse and stayed worse',
    explanation: '{series} reached {best} at {unit} {bestAt}, then dropped and stayed down from {unit} {from} to {unit} {to} (last values around {end}). The model lost most of what it had learned, on the data it trains on: this is not overfitting, the optimization broke something, typically units or whole classes that died after a too-large update.',
    advice: [
      'Lower the learning rate (10×) or add warm-up; clip gradients.',
      'Check the final layer: no ReLU (or other activation) on the logits.',
      'Keep the checkpoint of the best epoch.',
    ],
    variants: {
      loss: {
        title: '{series} went back up from {best} to {end} and stayed there',
        explanation: '{series} reached {best} at {unit} {bestAt}, then rose and stayed up from {unit} {from} to {unit} {to} (around {end}), losing at least half of the progress it had made. The optimization broke something: units that died after a too-large update, or a learning rate that became too high.',
      },
    },
  },
  doc: {
    rule: 'Training accuracy (else validation accuracy, else the training loss), at least 5 points. Accuracy: the best 3-point-median value is at least 3 points before the end and the median of the last 3 is at least 0.15 below it, at least 40 % of the gain over chance (1/K, or 0 without K), and at least 3 noise sigmas. Loss (when the log has no accuracy): the median of the last 3 is above the lowest 3-point-median value by at least half of the drop from the start to that low, a quarter of the low, and 3 noise sigmas. Silent when the loss is still rising at the end (loss-diverging) or back at chance (collapse-to-chance).',
    see: 'The accuracy goes up in the first epochs, then falls to a much lower level and stays there; the training loss rises and stays high.',
    why: 'The model did learn, so the data and labels are fine; then one or more updates destroyed part of what it learned and it could not recover. With ReLU networks this is usually dying units: a large step pushes a unit\'s input below zero for every example, the unit outputs 0, gets no gradient, and stays dead. A ReLU on the logits kills whole classes this way. Large steps come from a learning rate too high, accumulated gradients, or a single exploding batch.',
    check: [
      'The learning rate and warm-up; gradient clipping.',
      'No activation after the final `Linear`.',
      '`optimizer.zero_grad()` every step.',
    ],
    falseAlarms: [
      'Curriculum or data-schedule changes (harder data later in training, a switch of augmentation such as YOLO\'s close_mosaic) can lower the training accuracy on purpose.',
    ],
    examples: ['relu-on-logits'],
  },
});

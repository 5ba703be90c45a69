import { factCause } from '../causes';
import type { Curve } from '../curves';
import { needPoints } from '../requirements';
import { median, round, signFlipRate } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { xUnit } from '../units';

const MIN_POINTS = 6;

/**
 * Point-to-point noise that a smooth trend does not explain: the second differences of white noise with
 * standard deviation σ have standard deviation σ√6, so σ ≈ median|Δ²| / (0.6745·√6). Fast early learning
 * is curved, so only the second half of the run is used.
 */
export function roughness(ys: readonly number[]): number {
  const d2: number[] = [];
  for (let i = 1; i < ys.length - 1; i++) d2.push(Math.abs(ys[i + 1]! - 2 * ys[i]! + ys[i - 1]!));
  return d2.length === 0 ? 0 : median(d2) / (0.6745 * Math.sqrt(6));
}

export function secondHalf(c: Curve): { ys: number[]; from: number } {
  const n = c.ys.length;
  const from = n >= 8 ? Math.floor(n / 2) : 0;
  return { ys: c.ys.slice(from), from };
}

/** The values in [x0, x1] of a curve. */
function between(c: Curve, x0: number, x1: number): number[] {
  return c.ys.filter((_, i) => c.xs[i]! >= x0 && c.xs[i]! <= x1);
}

/**
 * How many examples an accuracy curve was measured on, from the step between its values: accuracies of n
 * examples are multiples of 1/n. Null when the values do not sit on such a grid (or n would exceed 5000).
 */
export function examplesFromAccuracy(ys: readonly number[]): number | null {
  const vals = [...new Set(ys.map(v => Math.round(v * 1e4)))].sort((a, b) => a - b);
  if (vals.length < 3) return null;
  let step = Infinity;
  for (let i = 1; i < vals.length; i++) step = Math.min(step, vals[i]! - vals[i - 1]!);
  if (step < 2) return null;
  for (let n = Math.max(2, Math.floor(1e4 / step / 2)); n <= Math.min(5000, Math.ceil(1e4 / step) * 3); n++) {
    if (vals.every(v => Math.abs(v / 1e4 - Math.round((v / 1e4) * n) / n) <= 0.6e-4)) return n;
  }
  return null;
}

export const noisyValidation = defineSymptom({
  id: 'noisy-validation',
  severity: 'warning',
  name: 'Validation curve much noisier than the training curve',
  requires: ctx => {
    const lossPair = ctx.curves.valLoss && ctx.curves.valLoss.ys.length >= MIN_POINTS;
    return needPoints(ctx.curves.valLoss ?? ctx.curves.valAcc, 'skip.no-val-loss', MIN_POINTS)
      ?? needPoints(lossPair ? ctx.curves.trainLoss : ctx.curves.trainAcc, 'skip.no-train-loss', 3);
  },
  detect(ctx) {
    const isLoss = !!ctx.curves.valLoss && ctx.curves.valLoss.ys.length >= MIN_POINTS;
    const val = isLoss ? ctx.curves.valLoss! : ctx.curves.valAcc!;
    const train = isLoss ? ctx.curves.trainLoss : ctx.curves.trainAcc;
    const { ys, from } = secondHalf(val);
    const level = Math.abs(median(ys));
    const vNoise = roughness(ys);
    const vRel = isLoss ? vNoise / Math.max(level, 1e-12) : vNoise;
    if (vRel < (isLoss ? 0.15 : 0.02) || signFlipRate(ys) < 0.5) return null;
    // Judged against the training curve over the same epochs: validation must be much noisier.
    const tys = between(train!, val.xs[from]!, val.xs[val.xs.length - 1]!);
    if (tys.length < 3) return null;
    const tNoise = roughness(tys);
    const tRel = isLoss ? tNoise / Math.max(Math.abs(median(tys)), 1e-12) : tNoise;
    if (vRel < 3 * tRel) return null;
    const acc = ctx.curves.valAcc;
    // A noisy validation loss matters when decisions follow it: if the validation accuracy over the same epochs
    // moves by less than a point from epoch to epoch (a 99.6 % model whose loss wiggles between 0.009 and
    // 0.015), the noise is real but harmless.
    if (isLoss && acc) {
      const accWindow = between(acc, val.xs[from]!, val.xs[val.xs.length - 1]!);
      if (accWindow.length >= 4 && roughness(accWindow) < 0.01) return null;
    }
    const examples = acc ? examplesFromAccuracy(acc.ys) : null;
    const p = acc ? median(acc.ys.slice(-3)) : null;
    const se = examples && p !== null ? Math.sqrt((p * (1 - p)) / examples) : null;
    return {
      variant: isLoss ? 'main' : examples ? 'accuracy' : 'accuracyPlain',
      params: {
        series: val.name, noise: isLoss ? Math.round(vRel * 100) : round(vRel, 3), trainNoise: isLoss ? Math.round(tRel * 100) : round(tRel, 3),
        unit: xUnit(val), from: val.xs[from]!, to: val.xs[val.xs.length - 1]!,
        examples: examples ?? NaN, se: se === null ? NaN : Math.round(se * 1000) / 10,
      },
      span: { curve: val, from, to: val.xs.length - 1 },
      evidence: {
        series: val.name,
        noise: round(vRel, 3),
        noiseKind: isLoss ? 'relative to the level' : 'absolute',
        trainNoise: round(tRel, 3),
        ratio: tRel > 0 ? round(vRel / tRel, 1) : null,
        directionChanges: round(signFlipRate(ys), 2),
        validationExamplesEstimate: examples,
        accuracyStandardError: se === null ? null : round(se, 4),
      },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const f = script.facts;
    if (!f.evalMode) {
      const d = f.dropout[0];
      if (d) {
        out.push(...factCause(script, d.at, 0.85, 'noisy-validation.cause.no-eval-dropout',
          'model.eval() is never called, so this dropout layer{rate} stays active while validating: every validation pass sees a different random network', { rate: d.value !== null ? ` (p=${d.value})` : '' }));
      }
    }
    return out;
  },
  texts: {
    title: '{series} is noisy: point-to-point noise {noise}% of its level, vs {trainNoise}% for training',
    explanation: 'From {unit} {from} to {unit} {to}, {series} jumps up and down by about {noise}% of its level from one point to the next, far more than the training curve. Validation noise comes from a small validation set (each example weighs a lot) or from a model left in training mode while validating (dropout and batch-norm statistics change the network on every pass).',
    advice: [
      'Call model.eval() before validating (and model.train() after), and validate under torch.no_grad().',
      'Use a larger validation set; judge by the trend over several epochs, not single epochs.',
      'When choosing a checkpoint, smooth the validation curve first: the best single epoch is partly luck.',
    ],
    variants: {
      accuracy: {
        title: '{series} is noisy: point-to-point noise {noise}, vs {trainNoise} for training',
        explanation: 'From {unit} {from} to {unit} {to}, {series} jumps by about {noise} from one point to the next, far more than the training accuracy. Its values sit on a grid that suggests about {examples} validation examples, so one example is worth 1/{examples} and the standard error is about {se} points. Or the model is left in training mode while validating (dropout active).',
      },
      accuracyPlain: {
        title: '{series} is noisy: point-to-point noise {noise}, vs {trainNoise} for training',
        explanation: 'From {unit} {from} to {unit} {to}, {series} jumps by about {noise} from one point to the next, far more than the training accuracy: a small validation set, or a model left in training mode while validating (dropout active).',
      },
    },
  },
  doc: {
    rule: 'On the validation (or test) loss, else accuracy, at least 6 points, against the training curve of the same kind (at least 3 points over the same epochs), using the second half of the run (all of it under 8 points): the noise σ = median|Δ²| / (0.6745·√6) from second differences (a straight or gently curved trend contributes little) is at least 15 % of the median level (losses) or 0.02 absolute (accuracies), direction changes at least half of the steps, and at least 3 times the training curve\'s noise over the same epochs; for a loss, when the log has a validation accuracy, that accuracy must move by a point or more from epoch to epoch too (noise σ ≥ 0.01).',
    see: 'A validation curve that zigzags from epoch to epoch while the training curve is smooth.',
    why: 'A validation set of n examples measures accuracy with a standard error of √(p(1−p)/n): about ±4 points at n = 100 and p = 0.8. A model left in training mode (no `model.eval()`) also validates with dropout on and batch-norm statistics updating, a different random network each time.',
    check: [
      '`model.eval()` before validation, `model.train()` after; `torch.no_grad()` during.',
      'The size of the validation set (Train Doctor estimates it from the accuracy values when it can).',
    ],
    falseAlarms: [
      'With very small validation sets the noise is real and expected; the finding then says that validation-based decisions (early stopping, best checkpoint) are luck at the single-epoch level.',
    ],
    examples: ['no-eval-small-val', 'corpus: tqdm-progress/pilot-j-deeplense-finetune-FT.md (validation loss spikes up to 11.3)'],
  },
});

import { align, type AlignedPair, type Curve } from './curves';
import type { SkipReason, SymptomContext } from './symptom';

/** Points a detector needs before it judges a trend: fewer, and it says so instead of guessing. */
export const MIN_TREND_POINTS = 4;

/** English templates of the skip reasons (message ids `skip.*`). */
export const SKIP_TEXTS: Record<string, string> = {
  'skip.no-train-loss': 'the log has no training loss',
  'skip.no-val-loss': 'the log has no validation (or test) loss',
  'skip.no-loss': 'the log has no loss values',
  'skip.no-accuracy': 'the log has no accuracy for both training and validation',
  'skip.no-val-accuracy': 'the log has no validation (or test) accuracy',
  'skip.no-lr': 'the log has no learning-rate values',
  'skip.too-few': 'only {n} {unit} of {what}; at least {min} are needed to judge',
  'skip.not-aligned': 'training and validation points could not be paired (different x axes)',
};

function unit(c: Curve): string {
  return c.axis === 'epoch' ? 'epochs' : 'logged points';
}

export function needPoints(c: Curve | null, missingKey: string, min: number): SkipReason | null {
  if (!c || c.xs.length === 0) return { key: missingKey };
  if (c.xs.length < min) return { key: 'skip.too-few', params: { n: c.xs.length, unit: unit(c), what: c.name, min } };
  return null;
}

export function needTrainLoss(ctx: SymptomContext, min = MIN_TREND_POINTS): SkipReason | null {
  return needPoints(ctx.curves.trainLoss, 'skip.no-train-loss', min);
}

export function needValLoss(ctx: SymptomContext, min = MIN_TREND_POINTS): SkipReason | null {
  return needPoints(ctx.curves.valLoss, 'skip.no-val-loss', min);
}

/** Training and validation loss, paired point by point, with at least `min` pairs. */
export function needPairedLoss(ctx: SymptomContext, min = MIN_TREND_POINTS): SkipReason | null {
  const r = needTrainLoss(ctx, 2) ?? needValLoss(ctx, 2);
  if (r) return r;
  const pair = align(ctx.curves.trainLoss!, ctx.curves.valLoss!);
  if (pair.xs.length === 0) return { key: 'skip.not-aligned' };
  if (pair.xs.length < min) return { key: 'skip.too-few', params: { n: pair.xs.length, unit: unit(ctx.curves.valLoss!), what: 'paired training and validation losses', min } };
  return null;
}

export function needPairedAccuracy(ctx: SymptomContext, min = MIN_TREND_POINTS): SkipReason | null {
  const { trainAcc, valAcc } = ctx.curves;
  if (!trainAcc || !valAcc) return { key: 'skip.no-accuracy' };
  const pair = align(trainAcc, valAcc);
  if (pair.xs.length === 0) return { key: 'skip.not-aligned' };
  if (pair.xs.length < min) return { key: 'skip.too-few', params: { n: pair.xs.length, unit: unit(valAcc), what: 'paired training and validation accuracies', min } };
  return null;
}

export function pairedLoss(ctx: SymptomContext): AlignedPair {
  return align(ctx.curves.trainLoss!, ctx.curves.valLoss!);
}

export function pairedAccuracy(ctx: SymptomContext): AlignedPair {
  return align(ctx.curves.trainAcc!, ctx.curves.valAcc!);
}

/** The main loss curve: training, else the validation-role one. */
export function mainLoss(ctx: SymptomContext): Curve | null {
  return ctx.curves.trainLoss && ctx.curves.trainLoss.xs.length > 0 ? ctx.curves.trainLoss : ctx.curves.valLoss;
}

export function needMainLoss(ctx: SymptomContext, min = MIN_TREND_POINTS): SkipReason | null {
  return needPoints(mainLoss(ctx), 'skip.no-loss', min);
}

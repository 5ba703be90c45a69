import { chanceLoss, classesFromLoss, guessTolerance, mayGuessClasses } from './chance';
import type { Curve } from './curves';
import { argmin, max, median, median3 } from './stats';
import type { ClassInfo, SymptomContext } from './symptom';

/**
 * Where a loss curve sits at ln K at the end of the run. With K from the script the band around ln K is
 * asymmetric, −3 % / +8 % of ln K: a model stuck at chance with a learning rate too high hovers a little
 * above ln K (its constant logits bounce), never clearly below. With K guessed from the level itself the band
 * is the tight guess tolerance, and the tail must be as flat as that band.
 */
export interface ChanceStretch {
  curve: Curve;
  classes: ClassInfo;
  lnK: number;
  /** Median of the last third of the curve. */
  level: number;
  /** First index of the final stretch that stays at ln K. */
  start: number;
  /** Lowest (3-point median) value before the stretch, when it went clearly below ln K: the run had learned. */
  learned: { index: number; value: number } | null;
}

export const MIN_CHANCE_POINTS = 3;

function band(classes: ClassInfo): [number, number] {
  const lnK = chanceLoss(classes.k);
  if (classes.source === 'script') return [lnK - 0.03 * lnK, lnK + 0.08 * lnK];
  const tol = guessTolerance(classes.k);
  return [lnK - tol, lnK + tol];
}

export function finalChanceStretch(ctx: SymptomContext, curve: Curve | null): ChanceStretch | null {
  if (!curve || curve.xs.length < MIN_CHANCE_POINTS) return null;
  const n = curve.xs.length;
  const sm = median3(curve.ys);
  const tailLen = Math.max(MIN_CHANCE_POINTS, Math.ceil(n / 3));
  const tail = sm.slice(n - tailLen);
  const level = median(tail);
  let classes = ctx.scriptClasses;
  if (!classes) {
    if (!mayGuessClasses(ctx.run, curve.name)) return null;
    const k = classesFromLoss(level);
    if (k === null) return null;
    // Preference and reward-model losses start at ln 2 by construction (TRL logs rewards/… and logps/…).
    if (k === 2 && ctx.curves.lossSeries.length > 0 && ctx.run.series.some(s => /^(rewards|logps|logits)[/_]/.test(s.metric))) return null;
    classes = { k, source: 'loss' };
  }
  const lnK = chanceLoss(classes.k);
  const [lo, hi] = band(classes);
  if (level < lo || level > hi) return null;
  const spread = max(tail.map(v => Math.abs(v - level)));
  const maxSpread = classes.source === 'script' ? 0.05 * lnK : Math.max(0.01, 2 * guessTolerance(classes.k));
  if (spread > maxSpread) return null;
  let start = n - 1;
  while (start > 0 && sm[start - 1]! >= lo && sm[start - 1]! <= hi) start--;
  let learned: ChanceStretch['learned'] = null;
  if (start > 0) {
    const i = argmin(sm, 0, start);
    const margin = Math.max(0.1 * lnK, 0.05);
    if (sm[i]! <= lnK - margin) learned = { index: i, value: curve.ys[i]! };
  }
  return { curve, classes, lnK, level, start, learned };
}

/** Accuracy far above 1/K contradicts "the model predicts uniformly": the loss is at ln K by coincidence. */
export function accuracyAboveChance(ctx: SymptomContext, k: number): boolean {
  const acc = ctx.curves.valAcc ?? ctx.curves.trainAcc;
  if (!acc || acc.ys.length === 0) return false;
  const tail = acc.ys.slice(Math.max(0, acc.ys.length - Math.max(MIN_CHANCE_POINTS, Math.ceil(acc.ys.length / 3))));
  return median(tail) > 1 / k + 0.25 * (1 - 1 / k);
}

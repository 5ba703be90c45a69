import type { ScriptFacts } from '../lint/script-facts';
import type { Run } from '../run/model';
import type { ClassInfo } from './symptom';

/**
 * Numeric fingerprints of classification losses (research/domain.md §3):
 * - chance loss: a model that predicts the uniform distribution over K classes has cross-entropy ln K
 *   (0.6931 for 2, 2.3026 for 10);
 * - double-softmax floor: softmax applied to probabilities p ∈ [0,1] can at best give the true class
 *   e/(e + K − 1), so CrossEntropyLoss after a Softmax never goes below ln(1 + (K − 1)/e)
 *   (0.3133 for 2, 1.4612 for 10).
 */
export const MAX_CLASSES = 1000;

export function chanceLoss(k: number): number {
  return Math.log(k);
}

export function softmaxFloor(k: number): number {
  return Math.log(1 + (k - 1) / Math.E);
}

/**
 * How far from ln K a level may be and still be read as "at ln K" when K is guessed from the level itself:
 * 2 % of ln K, but never more than a third of the gap to the next K (ln(K+1) − ln K ≈ 1/K), so that large
 * K are matched only by values close to exact.
 */
export function guessTolerance(k: number): number {
  return Math.min(0.02 * Math.log(k), 0.33 * (Math.log(k + 1) - Math.log(k)));
}

/** The K whose ln K the value is closest to, if it is within the guess tolerance. */
export function classesFromLoss(level: number): number | null {
  if (!(level > 0.5)) return null;
  const k = Math.round(Math.exp(level));
  for (const cand of [k - 1, k, k + 1]) {
    if (cand < 2 || cand > MAX_CLASSES) continue;
    if (Math.abs(level - Math.log(cand)) <= guessTolerance(cand)) return cand;
  }
  return null;
}

/** The K whose double-softmax floor lies just below `minLoss` (within a quarter of the gap to the next floor). */
export function classesFromFloor(minLoss: number): number | null {
  for (let k = 2; k <= MAX_CLASSES; k++) {
    const f = softmaxFloor(k);
    const next = softmaxFloor(k + 1);
    if (minLoss < f - 0.005) return null;
    if (minLoss <= f + 0.25 * (next - f)) return k;
  }
  return null;
}

/** K from the script's final layer (or explicit num_classes). One output unit means a binary task. */
export function classesFromScript(facts: ScriptFacts | undefined | null): ClassInfo | null {
  const n = facts?.numClasses;
  if (!n || !Number.isFinite(n.value) || n.value < 1) return null;
  return { k: n.value === 1 ? 2 : n.value, source: 'script', line: n.at.line, text: n.at.text };
}

/**
 * Guessing K from a loss level only makes sense for a classification cross-entropy. Detection, segmentation,
 * speech and language-model runs log losses that sit near some ln K by coincidence (a detectron2 total_loss of
 * 1.61 is not "chance for 5 classes"): no guess when the run logs such metrics or the loss is a sum of parts.
 */
const NOT_CLASSIFICATION = /(^|[/_.(-])(map|map50|ap|ap50|ap75|aps|apm|apl|iou|miou|dice|wer|cer|bleu|rouge\w*|ppl|perplexity|psnr|ssim|mse|mae|rmse)([/_.()-]|$)|bbox|box_loss|loss_box|rpn|mask|dfl|obj_loss|seg/;

export function mayGuessClasses(run: Run, lossName: string): boolean {
  if (/total|box|mask|rpn|seg|dfl|obj/i.test(lossName)) return false;
  return !run.series.some(s => NOT_CLASSIFICATION.test(s.metric) || NOT_CLASSIFICATION.test(s.name.toLowerCase()));
}

/** Binary entropy in nats: the loss of a model that always predicts the class prior p. */
export function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

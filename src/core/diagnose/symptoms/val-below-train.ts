import { factCause } from '../causes';
import { align, type AlignedPair, type Curve } from '../curves';
import { MIN_TREND_POINTS, needPairedAccuracy, needPairedLoss } from '../requirements';
import { round, tailMedian } from '../stats';
import { defineSymptom, type CauseCandidate, type Hit } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

/** Share of the points after the first that must be "val better than train". */
const MAJORITY = 0.6;

function judge(pair: AlignedPair, better: (t: number, v: number) => boolean): { share: number; first: number; last: number; count: number } {
  let count = 0;
  let first = -1;
  let last = -1;
  // The first epoch is skipped: its training value averages the untrained start, validation comes after it.
  for (let i = 1; i < pair.xs.length; i++) {
    if (!better(pair.train[i]!, pair.val[i]!)) continue;
    count++;
    if (first < 0) first = i;
    last = i;
  }
  return { share: count / Math.max(1, pair.xs.length - 1), first, last, count };
}

function lossHit(curve: Curve, trainName: string, pair: AlignedPair): Hit | null {
  const j = judge(pair, (t, v) => v < t * 0.98);
  if (j.count < 3 || j.share < MAJORITY) return null;
  const t = tailMedian(pair.train, 3);
  const v = tailMedian(pair.val, 3);
  const extreme = v <= 0.5 * t;
  return {
    ...(extreme ? { severity: 'warning' as const } : {}),
    variant: extreme ? 'extremeLoss' : 'main',
    params: { val: curve.name, train: trainName, valEnd: round(v), trainEnd: round(t), share: Math.round(j.share * 100), unit: xUnit(curve), from: curve.xs[pair.valIndex[j.first]!]!, to: curve.xs[pair.valIndex[j.last]!]! },
    span: { curve, from: pair.valIndex[j.first]!, to: pair.valIndex[j.last]! },
    evidence: { valSeries: curve.name, trainSeries: trainName, sharePercent: Math.round(j.share * 100), finalValLoss: round(v), finalTrainLoss: round(t), ratio: round(v / t, 3), extreme },
  };
}

function accuracyHit(curve: Curve, trainName: string, pair: AlignedPair): Hit | null {
  const j = judge(pair, (t, v) => v > t + 0.01);
  if (j.count < 3 || j.share < MAJORITY) return null;
  const t = tailMedian(pair.train, 3);
  const v = tailMedian(pair.val, 3);
  const extreme = v - t >= 0.1;
  return {
    ...(extreme ? { severity: 'warning' as const } : {}),
    variant: extreme ? 'extremeAccuracy' : 'accuracy',
    params: { val: curve.name, train: trainName, valEnd: fmtAcc(v, curve.scale), trainEnd: fmtAcc(t, curve.scale), share: Math.round(j.share * 100), unit: xUnit(curve), from: curve.xs[pair.valIndex[j.first]!]!, to: curve.xs[pair.valIndex[j.last]!]! },
    span: { curve, from: pair.valIndex[j.first]!, to: pair.valIndex[j.last]! },
    evidence: { valSeries: curve.name, trainSeries: trainName, sharePercent: Math.round(j.share * 100), finalValAccuracy: round(v), finalTrainAccuracy: round(t), extreme },
  };
}

export const valBelowTrain = defineSymptom({
  id: 'val-below-train',
  severity: 'info',
  name: 'Validation better than training',
  requires: ctx => {
    const loss = needPairedLoss(ctx, MIN_TREND_POINTS);
    return loss === null || needPairedAccuracy(ctx, MIN_TREND_POINTS) === null ? null : loss;
  },
  detect(ctx) {
    const { trainLoss, valLoss, trainAcc, valAcc } = ctx.curves;
    if (trainLoss && valLoss) {
      const pair = align(trainLoss, valLoss);
      if (pair.xs.length >= MIN_TREND_POINTS) return lossHit(valLoss, trainLoss.name, pair);
    }
    if (trainAcc && valAcc) {
      const pair = align(trainAcc, valAcc);
      if (pair.xs.length >= MIN_TREND_POINTS) return accuracyHit(valAcc, trainAcc.name, pair);
    }
    return null;
  },
  causes(_ctx, hit, script) {
    const out: CauseCandidate[] = [];
    const f = script.facts;
    // Dropout explains it only when validation runs without it (model.eval()); on in both phases, it does not.
    for (const d of f.evalMode ? f.dropout : []) {
      out.push(...factCause(script, d.at, d.value !== null && d.value >= 0.3 ? 0.75 : 0.55, 'val-below-train.cause.dropout',
        'dropout{rate} is active while training and off in validation (model.eval()): the training loss is measured on a handicapped network', { rate: d.value !== null ? ` (p=${d.value})` : '' }));
    }
    if (f.optimizer?.weightDecay) {
      out.push(...factCause(script, f.optimizer.at, 0.35, 'val-below-train.cause.weight-decay',
        'weight decay {wd} restrains the fit to the training data (Keras kernel regularizers also add their penalty to the training loss only)', { wd: f.optimizer.weightDecay }));
    }
    if (hit.evidence['extreme'] === true && f.dropout.length === 0) {
      out.push(...factCause(script, f.trainShuffle?.at ?? f.batchSize?.at ?? null, 0.3, 'val-below-train.cause.leak',
        'no regularisation explains a gap this large: check that the validation set is not easier than, or overlapping with, the training set'));
    }
    return out;
  },
  texts: {
    title: '{val} below {train} for {share}% of the run',
    explanation: '{val} is lower than {train} at {share}% of the points from {unit} {from} to {unit} {to} (at the end {valEnd} vs {trainEnd}). This is usually fine. The three usual reasons: regularisation that acts only in training (dropout, weight penalties); the training loss is an average over the epoch while the weights improved, but validation is measured at the end of the epoch (about half an epoch later); or a validation set that is easier than the training set, or that leaks training examples.',
    advice: [
      'Nothing to fix if the script uses dropout or other training-only regularisation.',
      'If the gap is large and the model has no such regularisation, check the validation set for duplicates of training examples and for an easier class mix.',
    ],
    variants: {
      extremeLoss: {
        title: '{val} far below {train}: {valEnd} vs {trainEnd} at the end',
        explanation: '{val} is lower than {train} at {share}% of the points from {unit} {from} to {unit} {to}, and ends at {valEnd} against {trainEnd}, half or less. Dropout and the half-epoch lag explain modest gaps; a gap this large also suggests a validation set that is easier than the training set, or that shares examples with it (a leak).',
      },
      accuracy: {
        title: '{val} above {train} for {share}% of the run',
        explanation: '{val} is higher than {train} at {share}% of the points from {unit} {from} to {unit} {to} (at the end {valEnd} vs {trainEnd}). Usually regularisation that acts only in training (dropout, augmentation), the half-epoch lag of an epoch-averaged training accuracy, or an easier validation set.',
      },
      extremeAccuracy: {
        title: '{val} far above {train}: {valEnd} vs {trainEnd} at the end',
        explanation: '{val} is higher than {train} at {share}% of the points from {unit} {from} to {unit} {to}, and ends at {valEnd} against {trainEnd}, 10 points or more. Regularisation rarely explains that much: check the validation set for leaked training examples and for an easier class mix, and check that the training labels are right.',
      },
    },
  },
  doc: {
    rule: 'Training and validation (or test) losses paired by epoch (at least 4 pairs; accuracies when the log has no paired losses). Ignoring the first pair, the validation loss is more than 2 % below the training loss (validation accuracy more than 0.01 above training) at 60 % or more of the pairs, and at least 3. Info; warning when it is extreme at the end: validation loss at most half the training loss (medians of the last 3), or validation accuracy 0.10 or more above training.',
    see: 'The validation curve lies below the training curve (or its accuracy above) for most of the run.',
    why: 'Three usual reasons (Keras FAQ, UMLAUT): (1) regularisation that acts only in training, such as dropout (off in `model.eval()`) or Keras weight penalties added to the training loss; (2) the training loss is averaged over the epoch while the model improves, validation is measured at the end of the epoch, about half an epoch later; (3) the validation set is easier than the training set (class mix, cleaner labels, no augmentation), or overlaps with it (a leak).',
    check: [
      'Dropout and augmentation in training only: expected.',
      'For large gaps: duplicates between training and validation sets, the class mix of each, the labels of the training set.',
    ],
    falseAlarms: [
      'Almost every run shows validation below training in its first epoch; the first pair is ignored for that reason.',
    ],
    examples: ['dropout-val-below-train', 'corpus: transfer-tutorial-style/icelandman2-helping-hands-resnet18extended-numbers.md', 'corpus: transfer-tutorial-style/deep-learning-algorithm-resnet-18-34-50.md (the test split plays the validation role)'],
  },
});

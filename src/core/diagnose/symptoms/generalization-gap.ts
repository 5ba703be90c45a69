import { factCause } from '../causes';
import { needPairedAccuracy, pairedAccuracy } from '../requirements';
import { round, tailMedian } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

/** AUTOTRAINER's thresholds (shiningrain/AUTOTRAINER AutoTrainer/utils/monitor.py): gap ≥ 0.10, or ≥ 0.07 above 0.9. */
export function gapThreshold(trainAcc: number): number {
  return trainAcc > 0.9 ? 0.07 : 0.1;
}

export const generalizationGap = defineSymptom({
  id: 'generalization-gap',
  severity: 'warning',
  name: 'Training accuracy far above validation accuracy',
  requires: ctx => needPairedAccuracy(ctx, 3),
  detect(ctx) {
    const pair = pairedAccuracy(ctx);
    const n = pair.xs.length;
    const train = tailMedian(pair.train, 3);
    const val = tailMedian(pair.val, 3);
    const gap = train - val;
    const threshold = gapThreshold(train);
    if (gap < threshold) return null;
    // From the first pair after which the gap stays above the threshold.
    let from = n - 1;
    while (from > 0 && pair.train[from - 1]! - pair.val[from - 1]! >= gapThreshold(pair.train[from - 1]!)) from--;
    const curve = ctx.curves.valAcc!;
    const scale = curve.scale;
    return {
      params: {
        train: ctx.curves.trainAcc!.name, val: curve.name, trainAcc: fmtAcc(train, scale), valAcc: fmtAcc(val, scale),
        gap: fmtAcc(gap, scale), threshold: fmtAcc(threshold, scale), unit: xUnit(curve), from: curve.xs[pair.valIndex[from]!]!, to: curve.xs[pair.valIndex[n - 1]!]!,
      },
      span: { curve, from: pair.valIndex[from]!, to: pair.valIndex[n - 1]! },
      evidence: { trainAccuracy: round(train), valAccuracy: round(val), gap: round(gap), threshold, scale: scale ?? 'fraction', since: curve.xs[pair.valIndex[from]!]! },
    };
  },
  causes(ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const f = script.facts;
    if (f.dropout.length === 0 && f.optimizer) {
      out.push(...(f.optimizer.weightDecay
        ? factCause(script, f.optimizer.at, 0.4, 'generalization-gap.cause.no-dropout', 'no dropout in the model (weight decay only)')
        : factCause(script, f.optimizer.at, 0.45, 'generalization-gap.cause.no-regularisation', 'no dropout in the model and no weight decay in the optimizer')));
    }
    if (!f.evalMode && f.dropout.length > 0) {
      out.push(...factCause(script, f.dropout[0]!.at, 0.35, 'generalization-gap.cause.no-eval',
        'model.eval() is never called: dropout stays on during validation and lowers the validation accuracy'));
    }
    if (ctx.found.has('overfitting') && f.epochs) {
      out.push(...factCause(script, f.epochs.at, 0.3, 'generalization-gap.cause.epochs', 'training continues well past the best validation epoch ({epochs} epochs)', { epochs: f.epochs.value }));
    }
    return out;
  },
  texts: {
    title: 'Generalization gap: {train} {trainAcc} vs {val} {valAcc} (gap {gap})',
    explanation: 'At the end of the run {train} is {trainAcc} and {val} only {valAcc}: a gap of {gap}, above {threshold}, since {unit} {from}. The model does much better on the data it was trained on than on new data, so part of what it learned does not transfer.',
    advice: [
      'Regularise: dropout, weight decay, data augmentation, label smoothing.',
      'Get more (or more varied) training data; check that training and validation data come from the same distribution.',
      'Stop earlier: keep the checkpoint with the best validation accuracy.',
    ],
  },
  doc: {
    rule: 'Training and validation (or test) accuracy paired by epoch (at least 3 pairs), as fractions (percent logs are converted). The gap is the median of the last 3 training accuracies minus the median of the last 3 validation accuracies; it fires at 0.10 or more, or 0.07 or more when training accuracy is above 0.9 (AUTOTRAINER\'s thresholds).',
    see: 'Training accuracy near 100 % while validation accuracy stays 10+ points lower.',
    why: 'The model memorises the training set. Too little data for the model\'s size, too little regularisation, or a validation set that differs from the training set (another source, a leak in the other direction, a different preprocessing).',
    check: [
      'Regularisation and augmentation.',
      'Data: size, and whether training and validation come from the same distribution and preprocessing.',
      'The best-validation checkpoint.',
    ],
    falseAlarms: [
      'Tasks with label noise or hard validation sets have an irreducible gap; a 10-point gap on a hard benchmark may be the state of the art.',
    ],
    examples: ['tiny-dataset-overfitting', 'corpus: keras-csvlogger/aitzaz-saleem-tomato-leaf.csv', 'corpus: tqdm-progress/pilot-j-deeplense-finetune-FT.md'],
  },
});

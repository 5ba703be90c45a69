import { factCause } from '../causes';
import { align } from '../curves';
import { needPairedAccuracy, needPairedLoss } from '../requirements';
import { headMedian, round, tailMedian } from '../stats';
import { defineSymptom, type CauseCandidate, type Hit } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

const MIN_POINTS = 5;
/** Points averaged at each end: 3, fewer on short runs (7 epochs: 1) so the ends do not overlap. */
const ends = (p: { xs: number[] }) => Math.max(1, Math.min(3, Math.floor(p.xs.length / 4)));
/** Validation must improve by this much (relative for losses, absolute for accuracies)... */
const VAL_GAIN = 0.15;
/** ...and training by at most this share of the validation improvement. */
const TRAIN_SHARE = 0.5;

export const trainStalledValImproving = defineSymptom({
  id: 'train-stalled-val-improving',
  severity: 'warning',
  name: 'Training barely improves while validation improves',
  supersedes: ['val-below-train'],
  requires: ctx => {
    const loss = needPairedLoss(ctx, MIN_POINTS);
    const mixed = ctx.curves.trainLoss && ctx.curves.valAcc && ctx.curves.valAcc.ys.length >= MIN_POINTS;
    return loss === null || needPairedAccuracy(ctx, MIN_POINTS) === null || mixed ? null : loss;
  },
  detect(ctx) {
    const { trainLoss, valLoss, trainAcc, valAcc } = ctx.curves;
    if (trainLoss && valLoss) {
      const p = align(trainLoss, valLoss);
      if (p.xs.length >= MIN_POINTS) {
        const t0 = headMedian(p.train, ends(p));
        const t1 = tailMedian(p.train, ends(p));
        const v0 = headMedian(p.val, ends(p));
        const v1 = tailMedian(p.val, ends(p));
        const tg = (t0 - t1) / Math.abs(t0);
        const vg = (v0 - v1) / Math.abs(v0);
        if (vg >= VAL_GAIN && tg <= TRAIN_SHARE * vg && v1 < t1) {
          return hit(valLoss.name, trainLoss.name, valLoss, p.valIndex[0]!, p.valIndex[p.xs.length - 1]!, 'main', {
            trainFrom: round(t0), trainTo: round(t1), valFrom: round(v0), valTo: round(v1), trainGain: Math.round(tg * 100), valGain: Math.round(vg * 100),
          });
        }
        return null;
      }
    }
    if (trainLoss && valAcc && !trainAcc) {
      // A log with the training loss and the validation accuracy only (`Train Loss: .., Test Acc: ..%`).
      const p = align(trainLoss, valAcc);
      if (p.xs.length < MIN_POINTS) return null;
      const t0 = headMedian(p.train, ends(p));
      const t1 = tailMedian(p.train, ends(p));
      const v0 = headMedian(p.val, ends(p));
      const v1 = tailMedian(p.val, ends(p));
      const tg = (t0 - t1) / Math.abs(t0);
      if (v1 - v0 >= VAL_GAIN && tg <= 0.05) {
        return hit(valAcc.name, trainLoss.name, valAcc, p.valIndex[0]!, p.valIndex[p.xs.length - 1]!, 'lossAccuracy', {
          trainFrom: round(t0), trainTo: round(t1), valFrom: fmtAcc(v0, valAcc.scale), valTo: fmtAcc(v1, valAcc.scale), trainGain: Math.round(tg * 100),
        });
      }
      return null;
    }
    if (trainAcc && valAcc) {
      const p = align(trainAcc, valAcc);
      if (p.xs.length < MIN_POINTS) return null;
      const t0 = headMedian(p.train, ends(p));
      const t1 = tailMedian(p.train, ends(p));
      const v0 = headMedian(p.val, ends(p));
      const v1 = tailMedian(p.val, ends(p));
      if (v1 - v0 >= VAL_GAIN && t1 - t0 <= TRAIN_SHARE * (v1 - v0) && v1 > t1) {
        return hit(valAcc.name, trainAcc.name, valAcc, p.valIndex[0]!, p.valIndex[p.xs.length - 1]!, 'accuracy', {
          trainFrom: fmtAcc(t0, trainAcc.scale), trainTo: fmtAcc(t1, trainAcc.scale), valFrom: fmtAcc(v0, valAcc.scale), valTo: fmtAcc(v1, valAcc.scale),
        });
      }
    }
    return null;
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    for (const d of script.facts.dropout) {
      if (d.value !== null && d.value >= 0.5) {
        out.push(...factCause(script, d.at, 0.4, 'train-stalled-val-improving.cause.dropout',
          'heavy dropout (p={rate}) is on while training: the training loss is measured on a handicapped network', { rate: d.value }));
      }
    }
    return out;
  },
  texts: {
    title: '{train} barely moves ({trainFrom} → {trainTo}) while {val} improves ({valFrom} → {valTo})',
    explanation: 'Over the run {train} improved by {trainGain}% and {val} by {valGain}%, ending below it. When the model gets clearly better on validation data but hardly on its own training data, the training data or the training loss is what is wrong: noisy or shuffled training labels (while validation labels are right), augmentation so strong that training examples are much harder than validation ones, or a training loss that is computed or logged incorrectly.',
    advice: [
      'Check the training labels: a sample of (input, label) pairs from the training loader, by eye.',
      'Check the augmentation: show a few augmented training batches.',
      'Check how the training loss is accumulated and logged (reset every epoch, averaged over samples, not summed).',
    ],
    variants: {
      lossAccuracy: {
        title: '{train} flat ({trainFrom} → {trainTo}) while {val} climbs ({valFrom} → {valTo})',
        explanation: '{train} changed by only {trainGain}% over the run while {val} went from {valFrom} to {valTo}. The model is learning, but the logged training loss does not show it: it is dominated by something that does not depend on the fit (a large regularisation or auxiliary term added to it), or it is computed or logged incorrectly, or the training labels are much noisier than the validation labels.',
      },
      accuracy: {
        explanation: '{train} went from {trainFrom} to {trainTo} while {val} went from {valFrom} to {valTo}, ending above it. When the model gets clearly better on validation data but hardly on its own training data, suspect the training data: noisy or mismatched training labels, augmentation that makes training examples much harder, or an accuracy computed incorrectly on the training side.',
      },
    },
  },
  doc: {
    rule: 'Training and validation (or test) losses paired by epoch, at least 5 pairs. From the median of the first 3 to the median of the last 3 (fewer points on runs under 12: a quarter of the run, at least 1), the validation loss improves by at least 15 % while the training loss improves by at most half as much (relative), and the validation loss ends below the training loss. With accuracies instead (when the log has no paired losses): validation gains at least 0.15, training at most half of that, and validation ends above training. With the training loss and the validation accuracy only: the training loss improves by at most 5 % while the validation accuracy gains 0.15 or more.',
    see: 'The training curve is almost flat while the validation curve keeps improving, ending better than training.',
    why: 'A model that learns something real improves on the training data first. If validation improves much more, the training data carries less signal than the validation data: label noise or a broken label join on the training side, augmentation that makes training much harder, or a bug in how the training loss is computed or logged (summed instead of averaged, not reset between epochs).',
    check: [
      'Training labels, by eye, on a few batches from the training loader.',
      'Augmentation strength.',
      'The bookkeeping of the training loss.',
    ],
    falseAlarms: [
      'Very strong regularisation (heavy dropout, a large weight penalty added to the training loss) can flatten the training curve legitimately; the cause list shows such dropout when the script has it.',
    ],
    examples: ['noisy-train-labels', 'corpus: print-style-logging/5697526-cifar10-hyperparameter-search-gbk.log (trial 4: loss 39.39 → 38.83 with a large regularisation term, accuracy 50.34 % → 70.59 %)'],
  },
});

function hit(valName: string, trainName: string, curve: Parameters<typeof xUnit>[0], from: number, to: number, variant: string, params: Hit['params']): Hit {
  return {
    variant,
    params: { val: valName, train: trainName, unit: xUnit(curve), from: curve.xs[from]!, to: curve.xs[to]!, ...params },
    span: { curve, from, to },
    evidence: { trainSeries: trainName, valSeries: valName, ...params },
  };
}

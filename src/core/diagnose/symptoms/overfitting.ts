import { factCause } from '../causes';
import { needPairedLoss, pairedLoss } from '../requirements';
import { argmin, headMedian, kendallTau, noiseSigma, round, tailMedian, windowMedian } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { xUnit } from '../units';

const MIN_POINTS = 5;

export const overfitting = defineSymptom({
  id: 'overfitting',
  severity: 'warning',
  name: 'Validation loss rises after its best epoch while training loss falls',
  requires: ctx => needPairedLoss(ctx, MIN_POINTS),
  detect(ctx) {
    const pair = pairedLoss(ctx);
    const v = pair.val;
    const t = pair.train;
    const n = v.length;
    // Medians over a window of about a tenth of the run (at least 3) read noisy validation curves: the best
    // stretch, not the luckiest single epoch; the level at the end, not the last spike.
    const w = Math.max(3, Math.min(Math.floor(n / 3), Math.round(n / 10)));
    const sv = windowMedian(v, w);
    const b = argmin(sv);
    if (n - 1 - b < 3) return null;
    const low = sv[b]!;
    const end = tailMedian(v, w);
    const rise = end - low;
    // A rise that matters: 5 % of the best value and 5 % of the improvement made before it (a healthy run's
    // validation loss often creeps up by 5 % of its minimum after converging, but that is under 2 % of its
    // total improvement), and beyond the noise of a w-point median.
    const progress = Math.max(0, headMedian(v, w) - low);
    const noise = (noiseSigma(v) * 1.25) / Math.sqrt(w);
    if (rise < 0.05 * Math.abs(low) || rise < 0.05 * progress || rise < 2 * noise) return null;
    // It rose and stayed up: a rising trend, or most points after the best above the middle of the rise.
    const after = v.slice(b + 1);
    const up = after.filter(x => x > low + rise / 2).length / after.length;
    if (kendallTau(sv.slice(b)) < 0.3 && up < 0.6) return null;
    // Training keeps improving (or holds) after the validation best: not both getting worse.
    const trainAtBest = windowMedian(t, w)[b]!;
    const trainEnd = tailMedian(t, w);
    if (trainEnd > trainAtBest * 1.02) return null;
    const curve = ctx.curves.valLoss!;
    // The best epoch as the log shows it (the checkpoint one would keep): the lowest raw value up to the end of
    // the best window.
    const bestRaw = argmin(v, 0, Math.min(n, b + Math.floor(w / 2) + 1));
    const from = pair.valIndex[bestRaw]!;
    const to = pair.valIndex[n - 1]!;
    return {
      params: {
        val: curve.name, train: ctx.curves.trainLoss!.name, unit: xUnit(curve), best: curve.xs[pair.valIndex[bestRaw]!]!, bestLoss: round(v[bestRaw]!),
        end: round(end), rise: Math.round((rise / Math.abs(low)) * 100), trainAtBest: round(trainAtBest), trainEnd: round(trainEnd), to: curve.xs[to]!,
      },
      span: { curve, from, to },
      marks: [curve.xs[pair.valIndex[bestRaw]!]!],
      evidence: {
        [curve.axis === 'epoch' ? 'bestEpoch' : 'bestStep']: curve.xs[pair.valIndex[bestRaw]!]!,
        bestValLoss: round(v[bestRaw]!),
        finalValLoss: round(end),
        risePercent: Math.round((rise / Math.abs(low)) * 1000) / 10,
        trainLossAtBest: round(trainAtBest),
        finalTrainLoss: round(trainEnd),
        pointsAfterBest: n - 1 - b,
        window: w,
      },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const f = script.facts;
    if (f.dropout.length === 0 && f.optimizer && !f.optimizer.weightDecay) {
      out.push(...factCause(script, f.optimizer.at, 0.5, 'overfitting.cause.no-regularisation',
        'no dropout layer in the model and no weight decay in the optimizer: nothing restrains the network from memorising the training set'));
    } else if (f.dropout.length === 0 && f.optimizer) {
      out.push(...factCause(script, f.optimizer.at, 0.45, 'overfitting.cause.no-dropout', 'no dropout layer in the model: only weight decay restrains it from memorising the training set'));
    } else if (f.optimizer && !f.optimizer.weightDecay) {
      out.push(...factCause(script, f.optimizer.at, 0.4, 'overfitting.cause.no-weight-decay', 'the optimizer has no weight decay'));
    }
    if (f.epochs) {
      out.push(...factCause(script, f.epochs.at, 0.45, 'overfitting.cause.epochs',
        'training runs for {epochs} epochs with no early stopping visible in the curves: the best validation loss came at {unit} {best}', { epochs: f.epochs.value }));
    }
    return out;
  },
  texts: {
    title: 'Overfitting: {val} is lowest at {unit} {best} ({bestLoss}), then rises {rise}% while {train} keeps falling',
    explanation: '{val} reached its best value {bestLoss} at {unit} {best} and has risen since, to {end} by {unit} {to}, while {train} went on falling ({trainAtBest} → {trainEnd}). The model is memorising the training set: every epoch after {unit} {best} makes it fit the training data better and new data worse.',
    advice: [
      'Keep the checkpoint of the best epoch (early stopping on the validation loss).',
      'Add regularisation: dropout, weight decay, data augmentation.',
      'Get more training data, or use a smaller model.',
    ],
  },
  doc: {
    rule: 'Training and validation (or test) losses paired by epoch (at least 5 pairs), read through medians over a window w of about a tenth of the run (at least 3 points). The best validation stretch is the minimum of the windowed median and must be at least 3 pairs before the end; the validation loss then rises: the median of the last w points is above that minimum by at least 5 % of the minimum, 5 % of the improvement from the median of the first w points to the minimum, and twice the noise of a w-point median (from the MAD of point-to-point changes); it rose and stayed up (Kendall\'s tau ≥ 0.3 from the minimum to the end, or 60 % of the later points above the middle of the rise); and the training loss does not rise meanwhile (its last-w median at most 2 % above its windowed value at the best epoch). The reported best epoch is the lowest raw value up to the end of the best window.',
    see: 'The validation loss reaches a minimum and turns up while the training loss keeps going down: the curves open like scissors.',
    why: 'After the best epoch the model fits details of the training set that do not generalise. Too little data, too large a model, too little regularisation, or simply too many epochs.',
    check: [
      'Early stopping / keeping the best checkpoint.',
      'Dropout, weight decay, augmentation.',
      'Training set size versus model size.',
    ],
    falseAlarms: [
      'A validation loss can rise while validation accuracy still improves (the model gets more confident on the examples it gets wrong); check the accuracy before stopping early.',
      'Small validation sets are noisy: the rise must beat 2.5 noise sigmas, but a short run with a noisy validation curve can still mislead.',
    ],
    examples: ['tiny-dataset-overfitting', 'hf-style-overfitting', 'corpus: keras-csvlogger/aitzaz-saleem-tomato-leaf.csv (best epoch 18)', 'corpus: hf-trainer-state/byerenozer-whisper-finetune.json (best at step 250 of 1500)', 'corpus: keras-console/allegra42-belgian-traffic-sign-4models.txt (the first of four models)'],
  },
});

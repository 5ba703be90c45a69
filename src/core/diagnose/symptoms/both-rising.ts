import { needTrainLoss, needValLoss } from '../requirements';
import { round } from '../stats';
import { defineSymptom } from '../symptom';
import { RISE_MIN_POINTS, steadyRise } from '../trend';
import { xUnit } from '../units';
import { divergingCauses } from './diverging-causes';

export const bothRising = defineSymptom({
  id: 'both-rising',
  severity: 'error',
  name: 'Training and validation loss both rising',
  supersedes: ['loss-diverging', 'overfitting', 'oscillating', 'learning-reversed'],
  requires: ctx => needTrainLoss(ctx, RISE_MIN_POINTS) ?? needValLoss(ctx, RISE_MIN_POINTS),
  detect(ctx) {
    const train = ctx.curves.trainLoss!;
    const val = ctx.curves.valLoss!;
    const tr = steadyRise(train);
    const vr = steadyRise(val);
    if (!tr || !vr) return null;
    const start = Math.min(train.xs[tr.from]!, val.xs[vr.from]!);
    const n = train.xs.length;
    const from = Math.max(0, train.xs.findIndex(x => x >= start));
    return {
      params: {
        train: train.name, val: val.name, trainLow: round(tr.low), trainEnd: round(tr.end), valLow: round(vr.low), valEnd: round(vr.end),
        unit: xUnit(train), trainFrom: train.xs[tr.from]!, valFrom: val.xs[vr.from]!, to: train.xs[n - 1]!,
      },
      span: { curve: train, from, to: n - 1 },
      marks: [start],
      evidence: {
        trainSeries: train.name, valSeries: val.name,
        trainLowest: round(tr.low), trainLowestAt: train.xs[tr.from]!, trainFinal: round(tr.end), trainFactor: round(tr.factor, 2),
        valLowest: round(vr.low), valLowestAt: val.xs[vr.from]!, valFinal: round(vr.end), valFactor: round(vr.factor, 2),
      },
    };
  },
  causes: (_ctx, _hit, script) => divergingCauses('both-rising', script),
  texts: {
    title: 'Training and validation loss both rising: {train} {trainLow} → {trainEnd}, {val} {valLow} → {valEnd}',
    explanation: '{train} has risen since {unit} {trainFrom} ({trainLow} → {trainEnd}) and {val} since {unit} {valFrom} ({valLow} → {valEnd}). This is not overfitting (there the training loss keeps falling): the optimization itself is failing, and the model is getting worse on all data.',
    advice: [
      'Check that optimizer.zero_grad() runs every step, before loss.backward().',
      'Lower the learning rate (10×); check the warm-up and the schedule.',
      'Clip gradients (torch.nn.utils.clip_grad_norm_).',
      'Keep the checkpoint of the best epoch.',
    ],
  },
  doc: {
    rule: 'The training loss and the validation (or test) loss both rise steadily after their lowest points, by the same test as loss-diverging applied to each curve (at least 4 points from the minimum, Kendall\'s tau ≥ 0.6, highest point among the last three, rise ≥ half the minimum and 3 noise sigmas).',
    see: 'Both curves go up together, often faster and faster.',
    why: 'When the training loss rises, the optimizer is making the model worse at the very data it sees; the validation loss follows. The usual causes are those of a diverging loss: gradients that are never cleared, a learning rate far too high, a schedule that keeps the LR high.',
    check: [
      '`optimizer.zero_grad()` before every `loss.backward()`.',
      'The learning rate and its schedule.',
      'Gradient clipping.',
    ],
    falseAlarms: [
      'Fine-tuning runs whose loss rises during warm-up and then falls are not flagged: the rise must last to the end.',
    ],
    examples: ['missing-zero-grad'],
  },
});

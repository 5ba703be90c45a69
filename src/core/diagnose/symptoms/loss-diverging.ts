import { needTrainLoss } from '../requirements';
import { round } from '../stats';
import { defineSymptom } from '../symptom';
import { RISE_MIN_POINTS, steadyRise } from '../trend';
import { xUnit } from '../units';
import { divergingCauses } from './diverging-causes';

export const lossDiverging = defineSymptom({
  id: 'loss-diverging',
  severity: 'error',
  name: 'Training loss rising steadily',
  supersedes: ['oscillating', 'learning-reversed'],
  requires: ctx => needTrainLoss(ctx, RISE_MIN_POINTS),
  detect(ctx) {
    const curve = ctx.curves.trainLoss!;
    const rise = steadyRise(curve);
    if (!rise) return null;
    const n = curve.xs.length;
    return {
      params: { series: curve.name, low: round(rise.low), end: round(rise.end), factor: round(rise.factor, 1), unit: xUnit(curve), from: curve.xs[rise.from]!, to: curve.xs[n - 1]! },
      span: { curve, from: rise.from, to: n - 1 },
      marks: [curve.xs[rise.from]!],
      evidence: { series: curve.name, lowest: round(rise.low), lowestAt: curve.xs[rise.from]!, final: round(rise.end), factor: round(rise.factor, 2), kendallTau: round(rise.tau, 2) },
    };
  },
  causes: (_ctx, _hit, script) => divergingCauses('loss-diverging', script),
  texts: {
    title: '{series} is rising: {low} at {unit} {from} → {end} at {unit} {to}',
    explanation: '{series} reached its lowest value {low} at {unit} {from} and has risen steadily since, to {end} ({factor}× the lowest). A training loss that climbs means the optimizer steps make things worse: the steps are too large, or the gradients are wrong.',
    advice: [
      'Check that optimizer.zero_grad() runs every step, before loss.backward().',
      'Lower the learning rate (10×); check the warm-up and the schedule.',
      'Clip gradients (torch.nn.utils.clip_grad_norm_).',
      'Normalise the inputs.',
    ],
  },
  doc: {
    rule: 'The training loss (at least 4 points) rises steadily after its lowest 3-point-median value: at least 4 points from the minimum to the end, Kendall\'s tau of that stretch ≥ 0.6, the highest point among the last three and the last half of the stretch still rising (tau ≥ 0.3), and a rise (median of the last 3 minus the minimum) of at least half the minimum and 3 noise sigmas (noise from the MAD of point-to-point differences).',
    see: 'The training loss goes down for a while, or not at all, then up, epoch after epoch, often faster and faster.',
    why: 'Optimizer steps that increase the loss are too large or point the wrong way. Gradients that are never cleared (`zero_grad` missing) add up, so the step grows with every batch; a learning rate far too high overshoots; a schedule stepped in the wrong place can keep the LR at its peak or raise it.',
    check: [
      '`optimizer.zero_grad()` before every `loss.backward()`.',
      'The learning rate and its schedule (warm-up end).',
      'Gradient clipping.',
    ],
    falseAlarms: [
      'A loss that rises during warm-up and comes back down is not flagged: the highest point must be at the end.',
      'Losses that are supposed to grow (a GAN discriminator, a loss with a rising regularisation weight) look the same; read the finding against the method.',
    ],
    examples: ['missing-zero-grad-train-only'],
  },
});

import { finalChanceStretch, MIN_CHANCE_POINTS } from '../at-chance';
import { factCause, lintCauses, scriptLr } from '../causes';
import { mainLoss, needMainLoss } from '../requirements';
import { argmax, round } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { xUnit } from '../units';
import { classesEvidence } from './loss-at-chance';

export const collapseToChance = defineSymptom({
  id: 'collapse-to-chance',
  severity: 'error',
  name: 'Learning, then back to chance',
  supersedes: ['loss-at-chance', 'learning-reversed', 'oscillating', 'plateau'],
  requires: ctx => needMainLoss(ctx, MIN_CHANCE_POINTS + 1),
  detect(ctx) {
    const stretch = finalChanceStretch(ctx, mainLoss(ctx));
    if (!stretch || !stretch.learned) return null;
    const { curve, classes, lnK, level, start, learned } = stretch;
    const n = curve.xs.length;
    const acc = ctx.curves.valAcc ?? ctx.curves.trainAcc;
    let bestAcc: number | null = null;
    let bestAccAt: number | null = null;
    if (acc && acc.ys.length > 0) {
      const i = argmax(acc.ys);
      bestAcc = round(acc.ys[i]!);
      bestAccAt = acc.xs[i]!;
    }
    return {
      params: {
        series: curve.name, level: round(level), k: classes.k, lnK: round(lnK), unit: xUnit(curve),
        best: round(learned.value), bestAt: curve.xs[learned.index]!, from: curve.xs[start]!, to: curve.xs[n - 1]!,
      },
      span: { curve, from: start, to: n - 1 },
      classes,
      marks: [curve.xs[start]!],
      evidence: {
        series: curve.name,
        bestLoss: round(learned.value),
        bestAt: curve.xs[learned.index]!,
        backAtChanceFrom: curve.xs[start]!,
        level: round(level),
        chanceLoss: round(lnK),
        ...classesEvidence(classes, ctx.script?.path),
        bestAccuracy: bestAcc,
        bestAccuracyAt: bestAccAt,
        finalAccuracy: acc ? round(acc.ys[acc.ys.length - 1]!) : null,
      },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const lr = scriptLr(script);
    if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
      out.push(...factCause(script, lr.at, lr.level === 'very-high' ? 0.9 : 0.75, 'collapse-to-chance.cause.lr',
        'learning rate {lr} is high for {optimizer}: one large update pushed the ReLU units into the region where they output 0 for every input, and dead units get no gradient to recover', lr.params));
    }
    out.push(...lintCauses(script, 'missing-zero-grad', 0.7, 'collapse-to-chance.cause.zero-grad',
      'gradients are never cleared: the step grows with every batch until one update throws the network into a dead state'));
    out.push(...lintCauses(script, 'activation-after-final-linear', 0.6, 'collapse-to-chance.cause.activation',
      'an activation on the logits (ReLU) can die for every class: the output becomes constant'));
    out.push(...lintCauses(script, 'missing-normalize', 0.35, 'collapse-to-chance.cause.normalize', 'unnormalised inputs make the updates large'));
    if (!script.facts.gradClipping && script.facts.optimizer) {
      out.push(...factCause(script, script.facts.optimizer.at, 0.25, 'collapse-to-chance.cause.no-clipping',
        'no gradient clipping: nothing stops one exploding batch from wrecking the weights'));
    }
    return out;
  },
  texts: {
    title: '{series} went back to chance: {best} at {unit} {bestAt}, then {level} ≈ ln({k}) from {unit} {from}',
    explanation: 'The model learned (best {series} {best} at {unit} {bestAt}) and then lost everything: from {unit} {from} to {unit} {to} the loss sits at {level}, ln({k}) = {lnK}, the loss of a constant, uniform prediction. Something knocked the network into a state where its output no longer depends on the input, typically ReLU units that died after a too-large update.',
    advice: [
      'Lower the learning rate (10×) or add warm-up; with Adam, 1e-3 and below is the usual range.',
      'Clip gradients (torch.nn.utils.clip_grad_norm_) so one bad batch cannot wreck the weights.',
      'Check that gradients are cleared every step (optimizer.zero_grad()).',
      'Keep the checkpoint of the best epoch: the run was better before the collapse.',
    ],
  },
  doc: {
    rule: 'As loss-at-chance (the last third of the main loss sits at ln K), but the loss had gone clearly below ln K before the final at-chance stretch: a 3-point-median value at least max(10 % of ln K, 0.05) under ln K.',
    see: 'The loss falls for a while, then jumps back up to 0.6931 / 2.3026 / ... and stays there; accuracy returns to 1/K.',
    why: 'The network reached a state where its output is the same for every input. The usual way there is a too-large update: a high learning rate, accumulating gradients (no `zero_grad`), or one exploding batch pushes the pre-activations of a ReLU layer below zero for every input; dead ReLUs have zero gradient, so they never come back, and the output layer can only learn the class prior.',
    check: [
      'The learning rate (and warm-up).',
      'Gradient clipping.',
      '`optimizer.zero_grad()` every step.',
      'Keep the best checkpoint.',
    ],
    falseAlarms: [
      'A run restarted from scratch in the same log without an epoch counter reset looks like a collapse; restarts the log format recognises are separate segments.',
    ],
    examples: ['lr-too-high-collapse'],
  },
});

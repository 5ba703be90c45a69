import { accuracyAboveChance, finalChanceStretch, MIN_CHANCE_POINTS } from '../at-chance';
import { factCause, hasFinding, lintCauses, scriptLr } from '../causes';
import { mainLoss, needMainLoss } from '../requirements';
import { round } from '../stats';
import { defineSymptom, type CauseCandidate, type ClassInfo, type Evidence } from '../symptom';
import { xUnit } from '../units';

/** Evidence fields saying where K came from. */
export function classesEvidence(c: ClassInfo, file?: string): Evidence {
  return c.source === 'script'
    ? { classes: c.k, classesFrom: `${file ?? 'script'}:${c.line ?? '?'}${c.text ? ` ${c.text}` : ''}` }
    : { classes: c.k, classesFrom: 'loss level' };
}

export const lossAtChance = defineSymptom({
  id: 'loss-at-chance',
  severity: 'error',
  name: 'Loss flat at chance level ln K',
  supersedes: ['plateau'],
  requires: ctx => needMainLoss(ctx, MIN_CHANCE_POINTS),
  detect(ctx) {
    const stretch = finalChanceStretch(ctx, mainLoss(ctx));
    if (!stretch || stretch.learned) return null;
    if (accuracyAboveChance(ctx, stretch.classes.k)) return null;
    const { curve, classes, lnK, level, start } = stretch;
    const n = curve.xs.length;
    const valStretch = curve === ctx.curves.valLoss ? null : finalChanceStretch(ctx, ctx.curves.valLoss);
    const acc = ctx.curves.valAcc ?? ctx.curves.trainAcc;
    return {
      variant: classes.source === 'script' ? 'main' : 'guessed',
      params: { series: curve.name, level: round(level), k: classes.k, lnK: round(lnK), unit: xUnit(curve), from: curve.xs[start]!, to: curve.xs[n - 1]!, points: n - start, chanceAcc: round(1 / classes.k) },
      span: { curve, from: start, to: n - 1 },
      classes,
      evidence: {
        series: curve.name,
        level: round(level),
        chanceLoss: round(lnK),
        ...classesEvidence(classes, ctx.script?.path),
        pointsAtChance: n - start,
        points: n,
        valLossAtChance: valStretch ? round(valStretch.level) : null,
        accuracy: acc ? round(acc.ys[acc.ys.length - 1]!) : null,
        chanceAccuracy: round(1 / classes.k),
      },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    for (const c of lintCauses(script, 'activation-after-final-linear', 0.95, 'loss-at-chance.cause.activation',
      'the activation on the final layer squashes the logits: a ReLU clips them to 0 (dead outputs give the uniform prediction, exactly ln K); a softmax before CrossEntropyLoss leaves almost no gradient at the start')) out.push(c);
    const lr = scriptLr(script);
    if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
      out.push(...factCause(script, lr.at, lr.level === 'very-high' ? 0.75 : 0.6, 'loss-at-chance.cause.lr-high',
        'learning rate {lr} is high for {optimizer}: a too-large first update can kill the ReLU units or saturate the output, leaving a constant prediction', lr.params));
    } else if (lr && (lr.level === 'low' || lr.level === 'very-low')) {
      out.push(...factCause(script, lr.at, 0.6, 'loss-at-chance.cause.lr-low',
        'learning rate {lr} is low for {optimizer}: the model barely moves away from its initial, uniform prediction', lr.params));
    }
    out.push(...lintCauses(script, 'missing-normalize', 0.5, 'loss-at-chance.cause.normalize',
      'unnormalised inputs saturate the first layers, so the output hardly depends on the input'));
    const norm = script.facts.normalization;
    if (norm && !norm.value && !hasFinding(script, 'missing-normalize')) {
      out.push(...factCause(script, norm.at, 0.35, 'loss-at-chance.cause.no-normalization', 'no input normalisation found'));
    }
    out.push(...lintCauses(script, 'missing-zero-grad', 0.45, 'loss-at-chance.cause.zero-grad',
      'gradients are never cleared: accumulated steps can throw the weights into a dead region'));
    out.push(...lintCauses(script, 'scheduler-step-placement', 0.4, 'loss-at-chance.cause.scheduler',
      'the scheduler is stepped in the wrong place: the learning rate may be ~0 after the first epoch'));
    return out;
  },
  texts: {
    title: '{series} flat at chance: {level} ≈ ln({k}) = {lnK}',
    explanation: '{series} stays at {level} from {unit} {from} to {unit} {to} ({points} points). For {k} classes, ln({k}) = {lnK} is exactly the loss of a model that predicts the uniform distribution whatever the input: the network has learned nothing, and its accuracy sits at chance ({chanceAcc}).',
    advice: [
      'Check the activation after the final layer: CrossEntropyLoss and BCEWithLogitsLoss want raw logits (no Softmax, Sigmoid or ReLU).',
      'Check that inputs and labels are paired correctly (shuffle them together, not separately) and that the labels are class indices 0..K−1.',
      'Try the learning rate 10× smaller and 10× larger: a dead network (ReLU units killed by a huge first step) and one that barely moves both sit at ln K.',
      'Check that the parameters given to the optimizer are the ones being trained (not frozen, not a copy of the model).',
      'Overfit a single batch: if even that stays at ln K, the bug is in the model or the loss, not in the data.',
    ],
    variants: {
      guessed: {
        explanation: '{series} stays at {level} from {unit} {from} to {unit} {to} ({points} points). This is ln({k}) = {lnK}, the loss of a model that predicts the uniform distribution over {k} classes (K is inferred from the loss itself; give the training script to confirm it). The network has learned nothing.',
      },
    },
  },
  doc: {
    rule: 'The main loss (training, else validation) ends flat at ln K. Level = median of the last third of the curve (3-point median filtered, at least 3 points). K comes from the script\'s final layer when a script is known; the level must then be within −3 %/+8 % of ln K and the last third within ±5 % of ln K. Without a script K is the integer whose ln K is nearest to the level, accepted only within min(2 % of ln K, ⅓ of the gap to ln(K+1)), with the last third at most twice that far from the level. Silent when the curve went clearly below ln K earlier (that is collapse-to-chance), when the accuracy is well above chance (1/K + ¼ of the distance to 1), for K = 2 guessed on runs that log TRL reward metrics, and K is never guessed for runs that are not classification (detection, segmentation, speech or language-model metrics in the log, or a loss that is a total of parts).',
    see: 'The loss sits at 0.6931 (2 classes), 1.0986 (3), 2.3026 (10), 4.6052 (100) or 6.9078 (1000) and does not move; accuracy is at 1/K.',
    why: 'ln K is the cross-entropy of the uniform prediction: the network outputs the same thing for every input. Causes: the output is cut off from the input (dead ReLUs after a huge first update, an activation on the logits such as ReLU or softmax, saturated sigmoid layers with a tiny initialisation), a learning rate so low that nothing moves, parameters that are not trained (frozen, or the optimizer holds another copy), or inputs and labels that are not paired (labels shuffled separately from the inputs), so that there is nothing to learn.',
    check: [
      'The final layer: raw logits into `CrossEntropyLoss` / `BCEWithLogitsLoss`.',
      'The pairing of inputs and labels, and the label encoding (0..K−1).',
      'The learning rate, 10× up and down.',
      'That the optimizer receives the trained model\'s parameters and they have `requires_grad=True`.',
      'Overfit one batch: a healthy model gets its loss near 0 within a few hundred steps.',
    ],
    falseAlarms: [
      'Preference / reward-model / DPO losses start at ln 2 = 0.6931 by construction (the two responses score the same at step 0); Train Doctor does not guess K = 2 on runs that log TRL reward metrics, but a DPO loss that stays at 0.6931 for the whole run is still worth a look.',
      'A loss that is not a classification cross-entropy (MSE, a custom objective) can sit at a value that happens to be ln K; without a script, K is only guessed when the level is within a narrow band, and an accuracy well above chance silences the finding.',
    ],
    examples: ['deep-sigmoid-stuck-at-chance'],
  },
});

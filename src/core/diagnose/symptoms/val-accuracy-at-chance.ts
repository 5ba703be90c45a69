import { binaryEntropy } from '../chance';
import { factCause, hasFinding, lintCauses, scriptLr } from '../causes';
import type { Curve } from '../curves';
import { needPoints, MIN_TREND_POINTS } from '../requirements';
import { kendallTau, max, median, min, round } from '../stats';
import { defineSymptom, type CauseCandidate, type ClassInfo, type Hit, type SymptomContext } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

/** Exactly equal to the printed precision. */
const SAME = 1e-6;

function tailLength(n: number): number {
  return Math.max(MIN_TREND_POINTS, Math.ceil(n / 3));
}

/** K from the script, else from a loss the earlier symptoms found at ln K. */
function knownClasses(ctx: SymptomContext): ClassInfo | null {
  return ctx.scriptClasses ?? ctx.found.get('loss-at-chance')?.classes ?? ctx.found.get('collapse-to-chance')?.classes ?? null;
}

/** Length of the final stretch of `ys` whose values satisfy `ok`. */
function finalStretch(ys: number[], ok: (v: number, i: number) => boolean): number {
  let i = ys.length;
  while (i > 0 && ok(ys[i - 1]!, i - 1)) i--;
  return ys.length - i;
}

/**
 * An exactly constant accuracy is constant predictions only with corroboration: a frozen model (learning
 * rate ~0) also repeats its accuracy. Constant predictions show as a clamped loss, a loss at ln K, or (binary)
 * a training loss equal to the entropy of the class share the training accuracy reveals, H(p), the loss of
 * always predicting the prior, over a training side that is frozen too.
 */
function constantPredictions(ctx: SymptomContext, x0: number, x1: number): boolean {
  if (ctx.found.has('loss-clamped') || ctx.found.has('loss-at-chance') || ctx.found.has('collapse-to-chance')) return true;
  const inRange = (c: Curve) => c.ys.filter((_, i) => c.xs[i]! >= x0 && c.xs[i]! <= x1);
  const acc = ctx.curves.trainAcc;
  const loss = ctx.curves.trainLoss;
  if (!acc || !loss) return false;
  const a = inRange(acc);
  const l = inRange(loss);
  if (a.length < 2 || l.length < 2 || max(a) - min(a) > SAME) return false;
  return Math.abs(median(l) - binaryEntropy(Math.max(a[0]!, 1 - a[0]!))) <= 0.01;
}

export const valAccuracyAtChance = defineSymptom({
  id: 'val-accuracy-at-chance',
  severity: 'error',
  name: 'Validation accuracy stuck at chance or the majority-class rate',
  supersedes: ['noisy-validation', 'plateau', 'oscillating'],
  requires: ctx => needPoints(ctx.curves.valAcc, 'skip.no-val-accuracy', MIN_TREND_POINTS),
  detect(ctx) {
    const c = ctx.curves.valAcc!;
    const n = c.ys.length;
    const ys = c.ys;
    const last = ys[n - 1]!;
    const minLen = tailLength(n);
    const base = { series: c.name, unit: xUnit(c), to: c.xs[n - 1]! };
    const mk = (variant: string, from: number, extra: Hit['params'], evidence: Hit['evidence']): Hit => ({
      variant,
      params: { ...base, ...extra, from: c.xs[from]!, points: n - from },
      span: { curve: c, from, to: n - 1 },
      evidence: { series: c.name, from: c.xs[from]!, points: n - from, ...evidence },
    });

    // (B) constant predictions: the validation accuracy is exactly constant and training shows no learning.
    const constLen = finalStretch(ys, v => Math.abs(v - last) <= SAME);
    if (constLen >= minLen && constantPredictions(ctx, c.xs[n - constLen]!, c.xs[n - 1]!)) {
      return mk('constant', n - constLen, { value: fmtAcc(last, c.scale) }, { value: round(last), kind: 'constant-prediction' });
    }
    // (C) a binary model flipping between two constant predictions: values v and 1 − v only.
    const v = ys.find(y => Math.abs(y - last) > SAME) !== undefined ? last : NaN;
    if (Number.isFinite(v)) {
      const flipLen = finalStretch(ys, y => Math.abs(y - v) <= SAME || Math.abs(y - (1 - v)) <= SAME);
      const tail = ys.slice(n - flipLen);
      const both = tail.some(y => Math.abs(y - v) <= SAME) && tail.some(y => Math.abs(y - (1 - v)) <= SAME);
      if (flipLen >= minLen && both && Math.abs(v - 0.5) > 0.01) {
        const hi = Math.max(v, 1 - v);
        return mk('flipping', n - flipLen, { value: fmtAcc(hi, c.scale), other: fmtAcc(1 - hi, c.scale) }, { value: round(hi), other: round(1 - hi), kind: 'flipping-constant-prediction' });
      }
    }
    // (A) at 1/K (or below), flat.
    const known = knownClasses(ctx);
    const tail = ys.slice(n - minLen);
    const level = median(tail);
    const spread = max(tail) - min(tail);
    const candidates: { k: number; tol: number; maxSpread: number; classes: ClassInfo | null }[] = known
      ? [{ k: known.k, tol: Math.max(0.02, 0.1 / known.k), maxSpread: Math.max(0.05, 0.3 / known.k), classes: known }]
      : [2, 3, 4].map(k => ({ k, tol: 0.015, maxSpread: 0.03, classes: null }));
    for (const cand of candidates) {
      const chance = 1 / cand.k;
      const at = cand.classes ? level <= chance + cand.tol : Math.abs(level - chance) <= cand.tol;
      if (!at || spread > cand.maxSpread || kendallTau(tail) > 0.5) continue;
      const from = n - finalStretch(ys, y => (cand.classes ? y <= chance + cand.maxSpread : Math.abs(y - chance) <= cand.maxSpread));
      return mk(level < chance - cand.tol ? 'below' : 'chance', Math.min(from, n - minLen), { value: fmtAcc(level, c.scale), k: cand.k, chance: fmtAcc(chance, c.scale) },
        { value: round(level), chanceAccuracy: round(chance), classes: cand.k, classesFrom: cand.classes ? (cand.classes.source === 'script' ? 'script' : 'loss level') : 'accuracy level', kind: 'chance' });
    }
    return null;
  },
  causes(ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const f = script.facts;
    out.push(...lintCauses(script, 'activation-after-final-linear', 0.8, 'val-accuracy-at-chance.cause.activation',
      'an activation on the final output (ReLU, softmax, sigmoid) before a loss that expects logits can leave the output constant'));
    if (ctx.found.has('loss-clamped') && f.finalActivation && /sigmoid/i.test(f.finalActivation.value)) {
      out.push(...factCause(script, f.finalActivation.at, 0.7, 'val-accuracy-at-chance.cause.saturated',
        'the sigmoid output is saturated (see loss-clamped): every example gets the same, fully confident prediction'));
    }
    out.push(...lintCauses(script, 'missing-normalize', 0.65, 'val-accuracy-at-chance.cause.normalize',
      'raw, unnormalised inputs saturate the network so that every input gets the same prediction'));
    if (f.normalization && !f.normalization.value && !hasFinding(script, 'missing-normalize')) {
      out.push(...factCause(script, f.normalization.at, 0.45, 'val-accuracy-at-chance.cause.no-normalization', 'no input normalisation found'));
    }
    const lr = scriptLr(script);
    if (lr && lr.level !== 'normal') {
      out.push(...factCause(script, lr.at, lr.level.endsWith('high') ? 0.6 : 0.5, 'val-accuracy-at-chance.cause.lr',
        'learning rate {lr} is unusual for {optimizer}: too high throws the model between constant predictions, too low never leaves the initial one', lr.params));
    }
    out.push(...lintCauses(script, 'train-loader-no-shuffle', 0.45, 'val-accuracy-at-chance.cause.shuffle',
      'training data is not shuffled: on data sorted by class the model ends each epoch predicting the last class it saw'));
    return out;
  },
  texts: {
    title: 'Validation accuracy stuck at {value}: chance for {k} classes ({chance})',
    explanation: '{series} stays at {value} from {unit} {from} to {unit} {to} ({points} points), the accuracy of guessing (1/{k} = {chance}). The model\'s predictions do not depend on the input.',
    advice: [
      'Check the final activation and the loss (logits into CrossEntropyLoss / BCEWithLogitsLoss).',
      'Check that the validation labels use the same encoding and order as the training labels.',
      'Normalise the inputs; check the learning rate.',
      'Look at the predictions: if they are all one class, the model predicts the majority class.',
    ],
    variants: {
      below: {
        title: 'Validation accuracy at or below chance: {value} (1/{k} = {chance})',
        explanation: '{series} stays at {value} from {unit} {from} to {unit} {to} ({points} points), not above the accuracy of guessing (1/{k} = {chance}). Below chance usually means the validation labels do not match the training labels (another class order or encoding), or the model predicts a class that is rare in the validation set.',
      },
      constant: {
        title: 'Validation accuracy frozen at {value}: the model predicts the same class for every input',
        explanation: '{series} is exactly {value} at every point from {unit} {from} to {unit} {to} ({points} points), and the losses show why: the model gives the same, saturated answer for every input. {value} is the share of the class it always predicts (the majority-class rate when it predicts the majority).',
      },
      flipping: {
        title: 'Validation accuracy flips between {value} and {other}: constant predictions of one class, then the other',
        explanation: '{series} takes only the values {value} and {other} from {unit} {from} to {unit} {to} ({points} points); they add up to 1. The model predicts one class for every input, and each update throws it to the other class: the output no longer depends on the input.',
      },
    },
  },
  doc: {
    rule: 'On the validation (or test) accuracy, at least 4 points, looking at the final stretch (at least the last third): (1) exactly constant, corroborated as constant predictions by a clamped loss, a loss at ln K, or (binary) an exactly constant training accuracy p with a training loss within 0.01 of the entropy H(p), the loss of always predicting the prior (a model frozen by a learning rate of ~0 also repeats its accuracy, so constancy alone is not enough); (2) a binary model taking only the values v and 1 − v (both seen): flipping between two constant predictions; (3) the median of the last third at or below 1/K + max(0.02, 0.1/K), spread at most max(0.05, 0.3/K), no rising trend, with K from the script or from a loss at ln K; without either, only K = 2, 3, 4 within ±0.015 and a spread of at most 0.03.',
    see: 'Validation accuracy stays at 50 % (binary), 10 % (10 classes), or at one odd value such as 43.61 % epoch after epoch.',
    why: 'An accuracy that does not move and sits at 1/K, or at the share of one class, means the model gives the same answer for every input. That happens when the output is saturated (unnormalised inputs, an activation before a loss that expects logits, a learning rate that is far off), when the labels do not match the inputs, or when the validation labels are encoded differently from the training labels.',
    check: [
      'The predicted classes on a few validation batches: all the same?',
      'The label encoding of the validation set versus the training set.',
      'The final activation and loss; input normalisation; the learning rate.',
    ],
    falseAlarms: [
      'A converged model on a small validation set can show the same accuracy for several epochs; this only fires when the training side is frozen too, or when the level is at chance.',
      'On heavily imbalanced data the majority-class rate is high (e.g. 95 %): a frozen accuracy of 95 % may still be constant predictions, which is exactly what the finding says.',
    ],
    examples: ['raw-pixels-sigmoid-bce', 'lr-too-high-unscaled', 'deep-sigmoid-stuck-at-chance', 'lr-too-high-collapse'],
  },
});

import { chanceLoss, classesFromFloor, mayGuessClasses, softmaxFloor } from '../chance';
import { factCause, hasFinding, lintCauses } from '../causes';
import { needTrainLoss } from '../requirements';
import { median, min, round, tailMedian } from '../stats';
import { defineSymptom, type CauseCandidate, type ClassInfo, type SymptomContext } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';
import { classesEvidence } from './loss-at-chance';

/** The script applies a sigmoid and then BCEWithLogitsLoss: the binary double activation. */
function doubleSigmoid(ctx: SymptomContext): boolean {
  const f = ctx.script?.facts;
  return !!f?.finalActivation && /sigmoid/i.test(f.finalActivation.value) && !!f.loss && /BCEWithLogits|binary_cross_entropy_with_logits/i.test(f.loss.value);
}

export const doubleActivationFloor = defineSymptom({
  id: 'double-activation-floor',
  severity: 'warning',
  name: 'Loss floors at ln(1 + (K−1)/e): activation applied twice',
  supersedes: ['plateau'],
  requires: ctx => needTrainLoss(ctx) ?? (ctx.curves.trainAcc || ctx.curves.valAcc ? null : { key: 'skip.no-accuracy' }),
  detect(ctx) {
    const curve = ctx.curves.trainLoss!;
    const acc = ctx.curves.trainAcc ?? ctx.curves.valAcc!;
    const ys = curve.ys;
    const lowest = min(ys);
    const final = tailMedian(ys, 3);
    const accLevel = tailMedian(acc.ys, 3);
    const sigmoid = doubleSigmoid(ctx);
    let classes: ClassInfo | null = ctx.scriptClasses;
    let floor: number;
    let ceiling: number;
    if (sigmoid) {
      classes = { k: 2, source: 'script', ...(ctx.scriptClasses?.line ? { line: ctx.scriptClasses.line } : {}) };
      floor = softmaxFloor(2);
      ceiling = chanceLoss(2);
      if (accLevel < 0.9) return null;
    } else if (classes) {
      floor = softmaxFloor(classes.k);
      ceiling = floor + 0.3 * (chanceLoss(classes.k) - floor);
      if (accLevel < (classes.k >= 3 ? 0.8 : 0.9)) return null;
    } else {
      const k = mayGuessClasses(ctx.run, curve.name) ? classesFromFloor(lowest) : null;
      if (k === null || accLevel < 0.95) return null;
      classes = { k, source: 'loss' };
      floor = softmaxFloor(k);
      ceiling = floor + 0.25 * (softmaxFloor(k + 1) - floor);
    }
    if (lowest < floor - 0.01 || final > ceiling) return null;
    // From the first point within the upper half of the band to the end.
    const band = floor + 0.5 * (ceiling - floor);
    let from = ys.findIndex(y => y <= Math.max(band, final));
    if (from < 0) from = ys.length - 1;
    const val = ctx.curves.valLoss;
    return {
      variant: sigmoid ? 'sigmoid' : classes.source === 'script' ? 'main' : 'guessed',
      params: {
        series: curve.name, final: round(final), lowest: round(lowest), floor: round(floor), k: classes.k, lnK: round(chanceLoss(classes.k)),
        accuracy: fmtAcc(accLevel, acc.scale), accSeries: acc.name, unit: xUnit(curve), from: curve.xs[from]!, to: curve.xs[ys.length - 1]!,
      },
      span: { curve, from, to: ys.length - 1 },
      classes,
      evidence: {
        series: curve.name,
        lowestLoss: round(lowest),
        finalLoss: round(final),
        floor: round(floor),
        chanceLoss: round(chanceLoss(classes.k)),
        ...classesEvidence(classes, ctx.script?.path),
        accuracy: round(accLevel),
        accuracySeries: acc.name,
        valFinalLoss: val && val.ys.length > 0 ? round(median(val.ys.slice(-3))) : null,
      },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const f = script.facts;
    out.push(...lintCauses(script, 'activation-after-final-linear', 0.98, 'double-activation-floor.cause.activation',
      'the model applies {activation} to its output and the loss applies it again: the loss can never go below the floor, and the gradients shrink as it approaches it', { activation: f.finalActivation?.value ?? 'an activation' }));
    if (f.finalActivation && /softmax|sigmoid/i.test(f.finalActivation.value) && !/log/i.test(f.finalActivation.value) && !hasFinding(script, 'activation-after-final-linear')) {
      out.push(...factCause(script, f.finalActivation.at, 0.85, 'double-activation-floor.cause.final-activation',
        '{activation} on the model output, then {loss}, which applies it again', { activation: f.finalActivation.value, loss: f.loss?.value ?? 'the loss' }));
    }
    if (f.loss && /CrossEntropy|cross_entropy|BCEWithLogits/i.test(f.loss.value)) {
      out.push(...factCause(script, f.loss.at, 0.3, 'double-activation-floor.cause.loss',
        '{loss} applies log-softmax (or log-sigmoid) itself and expects raw logits', { loss: f.loss.value }));
    }
    return out;
  },
  texts: {
    title: '{series} cannot go below {floor}, the floor of a softmax applied twice ({k} classes), while {accSeries} is {accuracy}',
    explanation: '{series} ends at {final} (lowest {lowest}) although {accSeries} reaches {accuracy}. With {k} classes, a softmax applied to probabilities can at best give the true class e/(e+{k}−1), so the loss cannot go below ln(1+({k}−1)/e) = {floor} (chance is ln({k}) = {lnK}). The model outputs probabilities and the loss applies softmax again: training still works, but slowly, and the loss values mean little.',
    advice: [
      'Remove the Softmax after the final Linear layer: CrossEntropyLoss applies log-softmax itself and wants raw logits.',
      'If inference code needs probabilities, apply softmax there (torch.softmax(model(x), dim=1)), not in the model.',
      'For NLLLoss, use LogSoftmax, not Softmax.',
    ],
    variants: {
      guessed: {
        explanation: '{series} flattens at {final} (lowest {lowest}) while {accSeries} is {accuracy}. A well-trained classifier at that accuracy has a much lower loss; {lowest} sits just above {floor} = ln(1+({k}−1)/e), the lowest loss possible when softmax is applied to probabilities and then again inside the loss, for {k} classes (K inferred from the floor; give the training script to confirm). The model probably applies softmax before CrossEntropyLoss.',
      },
      sigmoid: {
        title: '{series} cannot go below {floor} while {accSeries} is {accuracy}: sigmoid applied twice',
        explanation: '{series} ends at {final} (lowest {lowest}) although {accSeries} reaches {accuracy}. The model applies a sigmoid and BCEWithLogitsLoss applies it again: a probability p in [0, 1] becomes sigmoid(p) in [0.5, 0.73], so a positive example costs at least {floor} and a negative one at least ln 2 = {lnK}.',
      },
    },
  },
  doc: {
    rule: 'The training loss (at least 4 points) never goes below the floor ln(1 + (K−1)/e) − 0.01 and ends (median of the last 3) within the lowest 30 % of the band between the floor and ln K, while the accuracy (training, else validation; median of the last 3) is at least 0.8 (0.9 for K = 2). K from the script; without a script K is the one whose floor lies just under the lowest loss (within a quarter of the gap to the next floor) and the accuracy must be at least 0.95 (never for runs that are not classification, as for loss-at-chance). With a script that applies a sigmoid before BCEWithLogitsLoss, the band is 0.3133..0.6931 and the accuracy must be at least 0.9.',
    see: 'The accuracy climbs to 95 %+ but the loss flattens far above zero: around 1.46 for 10 classes, 0.31 for 2, 3.62 for 100.',
    why: '`CrossEntropyLoss` applies log-softmax to its input. If the model already ends in `Softmax`, the loss sees probabilities p ∈ [0, 1]; the best it can do is p = 1 for the true class, and softmax of that gives e/(e + K − 1), so the loss is at least ln(1 + (K−1)/e): 0.3133 for 2 classes, 1.4612 for 10, 3.6222 for 100. The gradient also shrinks as the probabilities saturate, so training slows down. The same happens with a sigmoid before `BCEWithLogitsLoss`.',
    check: [
      'The last layer of the model and the `forward()` return: no `Softmax` / `Sigmoid` before `CrossEntropyLoss` / `BCEWithLogitsLoss`.',
      'With `NLLLoss`, the last layer must be `LogSoftmax`.',
    ],
    falseAlarms: [
      'Label smoothing also keeps the loss above zero (ε = 0.1 with 10 classes gives a floor of about 0.5); if the script uses label smoothing the floor differs from ln(1 + (K−1)/e) and this finding should not fire.',
      'Without a script, a binary classifier at 95 %+ accuracy whose loss flattens at 0.31–0.33 matches the K = 2 floor by coincidence only if it is badly calibrated; give the script to confirm.',
    ],
    examples: ['softmax-before-cross-entropy'],
  },
});

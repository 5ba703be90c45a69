import { mainLoss, MIN_TREND_POINTS, needMainLoss } from '../requirements';
import { argmax, argmin, headMedian, round, tailMedian } from '../stats';
import { defineSymptom, SEVERITY_RANK } from '../symptom';
import { fmtAcc } from '../text';
import { xUnit } from '../units';

export const healthy = defineSymptom({
  id: 'healthy',
  severity: 'info',
  name: 'No problem found in the curves',
  requires: ctx => needMainLoss(ctx, MIN_TREND_POINTS),
  detect(ctx) {
    // The orchestrator stores every hit with its resolved severity.
    for (const hit of ctx.found.values()) if (SEVERITY_RANK[hit.severity ?? 'info'] >= SEVERITY_RANK.warning) return null;
    const c = mainLoss(ctx)!;
    const n = c.ys.length;
    const start = headMedian(c.ys, 2);
    const end = tailMedian(c.ys, 3);
    if (!(end < 0.9 * start)) return null;
    const val = ctx.curves.valLoss;
    const acc = ctx.curves.valAcc ?? ctx.curves.trainAcc;
    const bv = val && val.ys.length > 0 ? argmin(val.ys) : -1;
    const ba = acc && acc.ys.length > 0 ? argmax(acc.ys) : -1;
    const variant = val && acc ? 'full' : val ? 'val' : 'main';
    return {
      variant,
      params: {
        series: c.name, start: round(c.ys[0]!), end: round(c.ys[n - 1]!), unit: xUnit(c), from: c.xs[0]!, to: c.xs[n - 1]!,
        val: val?.name ?? '', bestVal: bv >= 0 ? round(val!.ys[bv]!) : NaN, bestValAt: bv >= 0 ? val!.xs[bv]! : NaN,
        acc: acc?.name ?? '', bestAcc: ba >= 0 ? fmtAcc(acc!.ys[ba]!, acc!.scale) : '', bestAccAt: ba >= 0 ? acc!.xs[ba]! : NaN,
      },
      span: { curve: c, from: 0, to: n - 1 },
      evidence: {
        series: c.name, first: round(c.ys[0]!), final: round(c.ys[n - 1]!),
        bestValLoss: bv >= 0 ? round(val!.ys[bv]!) : null, bestValLossAt: bv >= 0 ? val!.xs[bv]! : null,
        bestAccuracy: ba >= 0 ? round(acc!.ys[ba]!) : null, bestAccuracyAt: ba >= 0 ? acc!.xs[ba]! : null,
      },
    };
  },
  texts: {
    title: 'Healthy: {series} fell from {start} to {end}, no problem found in the curves',
    explanation: '{series} went from {start} to {end} between {unit} {from} and {unit} {to}, and none of the checks for training problems fired.',
    advice: [],
    variants: {
      val: { explanation: '{series} went from {start} to {end} between {unit} {from} and {unit} {to}; {val} was best at {unit} {bestValAt} ({bestVal}). None of the checks for training problems fired.' },
      full: { explanation: '{series} went from {start} to {end} between {unit} {from} and {unit} {to}; {val} was best at {unit} {bestValAt} ({bestVal}) and {acc} at {unit} {bestAccAt} ({bestAcc}). None of the checks for training problems fired.' },
    },
  },
  doc: {
    rule: 'No error- or warning-level finding in the segment, at least 4 points of the main loss (training, else validation), and the loss improved: the median of the last 3 is below 90 % of the median of the first 2. Info.',
    see: 'Losses fall and flatten, validation follows training, nothing odd.',
    why: 'Nothing in the curves matches a known problem. That does not prove the model is good (a leak or a wrong metric can look healthy), only that the training dynamics look normal.',
    check: [
      'The best validation epoch: is it the checkpoint you keep?',
    ],
    falseAlarms: [
      'A healthy-looking curve can hide a data leak or a bug in the metric itself.',
    ],
    examples: ['healthy-digits-mlp', 'steplr-healthy', 'healthy-binary-dropout', 'dropout-val-below-train', 'corpus: 33 of the 47 runs in the corpus logs (BERT fine-tunes, detectron2, mmdetection, YOLO, ImageNet ResNet-50, an LSTM language model, ...)'],
  },
});

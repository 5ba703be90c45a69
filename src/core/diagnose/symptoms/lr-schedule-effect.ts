import { factCause, hasFinding } from '../causes';
import type { Curve } from '../curves';
import { mainLoss } from '../requirements';
import { median, round } from '../stats';
import { defineSymptom, type CauseCandidate, type ScriptInput, type SymptomContext } from '../symptom';
import { xUnit } from '../units';

/** An LR step: the LR falls to 70 % or less of its previous value from one point to the next. */
const LR_STEP = 0.7;
/** A loss step: a fall at least twice the typical change of the 4 points before and 2 % of the level. */
const LOSS_STEP = 2;
const MIN_REL = 0.02;

interface Drop { at: number; lossBefore: number; lossAfter: number; lrBefore?: number; lrAfter?: number }

/** The loss drop at or right after x (the epoch the new LR first applies, or the one after), if it is a step. */
function lossStepAt(loss: Curve, x: number): { j: number; before: number; after: number } | null {
  const j0 = loss.xs.findIndex(v => v >= x);
  if (j0 < 1) return null;
  let best: { j: number; d: number } | null = null;
  for (const j of [j0, j0 + 1]) {
    if (j >= loss.ys.length) continue;
    const d = loss.ys[j]! - loss.ys[j - 1]!;
    if (d >= 0) continue;
    const prior: number[] = [];
    for (let i = Math.max(1, j0 - 4); i < j0; i++) prior.push(Math.abs(loss.ys[i]! - loss.ys[i - 1]!));
    const base = prior.length > 0 ? median(prior) : 0;
    if (-d >= LOSS_STEP * base && -d >= MIN_REL * Math.abs(loss.ys[j - 1]!) && (!best || d < best.d)) best = { j, d };
  }
  return best ? { j: best.j, before: loss.ys[best.j - 1]!, after: loss.ys[best.j]! } : null;
}

/** Epochs at which the script's StepLR / MultiStepLR lowers the LR, in the log's epoch numbering. */
export function predictedDrops(script: ScriptInput | null, loss: Curve): number[] {
  const s = script?.facts.scheduler;
  if (!s || loss.axis !== 'epoch' || s.steppedPer === 'batch' || hasFinding(script!, 'scheduler-step-placement')) return [];
  const first = loss.xs[0]!;
  const last = loss.xs[loss.xs.length - 1]!;
  // After k epochs of scheduler.step() calls, the LR changes for the epoch numbered k (0-based logs) or k+1.
  const offset = first >= 1 ? 1 : 0;
  const out: number[] = [];
  const stepSize = s.params['step_size'];
  const milestones = s.params['milestones'];
  if (/^StepLR$/.test(s.value) && typeof stepSize === 'number' && stepSize > 0) {
    for (let k = stepSize; k + offset <= last; k += stepSize) out.push(k + offset);
  } else if (/^MultiStepLR$/.test(s.value) && Array.isArray(milestones)) {
    for (const m of milestones) if (m + offset <= last) out.push(m + offset);
  }
  return out;
}

function fromLrSeries(ctx: SymptomContext, loss: Curve): Drop[] {
  const lr = ctx.curves.lr!;
  const out: Drop[] = [];
  for (let i = 2; i < lr.ys.length; i++) {
    if (!(lr.ys[i - 1]! > 0) || lr.ys[i]! > LR_STEP * lr.ys[i - 1]!) continue;
    // A step schedule holds the LR before it drops; a smooth decay (linear, cosine) speeding up near 0 does not,
    // nor does the end of a warm-up in its first points.
    if (Math.abs(lr.ys[i - 1]! - lr.ys[i - 2]!) > 0.05 * lr.ys[i - 2]!) continue;
    const step = lossStepAt(loss, lr.xs[i]!);
    if (step) out.push({ at: lr.xs[i]!, lrBefore: lr.ys[i - 1]!, lrAfter: lr.ys[i]!, lossBefore: step.before, lossAfter: step.after });
  }
  return out;
}

export const lrScheduleEffect = defineSymptom({
  id: 'lr-schedule-effect',
  severity: 'info',
  name: 'Loss steps line up with learning-rate drops',
  requires: ctx => {
    const loss = mainLoss(ctx);
    if (!loss || loss.ys.length < 4) return { key: 'skip.no-loss' };
    if (ctx.curves.lr && ctx.curves.lr.ys.length >= 2) return null;
    return predictedDrops(ctx.script, loss).length > 0 ? null : { key: 'skip.no-lr' };
  },
  detect(ctx) {
    const loss = mainLoss(ctx)!;
    let drops: Drop[];
    let predicted: number[] = [];
    if (ctx.curves.lr && ctx.curves.lr.ys.length >= 2) {
      drops = fromLrSeries(ctx, loss);
    } else {
      predicted = predictedDrops(ctx.script, loss);
      drops = [];
      for (const at of predicted) {
        const step = lossStepAt(loss, at);
        if (step && loss.xs[step.j] === at) drops.push({ at, lossBefore: step.before, lossAfter: step.after });
      }
    }
    if (drops.length === 0) return null;
    const first = loss.xs.findIndex(x => x >= drops[0]!.at);
    const last = loss.xs.findIndex(x => x >= drops[drops.length - 1]!.at);
    const list = drops.map(d => `${d.at}`).join(', ');
    return {
      variant: predicted.length > 0 ? 'predicted' : 'main',
      params: { series: loss.name, unit: xUnit(loss), at: list, count: drops.length, first: round(drops[0]!.lossBefore), firstAfter: round(drops[0]!.lossAfter) },
      span: { curve: loss, from: Math.max(0, first), to: Math.max(0, last) },
      marks: drops.map(d => d.at),
      evidence: {
        series: loss.name,
        drops: drops.map(d => ({ at: d.at, lossBefore: round(d.lossBefore), lossAfter: round(d.lossAfter), lrBefore: d.lrBefore ?? null, lrAfter: d.lrAfter ?? null })),
        source: predicted.length > 0 ? 'script scheduler' : 'learning-rate series',
      },
    };
  },
  causes(_ctx, hit, script): CauseCandidate[] {
    const s = script.facts.scheduler;
    if (!s) return [];
    const parts = Object.entries(s.params).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : v}`).join(', ');
    return factCause(script, s.at, 0.9, 'lr-schedule-effect.cause.scheduler',
      '{scheduler}({params}) lowers the learning rate on schedule; the loss steps down at {unit} {at}, where the schedule changes the LR', { scheduler: s.value, params: parts, at: hit.params['at']! });
  },
  texts: {
    title: '{series} steps down where the learning rate drops ({unit} {at})',
    explanation: 'The learning rate drops at {unit} {at}, and {series} drops with it (first {first} → {firstAfter}). This is the expected effect of a step schedule: with a smaller step the optimizer settles deeper into the valley it was bouncing around in.',
    advice: [
      'Nothing to fix. If the loss was still falling fast before a drop, the drop may come too early; if it had been flat for long, it may come too late.',
    ],
    variants: {
      predicted: {
        explanation: 'The log has no learning-rate values, but the script\'s scheduler lowers the learning rate at {unit} {at}, and {series} steps down exactly there (first {first} → {firstAfter}). This is the expected effect of the schedule.',
      },
    },
  },
  doc: {
    rule: 'With a learning-rate series: every point where the LR falls to 70 % or less of its previous value after holding (the two points before it within 5 % of each other: a smooth decay that speeds up near zero, or the end of a warm-up, does not count); the loss (training, else validation) at that epoch or the next falls by at least twice the median change of the 4 points before and by 2 % of its level. Without one: the epochs where the script\'s StepLR(step_size) or MultiStepLR(milestones) lowers the LR (stepped per epoch; 0- or 1-based numbering taken from the log), with the same loss-step test at exactly those epochs. Info.',
    see: 'A sudden step down in the loss at the epochs where the learning rate is divided (30, 60, 90 in the classic ResNet schedule).',
    why: 'A lower learning rate lets the optimizer settle into the valley it was bouncing around in, so the loss falls suddenly. It is expected, and it explains steps that could otherwise look like a bug.',
    check: [
      'That the drops come where the schedule intends them.',
    ],
    falseAlarms: [
      'None: this finding is information.',
    ],
    examples: ['steplr-healthy', 'corpus: keras-csvlogger/deepender25-handwritten-digit.csv'],
  },
});

import { factCause, lintCauses } from '../causes';
import { needPoints } from '../requirements';
import { argmax, round } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { xUnit } from '../units';

/** The LR is "collapsed" below this fraction of its peak... */
const COLLAPSED = 1e-3;
/** ...and stays below this fraction... */
const STAYS = 1e-2;
/** ...from a point within this share of the run. */
const EARLY = 0.3;

export const lrCollapsed = defineSymptom({
  id: 'lr-collapsed',
  severity: 'warning',
  name: 'Learning rate decayed to ~0 within a few epochs',
  supersedes: ['plateau', 'lr-schedule-effect'],
  requires: ctx => needPoints(ctx.curves.lr, 'skip.no-lr', 3),
  detect(ctx) {
    const c = ctx.curves.lr!;
    const ys = c.ys;
    const n = ys.length;
    // The peak within the first part of the run (after a warm-up from 0, if any).
    const early = Math.max(1, Math.ceil(EARLY * n));
    const p = argmax(ys, 0, early);
    const peak = ys[p]!;
    if (!(peak > 0)) return null;
    let at = -1;
    for (let i = p + 1; i < n; i++) {
      if (ys[i]! <= peak * COLLAPSED) {
        at = i;
        break;
      }
    }
    if (at < 0 || at >= early + 1 || n - at < 2) return null;
    for (let i = at; i < n; i++) if (ys[i]! > peak * STAYS) return null;
    const loss = ctx.curves.trainLoss;
    let frozen: number | null = null;
    if (loss) {
      const after = loss.ys.filter((_, i) => loss.xs[i]! >= c.xs[at]!);
      if (after.length >= 2) frozen = round(Math.abs(after[after.length - 1]! - after[0]!) / Math.max(1e-12, Math.abs(after[0]!)) * 100, 2);
    }
    return {
      variant: frozen === null ? 'noLoss' : 'main',
      params: { series: c.name, peak, value: ys[at]!, final: ys[n - 1]!, unit: xUnit(c), peakAt: c.xs[p]!, at: c.xs[at]!, to: c.xs[n - 1]!, share: Math.round(((at + 1) / n) * 100), lossChange: frozen ?? NaN },
      span: { curve: c, from: at, to: n - 1 },
      marks: [c.xs[at]!],
      evidence: { series: c.name, peakLr: peak, peakAt: c.xs[p]!, collapsedAt: c.xs[at]!, lrThen: ys[at]!, finalLr: ys[n - 1]!, lossChangeAfterPercent: frozen },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    out.push(...lintCauses(script, 'scheduler-step-placement', 0.95, 'lr-collapsed.cause.placement',
      'the scheduler is stepped in the wrong loop: an epoch schedule that advances once per batch reaches its end after a few epochs'));
    const s = script.facts.scheduler;
    if (s && s.steppedPer === 'batch' && s.stepAt) {
      out.push(...factCause(script, s.stepAt, 0.85, 'lr-collapsed.cause.step-per-batch',
        '{scheduler}.step() runs once per batch: its schedule, written in epochs, runs through in a few epochs', { scheduler: s.value }));
    }
    if (s) {
      const gamma = s.params['gamma'];
      const stepSize = s.params['step_size'];
      const params = { scheduler: s.value, gamma: typeof gamma === 'number' ? gamma : NaN, stepSize: typeof stepSize === 'number' ? stepSize : NaN };
      out.push(...factCause(script, s.at, 0.6, 'lr-collapsed.cause.scheduler',
        '{scheduler} with these parameters decays the learning rate; check that its step size and gamma are in the unit (epochs or batches) it is stepped in', params));
    }
    return out;
  },
  texts: {
    title: 'Learning rate collapsed: {peak} → {value} by {unit} {at}',
    explanation: '{series} fell from {peak} (at {unit} {peakAt}) to {value} by {unit} {at}, within the first {share}% of the run, and stays near zero ({final} at the end). From then on the model cannot learn: the training loss changed by {lossChange}% after {unit} {at}. An epoch schedule (StepLR, ExponentialLR, ...) stepped once per batch does exactly this.',
    variants: {
      noLoss: {
        explanation: '{series} fell from {peak} (at {unit} {peakAt}) to {value} by {unit} {at}, within the first {share}% of the run, and stays near zero ({final} at the end). From then on the model cannot learn. An epoch schedule (StepLR, ExponentialLR, ...) stepped once per batch does exactly this.',
      },
    },
    advice: [
      'Call scheduler.step() once per epoch for epoch schedules (StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR over epochs), after the epoch\'s optimizer steps.',
      'For per-batch schedules (OneCycleLR, warm-up schedules), give total_steps in batches.',
      'Print the LR each epoch (scheduler.get_last_lr()) to check the schedule.',
    ],
  },
  doc: {
    rule: 'The learning-rate series (at least 3 points): its peak in the first 30 % of the run, then a value at most 1/1000 of the peak reached within the first 30 % of the run (plus one point), and every later value at most 1/100 of the peak.',
    see: 'The printed learning rate drops by orders of magnitude within the first epochs (1e-2 → 1e-5 → 1e-8 ...), and the loss freezes at the same time.',
    why: 'Epoch schedules express their decay in calls to `scheduler.step()`: StepLR(step_size=10, gamma=0.5) halves the LR every 10 calls. Called once per batch instead of once per epoch, with 45 batches per epoch, it halves the LR 4-5 times per epoch, and the LR is effectively zero after a few epochs.',
    check: [
      'Where `scheduler.step()` is called: once per epoch for epoch schedules.',
      'The schedule\'s parameters (step_size, gamma, T_max) in the unit they are stepped in.',
    ],
    falseAlarms: [
      'A cosine or linear schedule that ends at 0 is not flagged unless it gets there within the first 30 % of the run.',
    ],
    examples: ['scheduler-stepped-per-batch'],
  },
});

import { factCause, lintCauses, scriptLr } from '../causes';
import type { CauseCandidate, ScriptInput } from '../symptom';

/** Why a training loss rises: shared by loss-diverging and both-rising (`prefix` keys the messages). */
export function divergingCauses(prefix: string, script: ScriptInput): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  out.push(...lintCauses(script, 'missing-zero-grad', 0.95, `${prefix}.cause.zero-grad`,
    'gradients are never cleared before backward(): each optimizer.step() applies the sum of all gradients so far, so the step size grows with every batch and the loss climbs'));
  const lr = scriptLr(script);
  if (lr && (lr.level === 'high' || lr.level === 'very-high')) {
    out.push(...factCause(script, lr.at, lr.level === 'very-high' ? 0.8 : 0.65, `${prefix}.cause.lr`,
      'learning rate {lr} is high for {optimizer}: steps overshoot the minimum and each one lands higher', lr.params));
  }
  out.push(...lintCauses(script, 'scheduler-step-placement', 0.35, `${prefix}.cause.scheduler`,
    'the scheduler is stepped in the wrong place, so the learning rate may not follow the intended schedule (e.g. warm-up never ends)'));
  out.push(...lintCauses(script, 'missing-normalize', 0.3, `${prefix}.cause.normalize`, 'unnormalised inputs give large gradients'));
  if (!script.facts.gradClipping && script.facts.optimizer) {
    out.push(...factCause(script, script.facts.optimizer.at, 0.2, `${prefix}.cause.no-clipping`, 'no gradient clipping: nothing limits the size of a step'));
  }
  return out;
}

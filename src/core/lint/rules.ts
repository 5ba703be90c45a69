import type { Severity } from './finding';
import type { Rule, RuleId } from './rule';
import activationAfterFinalLinear from './rules/activation-after-final-linear';
import missingNormalize from './rules/missing-normalize';
import missingZeroGrad from './rules/missing-zero-grad';
import schedulerStepPlacement from './rules/scheduler-step-placement';
import trainLoaderNoShuffle from './rules/train-loader-no-shuffle';

/** Every rule, in the order findings of one line are listed. */
export const RULES: readonly Rule[] = [
  missingZeroGrad,
  activationAfterFinalLinear,
  schedulerStepPlacement,
  trainLoaderNoShuffle,
  missingNormalize,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find(r => r.id === id);
}

export function defaultSeverities(): Record<RuleId, Severity> {
  return Object.fromEntries(RULES.map(r => [r.id, r.defaultSeverity])) as Record<RuleId, Severity>;
}

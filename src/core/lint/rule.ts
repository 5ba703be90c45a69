import type { Severity } from './finding';
import type { Span } from './parser/python-document';
import type { SemanticModel } from './model/semantic-model';
import type { TrainingModel } from './model/training-model';
import type { FixBuilder } from './fix/fix-builder';
import type { ModelOutputs } from './model/model-outputs';

export const RULE_IDS = [
  'missing-zero-grad',
  'activation-after-final-linear',
  'scheduler-step-placement',
  'train-loader-no-shuffle',
  'missing-normalize',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** The rule's documentation, in the sections of the generated `media/docs/rules/<id>.md`. */
export interface RuleDocs {
  whatItDoes: string;
  whyIsThisBad: string;
  /** Python that triggers the rule. */
  example: string;
  /** The same code, fixed. */
  useInstead: string;
  knownProblems: string;
  fixSafety: string;
  /** Curves this bug tends to produce, for the diagnosis. */
  symptoms: string;
}

export interface Rule {
  id: RuleId;
  title: string;
  defaultSeverity: Severity;
  /** Whether findings come with a fix. */
  fix: 'always' | 'sometimes' | 'never';
  docs: RuleDocs;
  check(ctx: RuleContext): void;
}

/** A finding as a rule reports it: spans in offsets; the engine turns them into positions. */
export interface Report {
  span: Span;
  message: string;
  related?: { span: Span; message: string }[];
  fix?: { title: string; safe: boolean; edits: OffsetEdit[] } | null;
}

/** A text edit in offsets of the original text. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

export interface RuleContext {
  readonly py: SemanticModel;
  readonly training: TrainingModel;
  readonly outputs: ModelOutputs;
  readonly fixes: FixBuilder;
  report(r: Report): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

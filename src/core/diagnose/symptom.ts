import type { Run } from '../run/model';
import type { LintFinding, Severity } from '../lint/finding';
import type { ScriptFacts } from '../lint/script-facts';
import type { Curve, SegmentCurves } from './curves';
import type { Params } from './text';

export type { Severity };

/** Symptom ids are an interface (issue 6): extend the list, never rename. */
export const SYMPTOM_IDS = [
  'nan-loss',
  'loss-clamped',
  'loss-at-chance',
  'collapse-to-chance',
  'val-accuracy-at-chance',
  'double-activation-floor',
  'loss-diverging',
  'both-rising',
  'learning-reversed',
  'overfitting',
  'generalization-gap',
  'val-below-train',
  'train-stalled-val-improving',
  'noisy-validation',
  'oscillating',
  'lr-collapsed',
  'plateau',
  'slow-start',
  'lr-schedule-effect',
  'healthy',
] as const;

export type SymptomId = (typeof SYMPTOM_IDS)[number];
/** Findings that come from the script alone: a lint finding no curve symptom explains. */
export type FindingId = SymptomId | 'code-finding';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The script a run was trained with, as the lint layer read it. */
export interface ScriptInput {
  /** Path as it should be shown and linked (absolute, or relative to the working folder). */
  path: string;
  source: string;
  facts: ScriptFacts;
  findings: LintFinding[];
  /** How the script was found, said in the report. */
  foundBy: ScriptFoundBy;
}

/** What the diagnosis needs from the linter for one script (the lint layer's `analyzePython`). */
export type ScriptAnalyzer = (source: string) => Promise<{ findings: LintFinding[]; facts: ScriptFacts }>;

export type ScriptFoundBy = 'argument' | 'setting' | 'log-mention' | 'same-folder' | 'parent-folder' | 'workspace' | 'picked';

/** Number of classes and where it was read. */
export interface ClassInfo {
  k: number;
  source: 'script' | 'loss';
  /** Script line of the final layer (source `script`). */
  line?: number;
  text?: string;
}

export interface SymptomContext {
  run: Run;
  curves: SegmentCurves;
  /** Classes from the script's final layer, when there is a script that says. */
  scriptClasses: ClassInfo | null;
  script: ScriptInput | null;
  /** What earlier symptoms found in this segment (symptoms run in SYMPTOM_IDS order). */
  found: ReadonlyMap<SymptomId, Hit>;
}

/** A stretch of one curve: indices `from..to` (inclusive) into `curve.xs`. */
export interface Span {
  curve: Curve;
  from: number;
  to: number;
}

export type EvidenceValue = number | string | boolean | null | number[] | string[] | EvidenceValue[] | { [k: string]: EvidenceValue };
export type Evidence = Record<string, EvidenceValue>;

/** What a detector found in one segment. */
export interface Hit {
  severity?: Severity;
  /** Which text variant to use (`main` unless given). */
  variant?: string;
  /** Values for the title / explanation / advice templates. */
  params: Params;
  span: Span;
  evidence: Evidence;
  /** Epochs (or steps) that causes can be matched against, e.g. where the LR dropped. */
  marks?: number[];
  /** The class count the detector used, when it inferred one. */
  classes?: ClassInfo;
}

export interface Texts {
  title: string;
  explanation: string;
  advice: string[];
}

/** What a detector could not judge, and why (a message id of the `skip.` family and its values). */
export interface SkipReason {
  key: string;
  params?: Params;
}

/** A likely cause of a finding, ranked by `score` (higher first). */
export interface CauseCandidate {
  rule: string | null;
  line: number;
  text: string;
  /** Message id and English template of the reason it is listed. */
  whyKey: string;
  why: string;
  params: Params;
  score: number;
  /** The lint finding this cause is (so it is not repeated as a `code-finding`). */
  finding?: LintFinding;
}

export interface Symptom {
  id: SymptomId;
  severity: Severity;
  /** One-line name for docs and lists. */
  name: string;
  /** Symptoms this one makes redundant when both are found in a segment (the more specific wins). */
  supersedes?: SymptomId[];
  /** null when the segment has what the detector needs, else why not. */
  requires(ctx: SymptomContext): SkipReason | null;
  detect(ctx: SymptomContext): Hit | null;
  texts: Texts & { variants?: Record<string, Partial<Texts>> };
  /** Likely causes, from the script's facts and lint findings. */
  causes?(ctx: SymptomContext, hit: Hit, script: ScriptInput): CauseCandidate[];
  doc: SymptomDoc;
}

/** The generated documentation page's content (English). */
export interface SymptomDoc {
  /** How the detector decides, thresholds included. */
  rule: string;
  see: string;
  why: string;
  check: string[];
  falseAlarms: string[];
  /** Fixture runs that show it (folder names under test/fixtures/runs or corpus logs). */
  examples: string[];
}

export function defineSymptom(s: Symptom): Symptom {
  return s;
}

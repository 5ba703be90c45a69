/**
 * The Python training-code linter: one parse, one shared semantic model, five rules, script facts.
 * Positions in findings are 0-based UTF-16 (finding.ts); script facts use 1-based lines and columns.
 */
export { analyzePython, PythonAnalyzer, AnalyzedDocument, settingsFrom, type Analysis } from './analysis';
export { applyFixes, type ApplyResult } from './fix/apply-fixes';
export { RULES, ruleById, defaultSeverities } from './rules';
export { RULE_IDS, type Rule, type RuleId, type RuleDocs } from './rule';
export { resolveRuleSettings, isRuleId, type RuleOverrides, type RuleSettings, type RuleSetting } from './config/rule-settings';
export { parsePyprojectConfig, findPyproject, loadPyprojectConfigFor, type PyprojectConfig } from './config/pyproject';
export { parseDisable, disableComment } from './suppressions';
export type { LintFinding, Fix, TextEdit, Range, Position, Severity, RelatedLocation } from './finding';
export type { ScriptFacts, Located, SourceRef } from './script-facts';

import { analyzePython } from './analysis';
import type { ScriptFacts } from './script-facts';

/** The training facts of a script (same parse and model as the lint). */
export async function extractScriptFacts(source: string): Promise<ScriptFacts> {
  return (await analyzePython(source)).facts;
}

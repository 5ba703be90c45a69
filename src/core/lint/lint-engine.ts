import type { LintFinding, Range } from './finding';
import type { Span } from './parser/python-document';
import { FixBuilder } from './fix/fix-builder';
import type { SemanticModel } from './model/semantic-model';
import { TrainingModel } from './model/training-model';
import { ModelOutputs } from './model/model-outputs';
import type { RuleSettings } from './config/rule-settings';
import type { Report, Rule, RuleContext } from './rule';
import { RULES } from './rules';
import { Suppressions } from './suppressions';

export interface EngineResult {
  findings: LintFinding[];
  /** Rules that threw: reported, never allowed to hide the other rules' findings. */
  ruleErrors: { rule: string; error: string }[];
}

/** Everything the rules of one lint share, built once from the semantic model. */
export class LintContext {
  readonly training: TrainingModel;
  readonly outputs: ModelOutputs;
  readonly fixes: FixBuilder;

  constructor(readonly py: SemanticModel) {
    this.training = new TrainingModel(py);
    this.outputs = new ModelOutputs(py, this.training);
    this.fixes = new FixBuilder(py);
  }
}

/** Runs the enabled rules over one model, drops suppressed findings, and turns offsets into positions. */
export function runRules(ctx: LintContext, settings: RuleSettings, rules: readonly Rule[] = RULES): EngineResult {
  const { py } = ctx;
  const suppressions = new Suppressions(py);
  const findings: LintFinding[] = [];
  const ruleErrors: EngineResult['ruleErrors'] = [];
  const range = (s: Span): Range => ({ start: py.lines.position(s.start), end: py.lines.position(s.end) });
  for (const rule of rules) {
    const setting = settings[rule.id];
    if (!setting.enabled) continue;
    const reports: Report[] = [];
    const rc: RuleContext = { py, training: ctx.training, outputs: ctx.outputs, fixes: ctx.fixes, report: r => reports.push(r) };
    try {
      rule.check(rc);
    } catch (e) {
      ruleErrors.push({ rule: rule.id, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      continue;
    }
    const seen = new Set<string>();
    for (const r of reports) {
      const key = `${r.span.start}:${r.span.end}:${r.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (suppressions.isSuppressed(rule.id, py.lines.lineOf(r.span.start))) continue;
      findings.push({
        rule: rule.id,
        severity: setting.severity,
        message: r.message,
        range: range(r.span),
        related: (r.related ?? []).map(x => ({ range: range(x.span), message: x.message })),
        fix: r.fix ? { title: r.fix.title, safe: r.fix.safe, edits: r.fix.edits.map(e => ({ range: range(e), newText: e.text })) } : null,
      });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
  return { findings, ruleErrors };
}

import * as vscode from 'vscode';
import type { LintFinding, Range, Severity } from '../../core/lint/finding';
import { RULE_DOCS_DIR } from '../../core/lint/rule-docs';

export const SOURCE = 'train-doctor';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The shipped markdown doc of a rule (opened offline). */
export function ruleDocUri(extensionUri: vscode.Uri, rule: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, ...RULE_DOCS_DIR.split('/'), `${rule}.md`);
}

/**
 * A finding as a diagnostic on `uri`. Related places without a file of their own are in `uri`, or, for a
 * notebook cell, in the document `relatedIn(i)` names (another cell).
 */
export function toDiagnostic(f: LintFinding, uri: vscode.Uri, extensionUri: vscode.Uri, relatedIn: (i: number) => vscode.Uri = () => uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.source = SOURCE;
  d.code = { value: f.rule, target: ruleDocUri(extensionUri, f.rule) };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((r, i) => new vscode.DiagnosticRelatedInformation(new vscode.Location(r.file ? vscode.Uri.file(r.file) : relatedIn(i), toRange(r.range)), r.message));
  }
  return d;
}

/** The finding a diagnostic was made from (same rule, same place). */
export function findingOf(d: vscode.Diagnostic, findings: readonly LintFinding[]): LintFinding | undefined {
  if (d.source !== SOURCE) return undefined;
  const rule = typeof d.code === 'object' ? d.code.value : d.code;
  return findings.find(f => f.rule === rule && toRange(f.range).isEqual(d.range) && f.message === d.message);
}

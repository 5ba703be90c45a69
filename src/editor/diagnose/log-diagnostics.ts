import * as vscode from 'vscode';
import type { Diagnosis, Finding } from '../../core/diagnose/diagnose';
import type { Severity } from '../../core/diagnose/symptom';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Problems-panel entries on the log file: one per finding, on the log line where the symptom starts, its code
 * linking to the symptom's page, and each likely cause as related information (clickable file:line).
 */
export function toDiagnostics(d: Diagnosis, resolve: (file: string) => vscode.Uri, docUri: (symptom: string) => vscode.Uri): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  for (const f of d.findings) {
    if (!f.logLines) continue;
    const line = Math.max(0, f.logLines[0] - 1);
    const diag = new vscode.Diagnostic(new vscode.Range(line, 0, line, 10_000), message(f), SEVERITY[f.severity]);
    diag.source = 'train-doctor';
    diag.code = { value: f.symptom, target: docUri(f.symptom) };
    diag.relatedInformation = f.causes.map(c => new vscode.DiagnosticRelatedInformation(
      new vscode.Location(resolve(c.file), new vscode.Position(Math.max(0, c.line - 1), 0)),
      c.rule ? `${c.rule}: ${c.why}` : c.why,
    ));
    out.push(diag);
  }
  return out;
}

function message(f: Finding): string {
  return f.logLines && f.logLines[1] !== f.logLines[0] ? `${f.title} (through log line ${f.logLines[1]})` : f.title;
}

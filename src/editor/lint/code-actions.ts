import * as vscode from 'vscode';
import type { LintFinding, TextEdit } from '../../core/lint/finding';
import { findingOf, SOURCE, toRange } from './diagnostics';
import type { LintedDocuments } from './linted-documents';
import type { LintedNotebooks } from './linted-notebooks';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('train-doctor');
export const SHOW_RULE_DOC_COMMAND = 'trainDoctor.lint.showRuleDocumentation';

/** Quick-fixes, "disable for this line", "show documentation", and fix-all (safe fixes only). */
export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly docs: LintedDocuments, private readonly notebooks: LintedNotebooks) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const only = context.only;
    // fix-all only when asked for source actions (Source Action menu, codeActionsOnSave), not in the light bulb
    if (only?.contains(FIX_ALL_KIND)) {
      const a = this.fixAll(document);
      return a ? [a] : [];
    }
    if (only && !only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const cellFindings = this.notebooks.findingsFor(document);
    if (cellFindings) return this.cellActions(document, context, cellFindings);
    const state = this.docs.current(document);
    if (!state) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE) continue;
      const f = findingOf(d, state.findings);
      if (!f) continue;
      if (f.fix) {
        const a = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = workspaceEdit(document.uri, f.fix.edits);
        a.diagnostics = [d];
        // one keystroke (Auto Fix) applies the preferred fix: only when it cannot change what the code means
        a.isPreferred = f.fix.safe;
        actions.push(a);
      }
      const disable = state.doc.disableRuleEdit(f.range.start.line, f.rule);
      if (disable) {
        const a = new vscode.CodeAction(`Disable ${f.rule} for this line`, vscode.CodeActionKind.QuickFix);
        a.edit = workspaceEdit(document.uri, [disable]);
        a.diagnostics = [d];
        actions.push(a);
      }
      actions.push(docAction(f.rule));
    }
    return actions;
  }

  /** A notebook cell's quick-fixes (edits inside the cell), "disable for this line" and documentation. */
  private cellActions(cell: vscode.TextDocument, context: vscode.CodeActionContext, findings: readonly LintFinding[]): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const f = findingOf(d, findings);
      if (!f) continue;
      if (f.fix) {
        const a = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = workspaceEdit(cell.uri, f.fix.edits);
        a.diagnostics = [d];
        a.isPreferred = f.fix.safe;
        actions.push(a);
      }
      const disable = this.notebooks.disableRuleEdit(cell, f.range.start.line, f.rule);
      if (disable) {
        const a = new vscode.CodeAction(`Disable ${f.rule} for this line`, vscode.CodeActionKind.QuickFix);
        a.edit = workspaceEdit(cell.uri, [disable]);
        a.diagnostics = [d];
        actions.push(a);
      }
      actions.push(docAction(f.rule));
    }
    return actions;
  }

  /** Every safe fix of the document, re-linted until none is left, as one edit. */
  fixAll(document: vscode.TextDocument): vscode.CodeAction | null {
    const edit = this.docs.fixAllEdit(document);
    if (!edit) return null;
    const a = new vscode.CodeAction('Fix all Train Doctor problems (safe fixes)', FIX_ALL_KIND);
    a.edit = workspaceEdit(document.uri, [edit]);
    return a;
  }
}

export function workspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const w = new vscode.WorkspaceEdit();
  for (const e of edits) w.replace(uri, toRange(e.range), e.newText);
  return w;
}

function docAction(rule: string): vscode.CodeAction {
  const doc = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
  doc.command = { command: SHOW_RULE_DOC_COMMAND, title: `Show documentation for ${rule}`, arguments: [rule] };
  return doc;
}

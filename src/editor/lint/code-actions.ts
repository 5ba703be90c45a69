import * as vscode from 'vscode';
import type { TextEdit } from '../../core/lint/finding';
import { findingOf, toRange } from './diagnostics';
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
    // a notebook cell's findings come from its notebook's joined module, a file's from its own analysis
    const cellFindings = this.notebooks.findingsFor(document);
    const state = cellFindings ? undefined : this.docs.current(document);
    const findings = cellFindings ?? state?.findings;
    if (!findings) return [];
    const disableEdit = (line: number, rule: string): TextEdit | null =>
      state ? state.doc.disableRuleEdit(line, rule) : this.notebooks.disableRuleEdit(document, line, rule);
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const f = findingOf(d, findings);
      if (!f) continue;
      if (f.fix) {
        const a = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = workspaceEdit(document.uri, f.fix.edits);
        a.diagnostics = [d];
        // one keystroke (Auto Fix) applies the preferred fix: only when it cannot change what the code means
        a.isPreferred = f.fix.safe;
        actions.push(a);
      }
      const disable = disableEdit(f.range.start.line, f.rule);
      if (disable) {
        const a = new vscode.CodeAction(`Disable ${f.rule} for this line`, vscode.CodeActionKind.QuickFix);
        a.edit = workspaceEdit(document.uri, [disable]);
        a.diagnostics = [d];
        actions.push(a);
      }
      const doc = new vscode.CodeAction(`Show documentation for ${f.rule}`, vscode.CodeActionKind.QuickFix);
      doc.command = { command: SHOW_RULE_DOC_COMMAND, title: `Show documentation for ${f.rule}`, arguments: [f.rule] };
      actions.push(doc);
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

import * as vscode from 'vscode';
import { RULES } from '../../core/lint/rules';
import { LintCodeActions, SHOW_RULE_DOC_COMMAND, workspaceEdit } from './code-actions';
import { ruleDocUri } from './diagnostics';
import { isPython, LintedDocuments } from './linted-documents';
import { LintSettings } from './lint-settings';
import { LintedNotebooks } from './linted-notebooks';

const FIX_ALL_COMMAND = 'trainDoctor.lint.fixAll';

/**
 * The Python training-code linter in the editor: diagnostics on Python documents (the parser loads with the
 * first one), quick-fixes, fix-all, and the rule docs shipped in media/docs/rules. Returns one disposable.
 */
export function registerPythonLinter(context: vscode.ExtensionContext): vscode.Disposable {
  let channel: vscode.LogOutputChannel | undefined;
  const log = (m: string) => (channel ??= vscode.window.createOutputChannel('Train Doctor: Lint', { log: true })).warn(m);
  const settings = new LintSettings(log);
  const docs = new LintedDocuments(context.extensionUri, settings, log);
  const notebooks = new LintedNotebooks(() => docs.load(), context.extensionUri, settings, log);
  const actions = new LintCodeActions(docs, notebooks);
  const disposables: vscode.Disposable[] = [
    settings,
    docs,
    notebooks,
    vscode.workspace.onDidOpenTextDocument(d => void docs.lintNow(d)),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length > 0) docs.schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument(d => docs.close(d)),
    // notebooks: their code cells as one module, linted again after cell edits and added or removed cells
    vscode.workspace.onDidOpenNotebookDocument(n => notebooks.schedule(n)),
    vscode.workspace.onDidChangeNotebookDocument(e => {
      // cell text edits and added or removed cells; not the outputs a running cell streams in
      if (e.contentChanges.length > 0 || e.cellChanges.some(c => c.document !== undefined)) notebooks.schedule(e.notebook);
    }),
    vscode.workspace.onDidCloseNotebookDocument(n => notebooks.close(n)),
    settings.onDidChange(() => {
      docs.relintAll();
      notebooks.relintAll();
    }),
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, actions, { providedCodeActionKinds: LintCodeActions.kinds }),
    vscode.commands.registerCommand(SHOW_RULE_DOC_COMMAND, async (rule?: string) => {
      const id = rule ?? (await vscode.window.showQuickPick(RULES.map(r => ({ label: r.id, description: r.title }))))?.label;
      if (!id) return;
      const uri = ruleDocUri(context.extensionUri, id);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
      } catch {
        await vscode.window.showTextDocument(uri);
      }
    }),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !isPython(editor.document)) return;
      await docs.lintNow(editor.document);
      const edit = docs.fixAllEdit(editor.document);
      if (edit) await vscode.workspace.applyEdit(workspaceEdit(editor.document.uri, [edit]));
      else void vscode.window.showInformationMessage('Train Doctor: no safe fix to apply.');
    }),
  ];
  // documents and notebooks already open when the extension activates
  for (const d of vscode.workspace.textDocuments) if (isPython(d)) void docs.lintNow(d);
  for (const n of vscode.workspace.notebookDocuments) notebooks.schedule(n);
  return vscode.Disposable.from(...disposables, { dispose: () => channel?.dispose() });
}

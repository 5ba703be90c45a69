import * as vscode from 'vscode';
import type { CurvesSession } from '../../src/editor/curves/curves-session';
import { diagnosticsFor, extension, screenshotPause, waitFor, workspaceFile } from './helpers';

/**
 * The README's picture: the buggy train.py with its missing-zero-grad squiggle beside the curves of the log
 * that script printed, in the real workbench. Runs last (zz-); takes the picture only when the runner was given
 * --screenshot (`npm run screenshot`), and otherwise checks that the scene it would show is there.
 */
suite('workbench picture', () => {
  test('train.py with its diagnostic, beside the curves of its log', async () => {
    await extension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const script = workspaceFile('train.py');
    const editor = await vscode.window.showTextDocument(script, { viewColumn: vscode.ViewColumn.One });
    const [diag] = await diagnosticsFor(script, ds => ds.some(d => d.code !== undefined), 'the missing-zero-grad diagnostic on train.py');
    editor.selection = new vscode.Selection(diag!.range.start, diag!.range.start);
    editor.revealRange(diag!.range, vscode.TextEditorRevealType.InCenter);
    const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', workspaceFile('logs', 'digits-mlp.log'));
    await waitFor(session.onDidRender, () => (session.lastReport?.panels.some(p => p.series.some(s => s.raw > 0)) ? true : undefined), 'the curves to be drawn', 45_000);
    // back in the script, with the diagnostic's hover, as a user would see it
    const again = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false, selection: new vscode.Range(diag!.range.start, diag!.range.start) });
    again.revealRange(diag!.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshotPause();
  });
});

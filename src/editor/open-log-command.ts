import * as vscode from 'vscode';

/**
 * "Train Doctor: Open Log File…": any log, also outside the workspace and larger than VS Code opens as text
 * (about 50 MB); TensorBoard and MLflow runs are folders, so folders can be picked too.
 */
export function registerOpenLogCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('trainDoctor.openLogFile', async () => {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Show Training Curves',
      title: 'Open a training log or run folder',
    });
    const uri = picked?.[0];
    if (uri) await vscode.commands.executeCommand('trainDoctor.showCurves', uri);
  });
}

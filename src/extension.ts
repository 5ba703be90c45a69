import type * as vscode from 'vscode';
import { Services } from './editor/services';
import { registerDiagnoseCommand } from './editor/diagnose-command';
import { registerLogDetection } from './editor/log-detection';
import { registerRunsView } from './editor/runs-view';
import { registerStatusBar } from './editor/status-bar';
import { registerOpenLogCommand } from './editor/open-log-command';
import { registerPythonLinter } from './editor/lint/register-python-linter';
import { registerCurves } from './editor/curves/register-curves';

/** Wires each feature of Train Doctor to VS Code; every feature owns its listeners through one disposable. */
export function activate(context: vscode.ExtensionContext): void {
  const services = new Services(context);
  context.subscriptions.push(
    services,
    registerLogDetection(services), // which open files are training logs (editor-title buttons, open-on-sniff)
    registerRunsView(services), // the Explorer's "Training Runs" view
    registerStatusBar(services), // the active run's latest epoch and val loss while it trains
    registerOpenLogCommand(), // any log by path, also outside the workspace or too large to open as text
    registerCurves(services), // the curves view: logs → charts beside them, compare, export
    registerDiagnoseCommand(services), // Diagnose Run: the run's curves → what they mean
    registerPythonLinter(context), // Python training code → diagnostics, quick-fixes, fix-all (parser loads lazily)
  );
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}

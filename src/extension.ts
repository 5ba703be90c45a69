import type * as vscode from 'vscode';
import { Services } from './editor/services';
import { registerDiagnoseCommand } from './editor/diagnose-command';
import { registerCurves } from './editor/curves/register-curves';

/** Wires each feature of Train Doctor to VS Code; every feature owns its listeners through one disposable. */
export function activate(context: vscode.ExtensionContext): void {
  const services = new Services(context);
  context.subscriptions.push(
    services,
    registerCurves(services), // the curves view: logs → charts beside them, compare, export
    registerDiagnoseCommand(services), // Diagnose Run: the run's curves → what they mean
  );
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}

import * as vscode from 'vscode';
import { RunStore } from './run-store';

/**
 * What the editor features share: the output channel, the runs open in the editor, the extension context.
 * Features talk to each other through these, never by importing each other.
 */
export class Services implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Train Doctor', { log: true });
  readonly runs = new RunStore();
  private readonly openedLog = new vscode.EventEmitter<vscode.Uri>();
  /** Fires once each time the user opens a file that sniffs as a training log. */
  readonly onDidOpenLog = this.openedLog.event;
  /** The log shown by the active tab, if it is one. */
  activeLog: vscode.Uri | undefined;

  constructor(readonly context: vscode.ExtensionContext) {}

  fireDidOpenLog(uri: vscode.Uri): void {
    this.openedLog.fire(uri);
  }

  dispose(): void {
    this.openedLog.dispose();
    this.runs.dispose();
    this.output.dispose();
  }
}

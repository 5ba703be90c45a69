import * as vscode from 'vscode';
import { RunStore } from './run-store';

/**
 * What the editor features share: the output channel, the runs open in the editor, the extension context.
 * Features talk to each other through these, never by importing each other.
 */
export class Services implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Train Doctor', { log: true });
  readonly runs = new RunStore();

  constructor(readonly context: vscode.ExtensionContext) {}

  dispose(): void {
    this.runs.dispose();
    this.output.dispose();
  }
}

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
  private readonly activeLogChanged = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires when the active tab starts or stops showing a training log. */
  readonly onDidChangeActiveLog = this.activeLogChanged.event;
  private active: vscode.Uri | undefined;

  constructor(readonly context: vscode.ExtensionContext) {}

  /** The log shown by the active tab, if it is one. */
  get activeLog(): vscode.Uri | undefined {
    return this.active;
  }

  set activeLog(uri: vscode.Uri | undefined) {
    if (uri?.toString() === this.active?.toString()) return;
    this.active = uri;
    this.activeLogChanged.fire(uri);
  }

  fireDidOpenLog(uri: vscode.Uri): void {
    this.openedLog.fire(uri);
  }

  dispose(): void {
    this.openedLog.dispose();
    this.activeLogChanged.dispose();
    this.runs.dispose();
    this.output.dispose();
  }
}

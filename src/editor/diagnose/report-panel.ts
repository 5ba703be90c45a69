import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Diagnosis } from '../../core/diagnose/diagnose';
import { diagnosisToHtml, parseReportMessage, type ReportMessage } from '../../core/diagnose/report-html';
import { Translator } from '../../core/diagnose/l10n';

/** What a click in the report asks the extension to do. */
export interface ReportActions {
  openSource(file: string, line: number): Promise<void>;
  revealLogLine(line: number): Promise<void>;
  openDoc(symptom: string): Promise<void>;
  command(command: 'pickScript' | 'showCurves' | 'rerun'): Promise<void>;
}

/**
 * The report of one log's diagnosis, in a webview. Why a webview and not a Markdown preview of a virtual
 * document: the Markdown preview does not run `command:` links and resolves file links relative to the
 * document, which a virtual document does not have, so "click the cause, land on the line" would need
 * ctrl+click in a raw-Markdown editor. The webview keeps a strict CSP (`default-src 'none'`, a nonce for the
 * one inline script and style), gets no resource roots, and its links only post messages that the host
 * validates (report-html.ts) before acting.
 */
export class ReportPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** The last message the webview sent, for tests and logs. */
  lastMessage: ReportMessage | undefined;

  constructor(title: string, private readonly actions: ReportActions, onDispose: () => void) {
    this.panel = vscode.window.createWebviewPanel('trainDoctor.diagnosis', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    this.panel.webview.onDidReceiveMessage(m => this.onMessage(m), null, this.disposables);
    this.panel.onDidDispose(() => {
      this.disposed = true;
      onDispose();
      this.dispose();
    }, null, this.disposables);
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  show(d: Diagnosis, logLabel: string, live: boolean): void {
    if (this.disposed) return;
    const nonce = randomBytes(16).toString('base64');
    this.panel.title = new Translator(d.lang).ui('ui.diagnosis', { log: logLabel });
    this.panel.webview.html = diagnosisToHtml(d, { cspSource: this.panel.webview.cspSource, nonce, logLabel, live });
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  /** Handles one message exactly as a click in the page would (the host test drives the report through this). */
  async onMessage(raw: unknown): Promise<void> {
    const m = parseReportMessage(raw);
    if (!m) return;
    this.lastMessage = m;
    switch (m.type) {
      case 'openSource':
        return this.actions.openSource(m.file, m.line);
      case 'revealLogLine':
        return this.actions.revealLogLine(m.line);
      case 'openDoc':
        return this.actions.openDoc(m.symptom);
      case 'command':
        return this.actions.command(m.command);
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    if (!this.disposed) {
      this.disposed = true;
      this.panel.dispose();
    }
  }
}

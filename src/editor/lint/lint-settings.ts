import * as vscode from 'vscode';
import path from 'node:path';
import { loadPyprojectConfigFor, type PyprojectConfig } from '../../core/lint/config/pyproject';
import { isRuleId, isSeverity, type RuleOverrides, type RuleSettings } from '../../core/lint/config/rule-settings';
import { settingsFrom } from '../../core/lint/analysis';

/** `trainDoctor.lint.*` settings, over `[tool.train-doctor]` of the nearest pyproject.toml (editor settings win). */
export class LintSettings implements vscode.Disposable {
  private readonly pyprojects = new Map<string, PyprojectConfig>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when pyproject.toml files or the settings change: every document must be linted again. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly warn: (message: string) => void) {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/pyproject.toml');
    const reset = () => {
      this.pyprojects.clear();
      this.changed.fire();
    };
    this.subscriptions.push(
      this.watcher,
      this.changed,
      this.watcher.onDidChange(reset),
      this.watcher.onDidCreate(reset),
      this.watcher.onDidDelete(reset),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('trainDoctor.lint')) this.changed.fire();
      }),
    );
  }

  /** For a Python document, or a notebook (anything with the URI the settings and pyproject.toml are looked up for). */
  enabled(document: { uri: vscode.Uri }): boolean {
    return vscode.workspace.getConfiguration('trainDoctor.lint', document.uri).get<boolean>('enable', true);
  }

  /** Rule settings for a document: defaults, then its pyproject.toml, then the editor settings. */
  forDocument(document: { uri: vscode.Uri }): RuleSettings {
    return settingsFrom([this.pyproject(document), this.editorOverrides(document)]);
  }

  private pyproject(document: { uri: vscode.Uri }): RuleOverrides {
    if (document.uri.scheme !== 'file') return {};
    const dir = path.dirname(document.uri.fsPath);
    let c = this.pyprojects.get(dir);
    if (!c) {
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      c = loadPyprojectConfigFor(document.uri.fsPath, folder?.uri.fsPath);
      for (const w of c.warnings) this.warn(w);
      this.pyprojects.set(dir, c);
    }
    return c.overrides;
  }

  private editorOverrides(document: { uri: vscode.Uri }): RuleOverrides {
    const rules = vscode.workspace.getConfiguration('trainDoctor.lint', document.uri).get<Record<string, unknown>>('rules', {});
    const out: RuleOverrides = {};
    for (const [id, v] of Object.entries(rules ?? {})) {
      if (!isRuleId(id) || v === 'default') continue;
      if (v === 'off' || isSeverity(v)) out[id] = v;
      else this.warn(`trainDoctor.lint.rules: "${id}" must be "default", "off", "error", "warning" or "info"`);
    }
    return out;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

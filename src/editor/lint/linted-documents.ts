import * as vscode from 'vscode';
import { PythonAnalyzer, type AnalyzedDocument } from '../../core/lint/analysis';
import type { LintFinding, TextEdit } from '../../core/lint/finding';
import { fixAll } from '../../core/lint/fix/fix-all';
import { diffRange } from '../../core/lint/parser/python-document';
import { LineIndex } from '../../core/lint/parser/line-index';
import { toDiagnostic, SOURCE } from './diagnostics';
import type { LintSettings } from './lint-settings';

/** What is known about one open Python document. */
export interface LintState {
  doc: AnalyzedDocument;
  /** The document version the findings belong to. */
  version: number;
  findings: LintFinding[];
}

/** Waiting time after the last keystroke before a re-lint. */
const DEBOUNCE_MS = 300;

/**
 * Open Python documents, each with its incremental analysis (tree + per-statement facts), linted on open and
 * after edits (debounced); results for a version that is no longer current are dropped.
 */
export class LintedDocuments implements vscode.Disposable {
  private analyzer: PythonAnalyzer | undefined;
  private loading: Promise<PythonAnalyzer> | undefined;
  private readonly states = new Map<string, LintState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly settings: LintSettings,
    private readonly log: (message: string) => void,
  ) {}

  /** Lints now if the analyzer is loaded, else after it loads (the first Python document loads it). */
  async lintNow(document: vscode.TextDocument): Promise<void> {
    if (!isPython(document)) return;
    const analyzer = this.analyzer ?? (await this.load());
    if (document.isClosed) return;
    this.lint(analyzer, document);
  }

  schedule(document: vscode.TextDocument): void {
    if (!isPython(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.lintNow(document);
    }, DEBOUNCE_MS));
  }

  close(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.get(key)?.doc.dispose();
    this.states.delete(key);
    this.collection.delete(document.uri);
  }

  /** The findings of the document's current version (linted on the spot if an edit is pending). */
  current(document: vscode.TextDocument): LintState | undefined {
    const state = this.states.get(document.uri.toString());
    if (!state || !this.analyzer) return undefined;
    if (state.version !== document.version) this.lint(this.analyzer, document);
    return this.states.get(document.uri.toString());
  }

  /** One edit applying every safe fix of the document, re-linted until none is left. */
  fixAllEdit(document: vscode.TextDocument): TextEdit | null {
    if (!this.analyzer || !isPython(document)) return null;
    const text = document.getText();
    const { text: fixed, fixed: count } = fixAll(this.analyzer, text, this.settings.forDocument(document));
    if (count === 0 || fixed === text) return null;
    const d = diffRange(text, fixed);
    const lines = new LineIndex(text);
    return { range: { start: lines.position(d.start), end: lines.position(d.oldEnd) }, newText: fixed.slice(d.start, d.newEnd) };
  }

  relintAll(): void {
    for (const d of vscode.workspace.textDocuments) if (isPython(d)) void this.lintNow(d);
  }

  private lint(analyzer: PythonAnalyzer, document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.settings.enabled(document)) {
      this.collection.delete(document.uri);
      return;
    }
    const text = document.getText();
    const version = document.version;
    let state = this.states.get(key);
    if (!state) {
      state = { doc: analyzer.open(text), version, findings: [] };
      this.states.set(key, state);
    } else state.doc.update(text);
    const r = state.doc.lint(this.settings.forDocument(document));
    for (const e of r.ruleErrors) this.log(`rule ${e.rule} failed on ${document.uri.fsPath}: ${e.error}`);
    state.version = version;
    state.findings = r.findings;
    this.collection.set(document.uri, r.findings.map(f => toDiagnostic(f, document.uri, this.extensionUri)));
  }

  /** The analyzer, loaded on first use (shared with the notebooks). */
  load(): Promise<PythonAnalyzer> {
    if (this.analyzer) return Promise.resolve(this.analyzer);
    this.loading ??= PythonAnalyzer.load().then(
      a => (this.analyzer = a),
      e => {
        this.loading = undefined;
        this.log(`could not load the Python parser: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      },
    );
    return this.loading;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.states.values()) s.doc.dispose();
    this.states.clear();
    this.collection.dispose();
  }
}

export function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-remote');
}

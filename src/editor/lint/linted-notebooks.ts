import * as vscode from 'vscode';
import type { AnalyzedDocument, PythonAnalyzer } from '../../core/lint/analysis';
import type { LintFinding, TextEdit } from '../../core/lint/finding';
import { findingsByCell, joinCells, type JoinedCells } from '../../core/lint/notebook-cells';
import { SOURCE, toDiagnostic } from './diagnostics';
import type { LintSettings } from './lint-settings';

/** Waiting time after the last keystroke in a cell before the notebook is linted again. */
const DEBOUNCE_MS = 300;

/**
 * Jupyter notebooks: their Python code cells linted as the one module the kernel runs (the model in one cell,
 * the training loop in another), each finding shown in its cell. Notebooks are linted whole after each edit
 * (debounced): cells are short and a notebook's code rarely runs to thousands of lines. The last analysis of
 * each notebook stays until the next (its tree answers "disable for this line").
 */
export class LintedNotebooks implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(`${SOURCE}-notebooks`);
  /** Each linted cell's findings, in the cell's own lines, by cell URI. */
  private readonly byCell = new Map<string, LintFinding[]>();
  /** The cells each notebook's last lint covered (to clear them when cells go away). */
  private readonly cellsOf = new Map<string, vscode.Uri[]>();
  /** Each notebook's last joined analysis, kept for the "disable for this line" edits of its cells. */
  private readonly analyses = new Map<string, { doc: AnalyzedDocument; joined: JoinedCells }>();
  /** The notebook and position (in the joined module) of each linted cell. */
  private readonly cellPlace = new Map<string, { notebook: string; index: number }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly analyzer: () => Promise<PythonAnalyzer>,
    private readonly extensionUri: vscode.Uri,
    private readonly settings: LintSettings,
    private readonly log: (message: string) => void,
  ) {}

  schedule(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.lint(notebook);
    }, DEBOUNCE_MS));
  }

  /** The findings shown in a cell (its own lines and columns), if it belongs to a linted notebook. */
  findingsFor(cell: vscode.TextDocument): LintFinding[] | undefined {
    return this.byCell.get(cell.uri.toString());
  }

  async lint(notebook: vscode.NotebookDocument): Promise<void> {
    const cells = notebook.getCells().filter(c => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    if (cells.length === 0 || !this.settings.enabled(notebook)) {
      this.clear(notebook);
      return;
    }
    let analyzer: PythonAnalyzer;
    try {
      analyzer = await this.analyzer();
    } catch {
      return; // the linter logged why the parser could not load
    }
    if (notebook.isClosed) return;
    const versions = cells.map(c => c.document.version);
    const joined = joinCells(cells.map(c => c.document.getText()));
    const doc = analyzer.open(joined.text);
    let findings: LintFinding[];
    try {
      const r = doc.lint(this.settings.forDocument(notebook));
      for (const e of r.ruleErrors) this.log(`rule ${e.rule} failed on ${notebook.uri.fsPath}: ${e.error}`);
      findings = r.findings;
    } catch (e) {
      doc.dispose();
      throw e;
    }
    // an edit since (its own lint is scheduled), or the notebook closed meanwhile
    if (notebook.isClosed || cells.some((c, i) => c.document.version !== versions[i])) {
      doc.dispose();
      return;
    }
    this.clear(notebook);
    const key = notebook.uri.toString();
    this.analyses.set(key, { doc, joined });
    const uris = cells.map(c => c.document.uri);
    const diagnostics = uris.map((): vscode.Diagnostic[] => []);
    const local = uris.map((): LintFinding[] => []);
    for (const { cell, finding, relatedCells } of findingsByCell(joined, findings)) {
      // related places in other cells point at those cells
      diagnostics[cell]!.push(toDiagnostic(finding, uris[cell]!, this.extensionUri, i => uris[relatedCells[i]!]!));
      local[cell]!.push(finding);
    }
    uris.forEach((u, i) => {
      this.collection.set(u, diagnostics[i]);
      this.byCell.set(u.toString(), local[i]!);
      this.cellPlace.set(u.toString(), { notebook: key, index: i });
    });
    this.cellsOf.set(key, uris);
  }

  /** The edit that silences a rule on one line of a cell (a `# train-doctor: disable=` comment), or null. */
  disableRuleEdit(cell: vscode.TextDocument, line: number, rule: string): TextEdit | null {
    const place = this.cellPlace.get(cell.uri.toString());
    const analysis = place && this.analyses.get(place.notebook);
    if (!place || !analysis) return null;
    const first = analysis.joined.firstLines[place.index]!;
    const edit = analysis.doc.disableRuleEdit(first + line, rule);
    if (!edit || edit.range.start.line !== first + line || edit.range.end.line !== first + line) return null;
    return { range: { start: { line, character: edit.range.start.character }, end: { line, character: edit.range.end.character } }, newText: edit.newText };
  }

  close(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.clear(notebook);
  }

  relintAll(): void {
    for (const n of vscode.workspace.notebookDocuments) this.schedule(n);
  }

  private clear(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    for (const u of this.cellsOf.get(key) ?? []) {
      this.collection.delete(u);
      this.byCell.delete(u.toString());
      this.cellPlace.delete(u.toString());
    }
    this.cellsOf.delete(key);
    this.analyses.get(key)?.doc.dispose();
    this.analyses.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const a of this.analyses.values()) a.doc.dispose();
    this.analyses.clear();
    this.collection.dispose();
  }
}

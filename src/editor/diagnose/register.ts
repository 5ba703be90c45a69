import * as vscode from 'vscode';
import path from 'node:path';
import { diagnose, type Diagnosis, type Marker } from '../../core/diagnose/diagnose';
import { Translator } from '../../core/diagnose/l10n';
import type { LoadedRun } from '../run-store';
import type { Services } from '../services';
import { toDiagnostics } from './log-diagnostics';
import { ReportPanel } from './report-panel';
import { ScriptFinder, type FoundScript, type ScriptAnalyzer } from './script-finder';

export type { ScriptAnalyzer };

/** A diagnosis as other features see it: the curves view draws `markers` (plain data) on the run's chart. */
export interface DiagnosisEvent {
  log: vscode.Uri;
  diagnosis: Diagnosis;
  markers: Marker[];
  script: vscode.Uri | null;
}

export interface DiagnoseApi extends vscode.Disposable {
  /** Fires after every diagnosis: the command, a re-run, a live update of a growing log. */
  readonly onDidDiagnose: vscode.Event<DiagnosisEvent>;
  /** Markers of the latest diagnosis of a log (empty when it has none). */
  markers(log: vscode.Uri): Marker[];
}

export interface DiagnoseDeps {
  /** The lint layer's analyser (shared with the Python diagnostics, loaded lazily by it). */
  analyze: ScriptAnalyzer;
}

/** The curves view's command that draws diagnosis markers over a run's charts. */
const CURVES_SHOW_SYMPTOMS = 'trainDoctor.curves.showSymptoms';

/** Re-diagnose a growing log at most this often. */
const LIVE_DEBOUNCE_MS = 1000;

/**
 * "Train Doctor: Diagnose Run" and what it shows: a report per log (webview), diagnostics on the log's lines,
 * markers for the curves view, live updates while the log grows. Commands:
 * - `trainDoctor.diagnoseRun` (log URI optional: else the active log, else a quick pick of the workspace's runs);
 *   resolves to the Diagnosis, so scripts and tests can read it;
 * - `trainDoctor.diagnose.pickScript` (log URI optional): choose another training script, or none;
 * - `trainDoctor.diagnose.markers` (log URI): the latest markers of that log, for the curves view.
 */
export function registerDiagnose(services: Services, deps: DiagnoseDeps): DiagnoseApi {
  const controller = new DiagnoseController(services, deps);
  const disposable = vscode.Disposable.from(
    controller,
    vscode.commands.registerCommand('trainDoctor.diagnoseRun', async (uri?: unknown) => {
      const log = uri instanceof vscode.Uri ? uri : services.activeLog ?? (await pickRun(controller.t()));
      return log ? controller.run(log, { report: true }) : undefined;
    }),
    vscode.commands.registerCommand('trainDoctor.diagnose.pickScript', async (uri?: unknown) => {
      const log = uri instanceof vscode.Uri ? uri : controller.focusedLog() ?? services.activeLog;
      if (log) await controller.pickScript(log);
    }),
    // What a click in the report does, reachable for host tests (the same path as the webview's message).
    vscode.commands.registerCommand('trainDoctor.diagnose.reportAction', (uri: vscode.Uri, message: unknown) => controller.reportAction(uri, message)),
    // The markers of a log's latest diagnosis, plain data for the curves view (and tests).
    vscode.commands.registerCommand('trainDoctor.diagnose.markers', (uri: vscode.Uri) => (uri instanceof vscode.Uri ? controller.markers(uri) : [])),
  );
  return { onDidDiagnose: controller.onDidDiagnose, markers: log => controller.markers(log), dispose: () => disposable.dispose() };
}

interface Session {
  log: vscode.Uri;
  loaded: LoadedRun;
  script: FoundScript | null | undefined;
  last?: Diagnosis;
  panel?: ReportPanel;
  /** Error findings already notified (`symptom@segment`). */
  notified: Set<string>;
  timer?: ReturnType<typeof setTimeout>;
  listener: vscode.Disposable;
}

class DiagnoseController implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly emitter = new vscode.EventEmitter<DiagnosisEvent>();
  readonly onDidDiagnose = this.emitter.event;
  private readonly collection = vscode.languages.createDiagnosticCollection('train-doctor-diagnose');
  private readonly finder: ScriptFinder;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.collection];
  private focused: string | undefined;

  constructor(private readonly services: Services, deps: DiagnoseDeps) {
    this.finder = new ScriptFinder(services.context.workspaceState, deps.analyze);
    vscode.window.tabGroups.onDidChangeTabs(() => this.endUnusedSessions(), null, this.disposables);
  }

  t(): Translator {
    const lang = vscode.workspace.getConfiguration('trainDoctor.diagnose').get<string>('language', 'auto');
    return new Translator(lang === 'auto' ? vscode.env.language : lang);
  }

  focusedLog(): vscode.Uri | undefined {
    return this.focused ? this.sessions.get(this.focused)?.log : undefined;
  }

  markers(log: vscode.Uri): Marker[] {
    return this.sessions.get(log.toString())?.last?.findings.flatMap(f => (f.marker ? [f.marker] : [])) ?? [];
  }

  /** Diagnoses a log (finding its script the first time) and shows the result. */
  async run(log: vscode.Uri, opts: { report: boolean }): Promise<Diagnosis | undefined> {
    const s = await this.session(log);
    if (!s) return undefined;
    if (s.script === undefined) s.script = await this.finder.find(log);
    const d = this.update(s);
    if (d && opts.report) this.showReport(s);
    return d;
  }

  async pickScript(log: vscode.Uri): Promise<void> {
    const t = this.t();
    const choice = await this.finder.pick(log, { noScript: t.ui('ui.no-script'), title: t.ui('ui.pick-script') });
    if (choice === undefined) return;
    const s = await this.session(log);
    if (!s) return;
    s.script = choice ? await this.finder.read(choice, 'picked') : null;
    this.update(s);
    this.showReport(s);
  }

  async reportAction(log: vscode.Uri, message: unknown): Promise<void> {
    await this.sessions.get(log.toString())?.panel?.onMessage(message);
  }

  private async session(log: vscode.Uri): Promise<Session | undefined> {
    const key = log.toString();
    const existing = this.sessions.get(key);
    if (existing) return existing;
    const loaded = await this.services.runs.open(log);
    if (!loaded.run) {
      void vscode.window.showWarningMessage(`Train Doctor: ${loaded.error ?? `${path.basename(log.path)} is not a training log`}`);
      loaded.release();
      return undefined;
    }
    const s: Session = { log, loaded, script: undefined, notified: new Set(), listener: new vscode.Disposable(() => undefined) };
    s.listener = loaded.onDidChange(() => {
      clearTimeout(s.timer);
      s.timer = setTimeout(() => this.update(s, true), LIVE_DEBOUNCE_MS);
    });
    this.sessions.set(key, s);
    return s;
  }

  /** Diagnoses the session's current run and pushes the result everywhere it is shown. */
  private update(s: Session, live = false): Diagnosis | undefined {
    const run = s.loaded.run;
    if (!run) {
      this.collection.delete(s.log);
      return undefined;
    }
    const d = diagnose(run, { script: s.script?.input ?? null, lang: this.t().lang });
    const before = s.last;
    s.last = d;
    const resolve = (file: string) => this.resolve(s, file);
    this.collection.set(s.log, toDiagnostics(d, resolve, id => this.docUri(id)));
    if (s.panel) s.panel.show(d, this.label(s.log), s.loaded.live);
    const markers = d.findings.flatMap(f => (f.marker ? [f.marker] : []));
    this.emitter.fire({ log: s.log, diagnosis: d, markers, script: s.script?.uri ?? null });
    // The curves view draws them as bands (its protocol's SymptomMarker: plain data, validated on its side);
    // a view that is not open keeps them for when it opens. No curves feature, no error.
    const bands = markers.map(m => ({ symptom: m.symptom, severity: m.severity, segment: m.segment, x: m.x, label: m.label, axis: m.axis }));
    void Promise.resolve(vscode.commands.executeCommand(CURVES_SHOW_SYMPTOMS, s.log, bands)).catch(() => undefined);
    if (live) this.notifyNewErrors(s, d, before);
    else for (const f of d.findings) if (f.severity === 'error') s.notified.add(`${f.symptom}@${f.segment}`);
    return d;
  }

  /** At most one notification per new error-level finding of a growing log; a setting silences them. */
  private notifyNewErrors(s: Session, d: Diagnosis, before: Diagnosis | undefined): void {
    if (!vscode.workspace.getConfiguration('trainDoctor.diagnose', s.log).get<boolean>('notifyOnError', true)) return;
    for (const f of d.findings) {
      const key = `${f.symptom}@${f.segment}`;
      if (f.severity !== 'error' || s.notified.has(key)) continue;
      s.notified.add(key);
      if (before === undefined) continue;
      void vscode.window.showWarningMessage(`Train Doctor (${this.label(s.log)}): ${f.title}`, this.t().ui('ui.rerun')).then(pick => {
        if (pick) this.showReport(s);
      });
    }
  }

  private showReport(s: Session): void {
    if (!s.panel) {
      s.panel = new ReportPanel(this.t().ui('ui.diagnosis', { log: this.label(s.log) }), {
        openSource: (file, line) => this.openSource(s, file, line),
        revealLogLine: line => this.revealLogLine(s, line),
        openDoc: symptom => this.openDoc(symptom),
        command: async c => {
          if (c === 'pickScript') await this.pickScript(s.log);
          else if (c === 'showCurves') await vscode.commands.executeCommand('trainDoctor.showCurves', s.log);
          else this.update(s);
        },
      }, () => {
        s.panel = undefined;
        this.endUnusedSessions();
      });
    }
    this.focused = s.log.toString();
    if (s.last) s.panel.show(s.last, this.label(s.log), s.loaded.live);
    s.panel.reveal();
  }

  private async openSource(s: Session, file: string, line: number): Promise<void> {
    const uri = this.resolve(s, file);
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos), preserveFocus: false });
  }

  private async revealLogLine(s: Session, line: number): Promise<void> {
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    try {
      await vscode.window.showTextDocument(s.log, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
    } catch (e) {
      void vscode.window.showWarningMessage(`Train Doctor: cannot open ${this.label(s.log)} in an editor (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  private async openDoc(symptom: string): Promise<void> {
    await vscode.commands.executeCommand('markdown.showPreview', this.docUri(symptom));
  }

  private docUri(symptom: string): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'media', 'docs', 'symptoms', `${symptom}.md`);
  }

  /** A cause's file as written in the report: the session's script, else relative to the log's workspace folder. */
  private resolve(s: Session, file: string): vscode.Uri {
    if (s.script && s.script.input.path === file) return s.script.uri;
    if (path.isAbsolute(file)) return vscode.Uri.file(file);
    const folder = vscode.workspace.getWorkspaceFolder(s.log);
    return folder ? vscode.Uri.joinPath(folder.uri, file) : vscode.Uri.joinPath(s.log, '..', file);
  }

  private label(log: vscode.Uri): string {
    return vscode.workspace.asRelativePath(log, false);
  }

  /** Sessions whose report is closed and whose log is in no tab stop watching and drop their diagnostics. */
  private endUnusedSessions(): void {
    const open = new Set<string>();
    for (const g of vscode.window.tabGroups.all) {
      for (const tab of g.tabs) if (tab.input instanceof vscode.TabInputText) open.add(tab.input.uri.toString());
    }
    for (const [key, s] of this.sessions) {
      if (s.panel || open.has(key)) continue;
      this.end(s);
      this.sessions.delete(key);
    }
  }

  private end(s: Session): void {
    clearTimeout(s.timer);
    s.listener.dispose();
    s.panel?.dispose();
    s.loaded.release();
    this.collection.delete(s.log);
  }

  dispose(): void {
    for (const s of this.sessions.values()) this.end(s);
    this.sessions.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** A quick pick of the workspace's runs (the Training Runs view's scan), when no log is active. */
async function pickRun(t: Translator): Promise<vscode.Uri | undefined> {
  // The Training Runs view's scan (the same globs and sniffing); empty when that view is not there.
  const uris = await Promise.resolve(vscode.commands.executeCommand<vscode.Uri[]>('trainDoctor.refreshRuns')).then(u => u ?? [], () => []);
  if (uris.length === 0) {
    void vscode.window.showInformationMessage(`Train Doctor: ${t.ui('ui.no-runs')}`);
    return undefined;
  }
  const items = uris.map(u => ({ label: path.basename(u.path), description: vscode.workspace.asRelativePath(u, true), uri: u }));
  const pick = await vscode.window.showQuickPick(items, { title: `Train Doctor: ${t.ui('ui.pick-run')}`, matchOnDescription: true });
  return pick?.uri;
}

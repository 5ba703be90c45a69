import * as vscode from 'vscode';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { wallClock } from '../../core/chart/axes';
import { plottedCsv, type CsvSeries } from '../../core/chart/csv';
import { initMessage, queryFor, runsMessage } from '../../core/chart/host-messages';
import { appendSlice, budgetForWidth, dataSlice, DEFAULT_BUDGET, seriesKey, type ChartRun, type SliceQuery } from '../../core/chart/series-slice';
import {
  assertNever, parseViewToHost, ProtocolError,
  type AppendSlice, type HostToView, type RenderReport, type SymptomMarker, type ViewState, type ViewToHost,
} from '../../shared/protocol';
import type { LoadedRun, RunDelta } from '../run-store';
import type { Services } from '../services';
import { saveExport } from './export-file';
import { pickRuns } from './pick-runs';
import { makeNonce, webviewHtml } from './webview-html';

/** The webview panels' view type (the serializer restores panels of this type after a reload). */
export const CURVES_VIEW_TYPE = 'trainDoctor.curves';

interface SessionRun {
  id: string;
  uri: vscode.Uri;
  loaded: LoadedRun;
  /** The wall-time unit the view was last told (a change needs a full refresh, not an append). */
  wallUnit: string | undefined;
  /** Series count the view knows (a new series needs a full refresh). */
  seriesCount: number;
  liveTimer?: ReturnType<typeof setTimeout>;
}

/**
 * One curves view (a panel beside a log, a compare panel, or the "Training Curves" custom editor): its
 * webview, the runs it shows, and the conversation with the webview. The host never posts before the
 * webview's `ready`, answers it with `init`, and keeps the view up to date from the run store's deltas:
 * appended points go out as `append` messages (inserted with a Vega changeset, not re-embedded).
 */
export class CurvesSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private runs: SessionRun[] = [];
  /** The runs asked for, loaded or not. */
  private wanted: vscode.Uri[] = [];
  private readonly loading: Promise<void>;
  private ready = false;
  private viewState: ViewState | null;
  private query: SliceQuery = { axis: 'epoch', range: null, budget: DEFAULT_BUDGET };
  private readonly symptoms = new Map<string, SymptomMarker[]>();
  private readonly reports = new vscode.EventEmitter<RenderReport>();
  /** Fires with what the webview reports it drew after every paint. */
  readonly onDidRender = this.reports.event;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  lastReport: RenderReport | undefined;
  private isDisposed = false;

  constructor(
    private readonly services: Services,
    readonly panel: vscode.WebviewPanel,
    uris: readonly vscode.Uri[],
    state: ViewState | null,
    /** A custom editor stands in for the text editor: "reveal line" opens the log beside it. */
    readonly inPlaceOfText = false,
  ) {
    this.viewState = state;
    const root = services.context.extensionUri;
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')] };
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(n => randomBytes(n)),
      script: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview.js')).toString(),
      styles: [webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'curves.css')).toString()],
      codicons: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'codicons', 'codicon.css')).toString(),
      title: panel.title,
    });
    this.reports.event(r => (this.lastReport = r), null, this.disposables);
    webview.onDidReceiveMessage(m => this.receive(m), null, this.disposables);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    this.loading = this.addRuns(uris);
  }

  /** The runs' URIs, in order (also while they are still being read). */
  get uris(): vscode.Uri[] {
    return [...this.wanted];
  }

  /** Resolves once every run is read (tests and commands wait on it). */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  /** Adds runs (compare); runs already shown are skipped. */
  async addRuns(uris: readonly vscode.Uri[]): Promise<void> {
    const fresh = uris.filter((u, i) => !this.wanted.some(w => w.toString() === u.toString()) && uris.findIndex(v => v.toString() === u.toString()) === i);
    this.wanted.push(...fresh);
    const loaded = await Promise.all(fresh.map(u => this.services.runs.open(u)));
    if (this.isDisposed) {
      for (const l of loaded) l.release();
      return;
    }
    for (const l of loaded) {
      const run: SessionRun = { id: l.uri.toString(), uri: l.uri, loaded: l, wallUnit: undefined, seriesCount: 0 };
      this.runs.push(run);
      l.onDidChange(d => this.changed(run, d), null, this.disposables);
    }
    this.updateTitle();
    if (this.ready && fresh.length > 0) this.refresh();
  }

  removeRun(id: string): void {
    const i = this.runs.findIndex(r => r.id === id);
    if (i < 0 || this.runs.length === 1) return;
    const [run] = this.runs.splice(i, 1);
    this.wanted = this.wanted.filter(u => u.toString() !== id);
    if (run?.liveTimer) clearTimeout(run.liveTimer);
    run?.loaded.release();
    this.updateTitle();
    this.refresh();
  }

  /** Diagnosis markers for a run (plain data; drawn as bands over the curves). */
  showSymptoms(uri: vscode.Uri, markers: SymptomMarker[]): void {
    this.symptoms.set(uri.toString(), markers);
    if (this.ready) this.post({ type: 'symptoms', runId: uri.toString(), markers });
  }

  reveal(preserveFocus: boolean): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  // ---- messages ------------------------------------------------------------------------------------------

  private post(msg: HostToView): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(msg);
  }

  private async receive(raw: unknown): Promise<void> {
    let msg: ViewToHost;
    try {
      msg = parseViewToHost(raw);
    } catch (e) {
      this.services.output.warn(`curves view: dropped a message: ${e instanceof ProtocolError ? e.message : String(e)}`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        await this.loading;
        // a panel restored or shown again sends ready with the state it kept
        this.viewState = msg.state ?? this.viewState;
        this.query = queryFor(this.chartRuns(), this.viewState, budgetForWidth(msg.width));
        this.ready = true;
        this.post(initMessage(this.chartRuns(), this.viewState, this.query.budget));
        for (const [runId, markers] of this.symptoms) this.post({ type: 'symptoms', runId, markers });
        for (const r of this.runs) this.noteSent(r);
        return;
      case 'query':
        this.query = { axis: msg.axis, range: msg.range, budget: msg.budget };
        this.post({ type: 'data', data: dataSlice(this.chartRuns(), this.query, msg.seq) });
        return;
      case 'revealLine':
        await this.revealLine(msg.runId, msg.line);
        return;
      case 'exportImage':
        await saveExport(this.services, this.exportBase(), msg.format, msg.format === 'png' ? Buffer.from(msg.data, 'base64') : Buffer.from(msg.data, 'utf8'), text => this.post({ type: 'notice', level: 'info', text }));
        return;
      case 'exportCsv': {
        const items: CsvSeries[] = [];
        for (const r of this.runs) {
          const run = r.loaded.run;
          if (!run) continue;
          const clock = wallClock(run);
          run.series.forEach((s, i) => {
            if (msg.keys.includes(seriesKey(r.id, i))) items.push({ run: r.loaded.label, series: s, clock });
          });
        }
        const csv = plottedCsv(items, { axis: msg.axis, range: msg.range, smoothing: msg.smoothing });
        await saveExport(this.services, this.exportBase(), 'csv', Buffer.from(csv, 'utf8'), text => this.post({ type: 'notice', level: 'info', text }));
        return;
      }
      case 'rendered':
        this.reports.fire(msg.report);
        return;
      case 'addRun': {
        const picked = await pickRuns(this.runs.map(r => r.uri));
        if (picked.length > 0) await this.addRuns(picked);
        return;
      }
      case 'removeRun':
        this.removeRun(msg.runId);
        return;
      case 'viewError':
        this.services.output.error(`curves view: ${msg.message}`);
        return;
      default:
        assertNever(msg);
    }
  }

  private chartRuns(): ChartRun[] {
    return this.runs.map(r => ({ id: r.id, label: r.loaded.label, path: vscode.workspace.asRelativePath(r.uri), run: r.loaded.run, error: r.loaded.error ?? null, live: r.loaded.live }));
  }

  private refresh(): void {
    if (!this.ready) return;
    this.post(runsMessage(this.chartRuns(), this.query));
    for (const r of this.runs) this.noteSent(r);
  }

  private noteSent(r: SessionRun): void {
    const run = r.loaded.run;
    r.seriesCount = run?.series.length ?? 0;
    r.wallUnit = run ? wallClock(run)?.unit : undefined;
  }

  /**
   * A run changed on disk. Appended points go out as they are (raw; the view inserts them and extends its
   * smoothing); anything else (a rewrite, a new series, the wall-clock unit changing, an error) re-sends the
   * run in full.
   */
  private changed(r: SessionRun, delta: RunDelta): void {
    if (!this.ready) return;
    const run = r.loaded.run;
    if (delta.kind !== 'append' || !run || run.series.length !== r.seriesCount || wallClock(run)?.unit !== r.wallUnit) {
      this.refresh();
      return;
    }
    const clock = wallClock(run);
    const slices: AppendSlice[] = [];
    for (const g of delta.grown) {
      const index = run.series.indexOf(g.series);
      if (index < 0) continue;
      const slice = appendSlice(run, g.series, seriesKey(r.id, index), g.from, this.query.axis, clock);
      if (slice && slice.xs.length > 0) slices.push(slice);
    }
    if (slices.length > 0) this.post({ type: 'append', runId: r.id, series: slices });
    // "live" while the file grows; off a minute after the last growth
    if (r.liveTimer) clearTimeout(r.liveTimer);
    r.liveTimer = setTimeout(() => {
      if (!r.loaded.live) this.post({ type: 'live', runId: r.id, live: false });
    }, 61_000);
  }

  private async revealLine(runId: string, line: number): Promise<void> {
    const run = this.runs.find(r => r.id === runId);
    if (!run) return;
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    const selection = new vscode.Range(pos, pos);
    const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === run.uri.toString());
    const column = visible?.viewColumn ?? (this.inPlaceOfText ? vscode.ViewColumn.Beside : firstTextColumn(this.panel.viewColumn));
    const doc = await vscode.workspace.openTextDocument(run.uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private exportBase(): vscode.Uri {
    const first = this.runs[0]?.uri;
    if (!first) return vscode.Uri.file('curves');
    const base = path.basename(first.path).replace(/\.[^.]+$/, '');
    return vscode.Uri.joinPath(first, '..', `${base}${this.runs.length > 1 ? '-compare' : ''}-curves`);
  }

  private updateTitle(): void {
    if (this.inPlaceOfText) return;
    const names = this.runs.map(r => r.loaded.label);
    this.panel.title = names.length > 1 ? `Compare: ${names.join(', ')}` : `Curves: ${names[0] ?? ''}`;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const r of this.runs) {
      if (r.liveTimer) clearTimeout(r.liveTimer);
      r.loaded.release();
    }
    this.runs = [];
    this.disposed.fire();
    for (const d of this.disposables) d.dispose();
    this.reports.dispose();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

/** Where to show a log next to a panel: the first column that is not the panel's. */
function firstTextColumn(panelColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
  return panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
}

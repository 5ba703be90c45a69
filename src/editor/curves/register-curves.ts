import * as vscode from 'vscode';
import { parsePersistedState, parseSymptomMarkers, ProtocolError, type SymptomMarker } from '../../shared/protocol';
import type { Services } from '../services';
import { CURVES_VIEW_TYPE, CurvesSession } from './curves-session';
import { pickRuns } from './pick-runs';

/** The "Open With… → Training Curves" editor's view type. */
export const CURVES_EDITOR_VIEW_TYPE = 'trainDoctor.curvesEditor';
/** Internal command (not in the palette): what `services.onDidOpenLog` triggers, for callers outside it. */
export const LOG_OPENED_COMMAND = 'trainDoctor.curves.logOpened';
/**
 * Internal command: `(uri, markers)` draws diagnosis markers (`{ symptom, severity, segment, x: [start, end],
 * label, axis? }`, plain data, validated) over the curves of that run, in every view showing it now or later.
 */
export const SHOW_SYMPTOMS_COMMAND = 'trainDoctor.curves.showSymptoms';
/** Internal command: the curves views open now (for tests and for features that want to wait on a render). */
export const VIEWS_COMMAND = 'trainDoctor.curves.views';
/** Internal command: `(panel, state)` does what the serializer does when VS Code restores a curves panel. */
export const RESTORE_COMMAND = 'trainDoctor.curves.restore';

export interface Curves extends vscode.Disposable {
  /**
   * A file that sniffs as a training log was opened in a text editor: shows its curves beside it unless the
   * user set `trainDoctor.openCurves` to `never` or a curves view of that file is already open.
   */
  logOpened(uri: vscode.Uri): Promise<CurvesSession | undefined>;
}

/**
 * The curves view: "Show Training Curves" (editor title, Explorer), "Compare Runs…", the "Training Curves"
 * custom editor, the serializer that brings panels back after a reload, and the open-beside-on-sniff hook.
 * Commands return the session so callers (and the host tests) can wait for what the view drew.
 */
export function registerCurves(services: Services): Curves {
  const sessions = new Set<CurvesSession>();
  const symptoms = new Map<string, SymptomMarker[]>();
  const track = (s: CurvesSession) => {
    sessions.add(s);
    s.onDidDispose(() => sessions.delete(s));
    for (const uri of s.uris) {
      const markers = symptoms.get(uri.toString());
      if (markers) s.showSymptoms(uri, markers);
    }
    return s;
  };

  const showSymptoms = (uri: unknown, markers: unknown): number => {
    if (!(uri instanceof vscode.Uri)) throw new Error(`${SHOW_SYMPTOMS_COMMAND}: the first argument must be the run's Uri`);
    let valid: SymptomMarker[];
    try {
      valid = parseSymptomMarkers(markers);
    } catch (e) {
      throw new Error(`${SHOW_SYMPTOMS_COMMAND}: ${e instanceof ProtocolError ? e.message : String(e)}`, { cause: e });
    }
    symptoms.set(uri.toString(), valid);
    let shown = 0;
    for (const s of sessions) {
      if (!s.uris.some(u => u.toString() === uri.toString())) continue;
      s.showSymptoms(uri, valid);
      shown++;
    }
    return shown;
  };
  const key = (uris: readonly vscode.Uri[]) => uris.map(u => u.toString()).sort().join('\n');

  /** Reveals the panel already showing exactly these runs, else opens one beside the active editor. */
  const show = async (uris: readonly vscode.Uri[], preserveFocus: boolean): Promise<CurvesSession> => {
    const wanted = key(uris);
    const existing = [...sessions].find(s => key(s.uris) === wanted && s.panel.viewType === CURVES_VIEW_TYPE);
    if (existing) {
      existing.reveal(preserveFocus);
      return existing;
    }
    const panels = [...sessions].filter(s => s.panel.viewType === CURVES_VIEW_TYPE).map(s => s.panel);
    const panel = vscode.window.createWebviewPanel(CURVES_VIEW_TYPE, 'Training curves', { viewColumn: curvesColumn(panels), preserveFocus }, {});
    const icons = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'icons');
    panel.iconPath = { light: vscode.Uri.joinPath(icons, 'curves-light.svg'), dark: vscode.Uri.joinPath(icons, 'curves-dark.svg') };
    const session = track(new CurvesSession(services, panel, uris, null));
    await session.whenLoaded();
    return session;
  };

  const showCurves = async (clicked?: unknown, selected?: unknown): Promise<CurvesSession | undefined> => {
    // Explorer and tree views pass (clicked, all selected): several selected means compare them
    const many = uriList(selected);
    if (many.length > 1) return show(many, false);
    const target = asUri(clicked) ?? services.activeLog ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Train Doctor: open a training log first, then show its curves.');
      return undefined;
    }
    return show([target], false);
  };

  const compareRuns = async (clicked?: unknown, selected?: unknown): Promise<CurvesSession | undefined> => {
    let uris = uriList(selected);
    if (uris.length < 2) uris = uriList(clicked);
    if (uris.length < 2) {
      const start = uris.length === 1 ? uris : [];
      uris = [...start, ...(await pickRuns(start))];
    }
    if (uris.length === 0) return undefined;
    return show(uris, false);
  };

  const logOpened = async (uri: vscode.Uri): Promise<CurvesSession | undefined> => {
    if (vscode.workspace.getConfiguration('trainDoctor', uri).get<string>('openCurves', 'beside') === 'never') return undefined;
    if ([...sessions].some(s => s.uris.some(u => u.toString() === uri.toString()))) return undefined;
    return show([uri], true);
  };

  const editorProvider: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument: uri => ({ uri, dispose: () => undefined }),
    resolveCustomEditor: async (document, panel) => {
      const session = track(new CurvesSession(services, panel, [document.uri], null, true));
      await session.whenLoaded();
    },
  };

  /** Brings back a panel VS Code kept over a reload, from the state its webview saved; a bad state closes it. */
  const restore = async (panel: vscode.WebviewPanel, state: unknown): Promise<CurvesSession | undefined> => {
    let persisted;
    try {
      persisted = parsePersistedState(state);
    } catch (e) {
      services.output.warn(`curves view: could not restore a panel (${e instanceof Error ? e.message : String(e)})`);
      panel.dispose();
      return undefined;
    }
    const uris = persisted.runs.map(r => vscode.Uri.parse(r, true));
    if (uris.length === 0) {
      panel.dispose();
      return undefined;
    }
    const session = track(new CurvesSession(services, panel, uris, persisted.view));
    await session.whenLoaded();
    return session;
  };
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel, state: unknown) => {
      await restore(panel, state);
    },
  };

  const disposables = [
    // the log detector announces each training log the user opens
    services.onDidOpenLog(uri => void logOpened(uri)),
    vscode.commands.registerCommand('trainDoctor.showCurves', showCurves),
    vscode.commands.registerCommand('trainDoctor.compareRuns', compareRuns),
    vscode.commands.registerCommand(LOG_OPENED_COMMAND, logOpened),
    vscode.commands.registerCommand(SHOW_SYMPTOMS_COMMAND, showSymptoms),
    vscode.commands.registerCommand(VIEWS_COMMAND, () => [...sessions]),
    vscode.commands.registerCommand(RESTORE_COMMAND, restore),
    vscode.window.registerCustomEditorProvider(CURVES_EDITOR_VIEW_TYPE, editorProvider, { supportsMultipleEditorsPerDocument: true }),
    vscode.window.registerWebviewPanelSerializer(CURVES_VIEW_TYPE, serializer),
    { dispose: () => [...sessions].forEach(s => s.dispose()) },
  ];
  return { logOpened, dispose: () => vscode.Disposable.from(...disposables).dispose() };
}

/**
 * Where a new curves panel goes: as a tab beside the curves panels already open (so clicking through the
 * Training Runs view does not split the editor again for every run), unless that is the group the user is
 * working in; otherwise beside the active editor.
 */
function curvesColumn(panels: readonly vscode.WebviewPanel[]): vscode.ViewColumn {
  const group = vscode.window.tabGroups.activeTabGroup;
  // the active group shows a text editor (the log just opened, a script): keep it, open beside it
  const workingIn = group.activeTab?.input instanceof vscode.TabInputWebview ? undefined : group.viewColumn;
  const homes = panels.filter(p => p.viewColumn !== undefined && p.viewColumn !== workingIn);
  return (homes.find(p => p.visible) ?? homes[0])?.viewColumn ?? vscode.ViewColumn.Beside;
}

/** A command argument as a Uri: a Uri, or a tree item / node that carries one (`uri` or `resourceUri`). */
function asUri(x: unknown): vscode.Uri | undefined {
  if (x instanceof vscode.Uri) return x;
  if (typeof x === 'object' && x !== null) {
    const o = x as { uri?: unknown; resourceUri?: unknown };
    if (o.uri instanceof vscode.Uri) return o.uri;
    if (o.resourceUri instanceof vscode.Uri) return o.resourceUri;
  }
  return undefined;
}

function uriList(x: unknown): vscode.Uri[] {
  if (Array.isArray(x)) return x.map(asUri).filter((u): u is vscode.Uri => u !== undefined);
  const one = asUri(x);
  return one ? [one] : [];
}

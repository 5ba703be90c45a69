import * as vscode from 'vscode';
import { findSeries, validationSplit, type Run } from '../core/run/model';
import { formatValue } from '../core/run/run-summary';
import type { LoadedRun } from './run-store';
import type { Services } from './services';

/**
 * A status-bar item with the active run's latest epoch and validation loss while its log is growing
 * (a run in training); hidden otherwise. Clicking it shows the curves.
 */
export function registerStatusBar(services: Services): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('trainDoctor.liveRun', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Train Doctor: live run';
  let current: { run: LoadedRun; sub: vscode.Disposable } | undefined;
  let generation = 0;
  // what the item shows (undefined: hidden), for the host tests
  const updated = new vscode.EventEmitter<void>();
  let shown: string | undefined;
  const state: StatusBarState = {
    get text() {
      return shown;
    },
    get following() {
      return current?.run.uri;
    },
    onDidChange: updated.event,
  };

  const hide = (): void => {
    item.hide();
    shown = undefined;
    updated.fire();
  };

  const show = (): void => {
    const loaded = current?.run;
    const text = loaded?.run && loaded.live ? describe(loaded.run) : undefined;
    if (!text || !loaded) {
      hide();
      return;
    }
    item.text = `$(pulse) ${text}`;
    item.tooltip = `${loaded.label} is growing: training in progress`;
    item.command = { command: 'trainDoctor.showCurves', title: 'Show Training Curves', arguments: [loaded.uri] };
    item.show();
    shown = item.text;
    updated.fire();
  };

  const follow = async (uri: vscode.Uri | undefined): Promise<void> => {
    const mine = ++generation;
    if (current && uri && current.run.uri.toString() === uri.toString()) return;
    current?.sub.dispose();
    current?.run.release();
    current = undefined;
    hide();
    if (!uri) return;
    const run = await services.runs.open(uri);
    if (mine !== generation) {
      run.release();
      return;
    }
    current = { run, sub: run.onDidChange(show) };
    show();
  };

  const sub = services.onDidChangeActiveLog(uri => void follow(uri));
  const command = vscode.commands.registerCommand(STATUS_BAR_COMMAND, () => state);
  void follow(services.activeLog);
  return new vscode.Disposable(() => {
    sub.dispose();
    command.dispose();
    current?.sub.dispose();
    current?.run.release();
    item.dispose();
    updated.dispose();
  });
}

/** Internal command returning what the live-run item shows and when that changes (for the host tests). */
export const STATUS_BAR_COMMAND = 'trainDoctor.statusBar.state';

export interface StatusBarState {
  /** The item's text while shown; undefined while hidden. */
  readonly text: string | undefined;
  /** The log whose run the item watches (the active log), once its run is read. */
  readonly following: vscode.Uri | undefined;
  readonly onDidChange: vscode.Event<void>;
}

function describe(run: Run): string | undefined {
  const seg = run.segments - 1;
  const split = validationSplit(run);
  const loss = (split && findSeries(run, 'loss', split, seg)[0]) || findSeries(run, 'loss', 'train', seg)[0];
  if (!loss || loss.ys.length === 0) return undefined;
  const n = loss.ys.length - 1;
  return `${loss.x} ${loss.xs.at(n)} · ${loss.split ?? ''} loss ${formatValue(loss.ys.at(n))}`;
}

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

  const show = (): void => {
    const loaded = current?.run;
    const text = loaded?.run && loaded.live ? describe(loaded.run) : undefined;
    if (!text || !loaded) {
      item.hide();
      return;
    }
    item.text = `$(pulse) ${text}`;
    item.tooltip = `${loaded.label} is growing: training in progress`;
    item.command = { command: 'trainDoctor.showCurves', title: 'Show Training Curves', arguments: [loaded.uri] };
    item.show();
  };

  const follow = async (uri: vscode.Uri | undefined): Promise<void> => {
    const mine = ++generation;
    if (current && uri && current.run.uri.toString() === uri.toString()) return;
    current?.sub.dispose();
    current?.run.release();
    current = undefined;
    item.hide();
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
  void follow(services.activeLog);
  return new vscode.Disposable(() => {
    sub.dispose();
    current?.sub.dispose();
    current?.run.release();
    item.dispose();
  });
}

function describe(run: Run): string | undefined {
  const seg = run.segments - 1;
  const split = validationSplit(run);
  const loss = (split && findSeries(run, 'loss', split, seg)[0]) || findSeries(run, 'loss', 'train', seg)[0];
  if (!loss || loss.ys.length === 0) return undefined;
  const n = loss.ys.length - 1;
  return `${loss.x} ${loss.xs.at(n)} · ${loss.split ?? ''} loss ${formatValue(loss.ys.at(n))}`;
}

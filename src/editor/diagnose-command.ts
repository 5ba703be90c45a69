import * as vscode from 'vscode';
import { epochCount, findSeries, validationSplit, type Run } from '../core/run/model';
import type { Services } from './services';

/** "Train Doctor: Diagnose Run": reads the active log's run and reports what it finds. */
export function registerDiagnoseCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('trainDoctor.diagnoseRun', async (uri?: vscode.Uri) => {
    const target = uri instanceof vscode.Uri ? uri : services.activeLog;
    if (!target) {
      void vscode.window.showInformationMessage('Train Doctor: open a training log first, then run Diagnose Run.');
      return undefined;
    }
    const loaded = await services.runs.open(target);
    try {
      if (!loaded.run) {
        void vscode.window.showWarningMessage(`Train Doctor: ${loaded.error ?? 'no run found'}`);
        return undefined;
      }
      const text = basicFacts(loaded.run);
      void vscode.window.showInformationMessage(`Train Doctor: ${text}`);
      return text;
    } finally {
      loaded.release();
    }
  });
}

function basicFacts(run: Run): string {
  const epochs = epochCount(run);
  const parts = [`${run.format}, ${epochs === null ? 'steps only' : `${epochs} epochs`}`];
  const split = validationSplit(run);
  const val = split ? findSeries(run, 'loss', split, run.segments - 1)[0] : undefined;
  if (val && val.ys.length > 0) {
    let best = 0;
    for (let i = 1; i < val.ys.length; i++) if (val.ys.at(i) < val.ys.at(best)) best = i;
    parts.push(`best ${split} loss ${val.ys.at(best)} at ${val.x} ${val.xs.at(best)}`);
  }
  return parts.join('; ');
}

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RenderReport } from '../../src/shared/protocol';
import type { CurvesSession } from '../../src/editor/curves/curves-session';
import { extension, waitFor, workspaceFile } from './helpers';

/**
 * Every log format in the real extension host: one fixture of each format (the real corpus logs and the
 * cited hand-made ones in test/fixtures/logs/<format>/) is copied into the workspace and opened with Show
 * Training Curves; the webview must report drawn points. Run folders (TensorBoard log dir with train/ and
 * validation/, an MLflow run) are listed by the Training Runs view as one run each and open as one chart.
 */

const fixtures = path.resolve(__dirname, '../../../test/fixtures/logs');

/** The first fixture file of a format folder (some formats keep their file in a run-named sub-folder). */
function fixtureOf(format: string): string | undefined {
  const files = (fs.readdirSync(path.join(fixtures, format), { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter(e => e.isFile())
    .map(e => path.join(e.parentPath, e.name))
    .sort();
  return files[0];
}

function drawn(session: CurvesSession): Promise<RenderReport> {
  return waitFor(session.onDidRender, () => {
    const r = session.lastReport;
    return r && r.panels.some(p => p.series.some(s => s.raw > 0)) ? r : undefined;
  }, `${session.panel.title} to draw points`, 45_000);
}

suite('every format in the editor', () => {
  const opened: CurvesSession[] = [];
  const dest = workspaceFile('formats');

  suiteSetup(async () => {
    await extension();
    fs.mkdirSync(dest.fsPath, { recursive: true });
  });

  suiteTeardown(() => {
    for (const s of opened) s.dispose();
    fs.rmSync(dest.fsPath, { recursive: true, force: true });
  });

  const formats = fs.readdirSync(fixtures, { withFileTypes: true })
    .filter(e => e.isDirectory() && !e.name.startsWith('_') && e.name !== 'tensorboard-events' && e.name !== 'mlflow-metric')
    .map(e => e.name);

  for (const format of formats) {
    test(`a ${format} log opens as curves`, async () => {
      const src = fixtureOf(format);
      assert.ok(src, `a fixture for ${format}`);
      // keep the name the format is known by (log.txt, summary.csv, scalars.json)
      const target = vscode.Uri.joinPath(dest, format, path.basename(src));
      fs.mkdirSync(path.dirname(target.fsPath), { recursive: true });
      fs.copyFileSync(src, target.fsPath);
      const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', target);
      opened.push(session);
      const report = await drawn(session);
      assert.ok(report.panels.length > 0);
      session.dispose();
    });
  }

  test('a console capture whose metrics start after a long preamble is found from its tail and offers its curves', async () => {
    // 282 KB of model and dataset dumps before the first Trainer dict: its first 4 KiB say nothing
    const target = vscode.Uri.joinPath(dest, 'preamble', 'sft-train-log.txt');
    fs.mkdirSync(path.dirname(target.fsPath), { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'hf-trainer-console', 'ishihara-masabumi-llama-sft-train-log.txt'), target.fsPath);
    const runs = (await vscode.commands.executeCommand<vscode.Uri[]>('trainDoctor.refreshRuns')) ?? [];
    assert.ok(runs.some(u => u.toString() === target.toString()), `listed: ${runs.map(u => vscode.workspace.asRelativePath(u, false)).join(', ')}`);
    // opened in the editor, it is recognised as a log: its curves open beside it (trainDoctor.openCurves)
    const curvesTab = () => vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputWebview && t.label === 'Curves: sft-train-log.txt');
    await vscode.window.showTextDocument(target);
    const tab = await waitFor(vscode.window.tabGroups.onDidChangeTabs, curvesTab, 'the curves of the opened log', 30_000);
    const textTabs = vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === target.toString());
    await vscode.window.tabGroups.close([tab, ...textTabs]);
  });

  test('TensorBoard and MLflow run folders are one run each in Training Runs, and open as curves', async () => {
    const tb = vscode.Uri.joinPath(dest, 'tb', 'keras-digits-mlp');
    fs.cpSync(path.join(fixtures, 'tensorboard-events', 'keras-digits-mlp'), tb.fsPath, { recursive: true });
    const ml = vscode.Uri.joinPath(dest, 'mlruns');
    fs.cpSync(path.join(fixtures, 'mlflow-metric', 'mlruns'), ml.fsPath, { recursive: true });
    const runs = (await vscode.commands.executeCommand<vscode.Uri[]>('trainDoctor.refreshRuns')) ?? [];
    const rel = runs.map(u => vscode.workspace.asRelativePath(u, false));
    assert.ok(rel.includes('formats/tb/keras-digits-mlp'), `the TensorBoard log dir is one run: ${rel.join(', ')}`);
    assert.ok(!rel.some(r => r.includes('events.out.tfevents')), 'its event files are not listed one by one');
    const mlRun = rel.find(r => r.startsWith('formats/mlruns/0/'));
    assert.ok(mlRun && !mlRun.includes('/metrics'), `the MLflow run folder is one run: ${rel.join(', ')}`);

    const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', tb);
    opened.push(session);
    const report = await drawn(session);
    const lossPanel = report.panels.find(p => p.metric === 'loss');
    assert.ok(lossPanel, 'a loss panel');
    assert.equal(lossPanel.series.length, 2, 'train and validation from the two sub-folders');
  });
});

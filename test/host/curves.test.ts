import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parseLogFile } from '../../src/core/logs/read-log-file';
import type { Run } from '../../src/core/run/model';
import { DEFAULT_VIEW_STATE, PROTOCOL_VERSION, type RenderReport } from '../../src/shared/protocol';
import { CURVES_VIEW_TYPE, type CurvesSession } from '../../src/editor/curves/curves-session';
import { RESTORE_COMMAND } from '../../src/editor/curves/register-curves';
import { candidateRuns } from '../../src/editor/curves/pick-runs';
import { extension, waitFor, workspaceFile } from './helpers';

/**
 * The curves view inside the real extension host: the commands open a real webview, which renders with
 * Vega and reports back what it drew (points per series, read from its scene graph). Waits on those reports,
 * never on time. The logs are the host workspace's real run (logs/digits-mlp.log, see its README).
 */

function parse(uri: vscode.Uri): Run {
  const r = parseLogFile(uri.fsPath);
  if (!r.ok) throw new Error(r.error);
  return r.run;
}

/** The next report (or the last one, when it already holds) that satisfies `ok`. */
function rendered(session: CurvesSession, ok: (r: RenderReport) => boolean, what: string): Promise<RenderReport> {
  return waitFor(session.onDidRender, () => (session.lastReport && ok(session.lastReport) ? session.lastReport : undefined), what, 45_000);
}

function loss(r: RenderReport) {
  return r.panels.find(p => p.metric === 'loss');
}

suite('curves view', () => {
  const opened: CurvesSession[] = [];
  const made: vscode.Uri[] = [];

  suiteSetup(async () => {
    await extension();
  });

  suiteTeardown(async () => {
    for (const s of opened) s.dispose();
    for (const u of made) await vscode.workspace.fs.delete(u).then(undefined, () => undefined);
  });

  test('Show Training Curves opens beside the log and reports every point it drew', async () => {
    const uri = workspaceFile('logs', 'digits-mlp.log');
    const run = parse(uri);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', uri);
    assert.ok(session, 'the command returns its view');
    opened.push(session);
    const report = await rendered(session, r => (loss(r)?.marks.raw ?? 0) > 0, 'the loss panel to be drawn');
    const expected = run.series.filter(s => s.metric === 'loss').map(s => s.ys.length);
    assert.deepEqual(loss(report)!.series.map(s => s.raw), expected, 'every epoch of train and val loss');
    assert.ok(report.panels.some(p => p.metric === 'accuracy'));
    assert.equal(loss(report)!.marks.best, 1, 'the best val loss is marked');
    assert.notEqual(session.panel.viewColumn, vscode.ViewColumn.One, 'beside the log, not over it');
    // asking again reveals the same view
    const again = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', uri);
    assert.equal(again, session);
  });

  test('a log appended while the view is open updates the chart in place', async () => {
    const text = fs.readFileSync(workspaceFile('logs', 'digits-mlp.log').fsPath, 'utf8').split('\n');
    const uri = workspaceFile('logs', 'curves-live.log');
    made.push(uri);
    // five epochs of five lines each, then two more epochs appended
    fs.writeFileSync(uri.fsPath, text.slice(0, 25).join('\n') + '\n');
    const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', uri);
    opened.push(session);
    const first = await rendered(session, r => loss(r)?.series[0]?.raw === 5, 'five epochs drawn');
    assert.deepEqual(loss(first)!.series.map(s => s.raw), [5, 5]);
    fs.appendFileSync(uri.fsPath, text.slice(25, 35).join('\n') + '\n');
    const grown = await rendered(session, r => loss(r)?.series[0]?.raw === 7, 'the appended epochs drawn');
    assert.deepEqual(loss(grown)!.series.map(s => s.raw), [7, 7]);
    assert.equal(grown.trigger, 'append', 'inserted as an append, not a new chart');
  });

  test('Compare Runs overlays two runs, one colour per run', async () => {
    const a = workspaceFile('logs', 'digits-mlp.log');
    const b = workspaceFile('logs', 'curves-compare.log');
    made.push(b);
    // the same run cut after ten epochs: a second, shorter run
    fs.writeFileSync(b.fsPath, fs.readFileSync(a.fsPath, 'utf8').split('\n').slice(0, 50).join('\n') + '\n');
    const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.compareRuns', a, [a, b]);
    opened.push(session);
    const report = await rendered(session, r => (loss(r)?.series.length ?? 0) === 4, 'four loss series');
    const byRun = (uri: vscode.Uri) => loss(report)!.series.filter(s => s.key.startsWith(uri.toString()));
    assert.deepEqual(byRun(a).map(s => s.raw), [25, 25]);
    assert.deepEqual(byRun(b).map(s => s.raw), [10, 10]);
    assert.match(session.panel.title, /^Compare: /);
  });

  test('Compare Runs offers the files that read as training logs, not the README beside them', async () => {
    const names = (await candidateRuns()).map(u => vscode.workspace.asRelativePath(u, false));
    assert.ok(names.includes('logs/digits-mlp.log'), names.join(', '));
    assert.ok(fs.existsSync(workspaceFile('README.md').fsPath));
    assert.ok(!names.includes('README.md'), `README.md offered: ${names.join(', ')}`);
  });

  test('Open With… Training Curves shows the curves in place of the text', async () => {
    const uri = workspaceFile('logs', 'digits-mlp.log');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'trainDoctor.curvesEditor');
    const views = await vscode.commands.executeCommand<CurvesSession[]>('trainDoctor.curves.views');
    const session = views.find(s => s.inPlaceOfText && s.uris[0]?.toString() === uri.toString());
    assert.ok(session, 'a custom editor view of the log');
    opened.push(session);
    const report = await rendered(session, r => (loss(r)?.marks.raw ?? 0) === 50, 'the custom editor drawn');
    assert.deepEqual(report.panels.map(p => p.metric), ['loss', 'accuracy']);
  });

  test('diagnosis markers reach the charts of that run; malformed ones are refused', async () => {
    const uri = workspaceFile('logs', 'digits-mlp.log');
    const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', uri);
    await rendered(session, r => (loss(r)?.marks.raw ?? 0) === 50, 'the loss panel');
    const marker = { symptom: 'missing-zero-grad', severity: 'warning', segment: 0, x: [1, 24], label: 'gradients accumulate' };
    const shown = await vscode.commands.executeCommand<number>('trainDoctor.curves.showSymptoms', uri, [marker]);
    assert.ok(shown >= 1);
    const report = await rendered(session, r => loss(r)?.marks.symptoms === 1, 'the symptom band');
    assert.equal(report.panels.find(p => p.metric === 'accuracy')?.marks.symptoms, 1);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('trainDoctor.curves.showSymptoms', uri, [{ ...marker, x: [5] }])), /markers\[0\]\.x/);
  });

  test('curves opened one after another go to the same column as tabs, not a new split each time', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const text = fs.readFileSync(workspaceFile('logs', 'digits-mlp.log').fsPath, 'utf8');
    const [ua, ub, uc] = ['columns-a.log', 'columns-b.log', 'columns-c.log'].map(n => workspaceFile('logs', n)) as [vscode.Uri, vscode.Uri, vscode.Uri];
    const uris = [ua, ub, uc];
    for (const u of uris) {
      fs.writeFileSync(u.fsPath, text);
      made.push(u);
    }
    // as from the Training Runs view: no text editor of the log is open
    const a = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', ua);
    const b = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', ub);
    opened.push(a, b);
    assert.equal(b.panel.viewColumn, a.panel.viewColumn, 'the second run opens as a tab beside the first');
    const groups = vscode.window.tabGroups.all.length;
    // a log opened in a text editor: its curves join the curves column, beside the text
    const editor = await vscode.window.showTextDocument(uc, { viewColumn: vscode.ViewColumn.One });
    const c = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', uc);
    opened.push(c);
    assert.notEqual(c.panel.viewColumn, editor.viewColumn, 'not over the log');
    assert.equal(vscode.window.tabGroups.all.length, Math.max(groups, 2), 'no third column');
  });

  test('a panel VS Code restores after a reload reopens its run with the view it saved; a bad state closes it', async () => {
    const uri = workspaceFile('logs', 'digits-mlp.log');
    // what the webview saved with setState before the reload (the browser tests check that it does)
    const saved = { version: PROTOCOL_VERSION, runs: [uri.toString()], view: { ...DEFAULT_VIEW_STATE, smoothing: 0.9, scales: { loss: 'log' } } };
    const panel = vscode.window.createWebviewPanel(CURVES_VIEW_TYPE, 'Training curves', vscode.ViewColumn.Two, {});
    const session = await vscode.commands.executeCommand<CurvesSession | undefined>(RESTORE_COMMAND, panel, saved);
    assert.ok(session, 'restored');
    opened.push(session);
    const report = await rendered(session, r => (loss(r)?.marks.raw ?? 0) === 50, 'the restored run drawn');
    assert.equal(report.smoothing, 0.9);
    assert.equal(loss(report)?.scale, 'log');
    assert.equal(session.panel.title, 'Curves: digits-mlp.log');

    const broken = vscode.window.createWebviewPanel(CURVES_VIEW_TYPE, 'Training curves', vscode.ViewColumn.Two, {});
    let closed = false;
    broken.onDidDispose(() => (closed = true));
    assert.equal(await vscode.commands.executeCommand(RESTORE_COMMAND, broken, { version: PROTOCOL_VERSION, runs: 'logs/digits-mlp.log' }), undefined);
    assert.ok(closed, 'a panel whose saved state is unreadable is closed, not left blank');
  });

  test('a log opened in the editor gets its curves beside it unless the setting says never', async () => {
    const uri = workspaceFile('logs', 'curves-sniffed.log');
    made.push(uri);
    fs.copyFileSync(workspaceFile('logs', 'digits-mlp.log').fsPath, uri.fsPath);
    const config = vscode.workspace.getConfiguration('trainDoctor');
    await config.update('openCurves', 'never', vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(await vscode.commands.executeCommand('trainDoctor.curves.logOpened', uri), undefined);
    } finally {
      await config.update('openCurves', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const session = await vscode.commands.executeCommand<CurvesSession | undefined>('trainDoctor.curves.logOpened', uri);
    assert.ok(session, 'opened beside with the default setting');
    opened.push(session);
    await rendered(session, r => (loss(r)?.marks.raw ?? 0) === 50, 'the sniffed log drawn');
  });
});

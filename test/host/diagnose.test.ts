import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Diagnosis, Marker } from '../../src/core/diagnose/diagnose';
import type { CurvesSession } from '../../src/editor/curves/curves-session';
import { diagnosticsFor, extension, waitFor, workspaceFile } from './helpers';

/**
 * Diagnose Run inside a real extension host, on the host workspace's run: train.py never calls
 * optimizer.zero_grad(), and logs/digits-mlp.log shows the loss exploding.
 */
suite('Diagnose Run', () => {
  const log = workspaceFile('logs', 'digits-mlp.log');
  let d: Diagnosis;

  suiteSetup(async () => {
    await extension();
    d = (await vscode.commands.executeCommand<Diagnosis>('trainDoctor.diagnoseRun', log))!;
  });

  test('finds the training script next to the log and ranks the missing zero_grad first', () => {
    assert.equal(d.script, 'train.py');
    assert.equal(d.scriptFoundBy, 'parent-folder');
    const worst = d.findings[0]!;
    assert.equal(worst.severity, 'error');
    assert.deepEqual([worst.causes[0]?.rule, worst.causes[0]?.file, worst.causes[0]?.line], ['missing-zero-grad', 'train.py', 40]);
    assert.equal(worst.causes[0]?.text, 'optimizer.step()');
  });

  test('puts diagnostics on the log at the lines where the symptoms start, causes as related information', async () => {
    const ds = await diagnosticsFor(log, x => x.length > 0, 'diagnostics on digits-mlp.log');
    const first = ds.find(x => x.severity === vscode.DiagnosticSeverity.Error)!;
    assert.ok(first, 'an error diagnostic');
    assert.equal(first.range.start.line, d.findings[0]!.logLines![0] - 1);
    assert.equal((first.code as { value: string }).value, d.findings[0]!.symptom);
    const rel = first.relatedInformation?.[0];
    assert.ok(rel && rel.location.uri.path.endsWith('/train.py'), 'related information points at train.py');
    assert.equal(rel.location.range.start.line, 39);
  });

  test('a cause link in the report opens the script at its line', async () => {
    const cause = d.findings[0]!.causes[0]!;
    const opened = new Promise<vscode.TextEditor>(resolve => {
      const sub = vscode.window.onDidChangeActiveTextEditor(e => {
        if (e && e.document.uri.path.endsWith('/train.py')) {
          sub.dispose();
          resolve(e);
        }
      });
    });
    await vscode.commands.executeCommand('trainDoctor.diagnose.reportAction', log, { type: 'openSource', file: cause.file, line: cause.line });
    const editor = vscode.window.activeTextEditor?.document.uri.path.endsWith('/train.py') ? vscode.window.activeTextEditor : await opened;
    assert.equal(editor.selection.active.line, cause.line - 1);
    assert.match(editor.document.lineAt(cause.line - 1).text, /optimizer\.step\(\)/);
  });

  test('a forged message from the report is ignored', async () => {
    const before = vscode.window.activeTextEditor?.document.uri.toString();
    await vscode.commands.executeCommand('trainDoctor.diagnose.reportAction', log, { type: 'command', command: 'workbench.action.closeAllEditors' });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), before);
  });

  test('markers reach the open curves view of that run', async () => {
    // a fresh view (earlier suites may have left one for this log in a background tab)
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const session = await vscode.commands.executeCommand<CurvesSession>('trainDoctor.showCurves', log);
    try {
      await waitFor(session.onDidRender, () => session.lastReport, 'the curves drawn', 45_000);
      // the view may open after the diagnosis: it gets the markers the diagnosis left for it; a new diagnosis
      // sends them again
      await vscode.commands.executeCommand('trainDoctor.diagnoseRun', log);
      const expected = d.findings.filter(f => f.marker).length;
      assert.ok(expected >= 2);
      // one band per finding on the loss panel (an earlier test may have left other markers for this run: the
      // diagnosis replaces them)
      await waitFor(session.onDidRender, () => {
        const r = session.lastReport;
        return r && r.panels.find(p => p.metric === 'loss')?.marks.symptoms === expected ? r : undefined;
      }, `${expected} symptom bands on the loss chart`, 45_000);
    } finally {
      session.dispose();
    }
  });

  test('markers are plain data the curves view can draw', async () => {
    const markers = await vscode.commands.executeCommand<Marker[]>('trainDoctor.diagnose.markers', log);
    assert.ok(markers.length > 0);
    const m = markers[0]!;
    assert.deepEqual(Object.keys(m).sort(), ['axis', 'label', 'points', 'segment', 'series', 'severity', 'symptom', 'x']);
    assert.equal(m.axis, 'epoch');
    assert.ok(m.x[0] <= m.x[1]);
    assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  });
});

suite('Diagnose Run on a live log', () => {
  test('a finding that appears while the log grows reaches the Problems panel', async () => {
    await extension();
    const live = workspaceFile('logs', 'live-run.log');
    const epoch = (i: number, loss: string, acc: string) => `Epoch ${i}/9\n----------\ntrain Loss: ${loss} Acc: ${acc}\nval Loss: ${loss} Acc: ${acc}\n\n`;
    const healthy = [epoch(0, '2.1000', '0.3000'), epoch(1, '1.2000', '0.6000'), epoch(2, '0.8000', '0.7500'), epoch(3, '0.6000', '0.8200'), epoch(4, '0.5000', '0.8500')].join('');
    await vscode.workspace.fs.writeFile(live, new TextEncoder().encode(healthy));
    const first = await vscode.commands.executeCommand<Diagnosis>('trainDoctor.diagnoseRun', live);
    // the host workspace's train.py (found one folder up) still brings its missing zero_grad as a code finding
    assert.deepEqual(first!.findings.filter(f => f.severity !== 'info' && f.symptom !== 'code-finding').map(f => f.symptom), []);
    await vscode.workspace.fs.writeFile(live, new TextEncoder().encode(healthy + epoch(5, 'nan', '0.1000')));
    const ds = await diagnosticsFor(live, x => x.some(d => (d.code as { value: string }).value === 'nan-loss'), 'a nan-loss diagnostic after the append');
    const nan = ds.find(d => (d.code as { value: string }).value === 'nan-loss')!;
    assert.equal(nan.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(nan.range.start.line, 27); // the `train Loss: nan` line of epoch 5
  });
});

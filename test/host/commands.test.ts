import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, workspaceFile } from './helpers';

suite('extension', () => {
  suiteSetup(async () => {
    await extension();
  });

  test('runs in a real extension host', () => {
    assert.ok(vscode.version.length > 0);
    assert.equal(typeof process.versions.node, 'string');
  });

  test('registers every command it contributes', async () => {
    const ext = vscode.extensions.getExtension('train-doctor.train-doctor')!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map(c => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.includes('trainDoctor.showCurves'));
    assert.ok(contributed.includes('trainDoctor.diagnoseRun'));
    for (const c of contributed) assert.ok(registered.has(c), `${c} is contributed but not registered`);
  });

  test('Diagnose Run reports the basic facts of a tutorial-format log', async () => {
    const facts = await vscode.commands.executeCommand<string>('trainDoctor.diagnoseRun', workspaceFile('logs', 'digits-mlp.log'));
    assert.match(facts ?? '', /pytorch-tutorial, 25 epochs/);
    assert.match(facts ?? '', /best val loss 1\.3485 at epoch 0/);
  });
});

suite('Training Runs view', () => {
  test('lists the logs of the workspace and nothing else', async () => {
    await extension();
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('trainDoctor.refreshRuns');
    const names = (uris ?? []).map(u => vscode.workspace.asRelativePath(u, false)).sort();
    assert.deepEqual(names, ['logs/digits-mlp.log']);
  });
});

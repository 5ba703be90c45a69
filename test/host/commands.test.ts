import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunsProvider } from '../../src/editor/runs-view';
import { STATUS_BAR_COMMAND, type StatusBarState } from '../../src/editor/status-bar';
import { extension, waitFor, workspaceFile } from './helpers';

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

});

suite('Training Runs view', () => {
  test('lists the logs of the workspace and nothing else', async () => {
    await extension();
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('trainDoctor.refreshRuns');
    const names = (uris ?? []).map(u => vscode.workspace.asRelativePath(u, false)).sort();
    assert.deepEqual(names, ['logs/digits-mlp.log']);
  });
});

suite('Training Runs view items', () => {
  test('describe each run with its format and epochs without being expanded, and its curves as children', async () => {
    await extension();
    await vscode.commands.executeCommand('trainDoctor.refreshRuns');
    const provider = await vscode.commands.executeCommand<RunsProvider>('trainDoctor.runs.provider');
    // the background pass reads the small logs after a scan and updates their items
    await provider.summarised();
    const [run] = await provider.getChildren();
    assert.ok(run, 'one run listed');
    const item = provider.getTreeItem(run);
    assert.equal(item.label, 'digits-mlp.log');
    assert.equal(item.description, 'pytorch-tutorial · 25 epochs');
    const children = await provider.getChildren(run);
    assert.deepEqual(children.map(c => provider.getTreeItem(c).label), ['train loss', 'val loss', 'train accuracy', 'val accuracy']);
  });

  test('follow a log while training appends to it: its epochs stay current in the description', async () => {
    await extension();
    const text = fs.readFileSync(workspaceFile('logs', 'digits-mlp.log').fsPath, 'utf8');
    const upTo = (epoch: number) => text.slice(0, text.indexOf(`Epoch ${epoch}/24`));
    const uri = workspaceFile('logs', 'growing-run.log');
    fs.writeFileSync(uri.fsPath, upTo(5));
    try {
      await vscode.commands.executeCommand('trainDoctor.refreshRuns');
      const provider = await vscode.commands.executeCommand<RunsProvider>('trainDoctor.runs.provider');
      await provider.summarised();
      const description = async () => {
        for (const run of await provider.getChildren()) {
          const item = provider.getTreeItem(run);
          if (item.label === 'growing-run.log') return item.description;
        }
        return undefined;
      };
      assert.equal(await description(), 'pytorch-tutorial · 5 epochs');
      const described = (want: string) => new Promise<void>((resolve, reject) => {
        let latest: unknown;
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error(`the description stayed ${String(latest)}, not ${want}`));
        }, 20_000);
        const sub = provider.onDidChangeTreeData(() => void description().then(d => {
          latest = d;
          if (d !== want) return;
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }));
      });
      // the first burst of writes starts following the log, the next ones arrive through its open run
      for (const epochs of [12, 18, 25]) {
        const now = fs.readFileSync(uri.fsPath, 'utf8').length;
        const done = described(`pytorch-tutorial · ${epochs} epochs`);
        fs.appendFileSync(uri.fsPath, epochs === 25 ? text.slice(now) : text.slice(now, upTo(epochs).length));
        await done;
      }
    } finally {
      fs.rmSync(uri.fsPath, { force: true });
      await vscode.commands.executeCommand('trainDoctor.refreshRuns');
    }
  });
});

suite('live-run status bar', () => {
  test("shows the active log's latest epoch and validation loss while it grows, and hides for other editors", async () => {
    await extension();
    const state = await vscode.commands.executeCommand<StatusBarState>(STATUS_BAR_COMMAND);
    const text = fs.readFileSync(workspaceFile('logs', 'digits-mlp.log').fsPath, 'utf8');
    const upTo = (epoch: number) => text.slice(0, text.indexOf(`Epoch ${epoch}/24`));
    const uri = workspaceFile('logs', 'status-run.log');
    fs.writeFileSync(uri.fsPath, upTo(5));
    const config = vscode.workspace.getConfiguration('trainDoctor');
    await config.update('openCurves', 'never', vscode.ConfigurationTarget.Workspace);
    try {
      const following = waitFor(state.onDidChange, () => (state.following?.toString() === uri.toString() ? true : undefined), 'the item to watch the opened log');
      await vscode.window.showTextDocument(uri);
      await following;
      assert.equal(state.text, undefined, 'a log that is not growing shows nothing');
      const shown = waitFor(state.onDidChange, () => (state.text?.includes('epoch 7') ? state.text : undefined), 'the live run in the status bar');
      fs.appendFileSync(uri.fsPath, text.slice(upTo(5).length, upTo(8).length));
      assert.equal(await shown, '$(pulse) epoch 7 · val loss 15.18');
      const hidden = waitFor(state.onDidChange, () => (state.text === undefined ? true : undefined), 'the item to hide');
      await vscode.window.showTextDocument(workspaceFile('train.py'));
      await hidden;
    } finally {
      await config.update('openCurves', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });
});

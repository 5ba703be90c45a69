import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceFile } from './helpers';

/**
 * A Jupyter notebook in the real editor (VS Code's built-in ipynb support): the model and optimizer in one
 * cell, the training loop in another, linted as the one module the kernel runs.
 */
const source = (lines: string[]) => lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
const code = (lines: string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source(lines) });
const NOTEBOOK = {
  cells: [
    code(['%matplotlib inline', 'import torch', 'import torch.nn as nn', 'from torch.utils.data import DataLoader, TensorDataset']),
    { cell_type: 'markdown', metadata: {}, source: source(['## Model']) },
    code([
      'model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))',
      'criterion = nn.CrossEntropyLoss()',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
      'loader = DataLoader(TensorDataset(torch.randn(256, 64), torch.randint(0, 10, (256,))), batch_size=32, shuffle=True)',
    ]),
    code([
      'for epoch in range(10):',
      '    for x, y in loader:',
      '        loss = criterion(model(x), y)',
      '        loss.backward()',
      '        optimizer.step()',
      '    print(f"epoch {epoch} loss {loss.item():.4f}")',
    ]),
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
};

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'train-doctor');
}

suite('notebooks', () => {
  test('the loop in one cell, the optimizer in another: missing-zero-grad in the loop cell; disable-for-line and the quick-fix both clear it', async () => {
    await extension();
    const uri = workspaceFile('lint', 'train-notebook.ipynb');
    fs.writeFileSync(uri.fsPath, JSON.stringify(NOTEBOOK, null, 1));
    try {
      const notebook = await vscode.workspace.openNotebookDocument(uri);
      await vscode.window.showNotebookDocument(notebook);
      const loop = notebook.cellAt(3).document;
      assert.equal(loop.languageId, 'python');
      const found = await waitFor(vscode.languages.onDidChangeDiagnostics, () => (ours(loop.uri).length > 0 ? ours(loop.uri) : undefined), 'a diagnostic in the loop cell');
      assert.deepEqual(found.map(d => [typeof d.code === 'object' ? d.code.value : d.code, d.range.start.line]), [['missing-zero-grad', 4]]);
      for (const i of [0, 2]) assert.deepEqual(ours(notebook.cellAt(i).document.uri), [], `cell ${i} is clean`);

      const actionsAt = (range: vscode.Range) => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', loop.uri, range);
      const gone = () => waitFor(vscode.languages.onDidChangeDiagnostics, () => (ours(loop.uri).length === 0 ? true : undefined), 'the diagnostic to go');
      const original = loop.getText();

      // "Disable for this line" writes the comment in the cell, and the joined module honours it
      const disable = (await actionsAt(found[0]!.range)).find(a => a.title === 'Disable missing-zero-grad for this line');
      assert.ok(disable?.edit, 'a disable action');
      let cleared = gone();
      assert.ok(await vscode.workspace.applyEdit(disable.edit));
      await cleared;
      assert.equal(loop.lineAt(4).text, '        optimizer.step()  # train-doctor: disable=missing-zero-grad');

      // back to the bug, then the fix
      const restore = new vscode.WorkspaceEdit();
      restore.replace(loop.uri, new vscode.Range(0, 0, loop.lineCount, 0), original);
      const back = waitFor(vscode.languages.onDidChangeDiagnostics, () => (ours(loop.uri).length > 0 ? ours(loop.uri) : undefined), 'the diagnostic to come back');
      assert.ok(await vscode.workspace.applyEdit(restore));
      const again = await back;
      const actions = await actionsAt(again[0]!.range);
      const fix = actions.find(a => a.edit && /zero_grad/.test(a.title));
      assert.ok(fix?.edit, `a quick-fix among: ${actions.map(a => a.title).join(', ')}`);
      cleared = gone();
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await cleared;
      assert.match(loop.getText(), /optimizer\.zero_grad\(\)/);
      await notebook.save();
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsFor, extension, waitFor, workspaceFile } from './helpers';

const RULES = ['missing-zero-grad', 'activation-after-final-linear', 'scheduler-step-placement', 'train-loader-no-shuffle', 'missing-normalize'];

const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/**
 * The quick-fixes VS Code's light bulb offers on a diagnostic's range (the command does not carry the actions'
 * diagnostics back, so they are told apart by their titles, which name the rule).
 */
async function quickFixes(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
  return actions ?? [];
}

suite('Python linter', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    await extension();
    uri = workspaceFile('lint', 'buggy_train.py');
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a buggy training script shows all five diagnostics, with codes that link to the shipped docs', async () => {
    const ds = await diagnosticsFor(uri, d => RULES.every(r => d.some(x => ruleOf(x) === r)), 'the five train-doctor diagnostics');
    assert.deepEqual(ds.map(ruleOf).sort(), [...RULES].sort());
    for (const d of ds) {
      assert.equal(d.source, 'train-doctor');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      const code = d.code as { value: string; target: vscode.Uri };
      assert.match(code.target.path, new RegExp(`/media/docs/rules/${code.value}\\.md$`));
      const stat = await vscode.workspace.fs.stat(code.target);
      assert.ok(stat.size > 500, `${code.target.toString()} is shipped`);
    }
    const zero = ds.find(d => ruleOf(d) === 'missing-zero-grad')!;
    assert.equal(doc.getText(zero.range), 'optimizer.step()');
    assert.ok(zero.relatedInformation?.some(r => doc.getText(r.location.range) === 'loss.backward()'));
    const act = ds.find(d => ruleOf(d) === 'activation-after-final-linear')!;
    assert.equal(doc.getText(act.range), 'nn.Softmax(dim=1)');
    assert.ok(act.relatedInformation?.some(r => doc.getText(r.location.range) === 'nn.CrossEntropyLoss()'));
  });

  for (const rule of RULES) {
    test(`the quick-fix of ${rule} removes its diagnostic`, async () => {
      const ds = await diagnosticsFor(uri, d => d.some(x => ruleOf(x) === rule), `a ${rule} diagnostic`);
      const d = ds.find(x => ruleOf(x) === rule)!;
      const actions = await quickFixes(uri, d);
      const titles = actions.map(a => a.title);
      assert.ok(titles.includes(`Disable ${rule} for this line`), titles.join(' | '));
      assert.ok(titles.includes(`Show documentation for ${rule}`), titles.join(' | '));
      const fix = actions.find(a => a.edit && !a.title.startsWith('Disable ') && !a.title.startsWith('Show documentation'));
      assert.equal(fix?.isPreferred ?? false, rule !== 'activation-after-final-linear' && rule !== 'missing-normalize', 'preferred only when safe');
      assert.ok(fix, `no fix among: ${titles.join(' | ')}`);
      const others = ds.filter(x => ruleOf(x) !== rule).length;
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      const after = await diagnosticsFor(uri, x => !x.some(y => ruleOf(y) === rule), `${rule} to disappear after its fix`);
      assert.equal(after.length, others, 'the other diagnostics stay');
    });
  }

  test('"Disable for this line" and "fix all" work on a fresh copy of the bugs', async () => {
    // undo every fix: back to the five bugs
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const reset = new vscode.WorkspaceEdit();
    reset.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(reset));
    assert.equal(doc.getText(), original);
    const ds = await diagnosticsFor(uri, d => d.length === 5, 'the five diagnostics again').catch((e: Error) => {
      const now = vscode.languages.getDiagnostics(uri).map(d => `${ruleOf(d)}@${d.range.start.line + 1}`);
      throw new Error(`${e.message}; diagnostics now: ${now.join(', ')}`);
    });
    const shuffle = ds.find(d => ruleOf(d) === 'train-loader-no-shuffle')!;
    const disable = (await quickFixes(uri, shuffle)).find(a => a.title === 'Disable train-loader-no-shuffle for this line')!;
    assert.ok(await vscode.workspace.applyEdit(disable.edit!));
    await diagnosticsFor(uri, d => d.length === 4 && !d.some(x => ruleOf(x) === 'train-loader-no-shuffle'), 'the disabled diagnostic to go');
    assert.match(doc.lineAt(shuffle.range.start.line).text, /# train-doctor: disable=train-loader-no-shuffle$/);
    // fix-all applies the safe fixes only: zero_grad and the scheduler; softmax and normalize need a person
    const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.train-doctor');
    assert.equal(all?.length, 1);
    assert.ok(await vscode.workspace.applyEdit(all![0]!.edit!));
    const left = await diagnosticsFor(uri, d => d.length === 2, 'only the unsafe findings to remain');
    assert.deepEqual(left.map(ruleOf).sort(), ['activation-after-final-linear', 'missing-normalize']);
  });

  test('registers the lint commands it contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of ['trainDoctor.lint.showRuleDocumentation', 'trainDoctor.lint.fixAll']) assert.ok(registered.has(c), c);
  });

  test('"Show documentation" opens the rule\'s doc', async () => {
    await vscode.commands.executeCommand('trainDoctor.lint.showRuleDocumentation', 'missing-zero-grad');
    const opened = () => vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => /missing-zero-grad/.test(t.label));
    await waitFor(vscode.window.tabGroups.onDidChangeTabs, () => (opened() ? true : undefined), 'the doc tab');
  });
});

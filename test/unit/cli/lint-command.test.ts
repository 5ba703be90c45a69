import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import type { LintJson } from '../../../src/cli/lint-command';

const root = path.resolve(__dirname, '../../../..');
const scripts = path.join(root, 'test/fixtures/lint/scripts');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => (out += t + '\n'), err: t => (err += t + '\n') });
  return { code, out, err };
}

describe('train-doctor lint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'td-lint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--format json: the shape fixed by the foundation issue, 1-based UTF-16 columns, exit 1', async () => {
    const file = path.join(scripts, 'kaggle-notebook-export.py');
    const r = await run('lint', file, '--format', 'json', '--no-config');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as LintJson[];
    assert.deepEqual(json.map(f => `${f.rule}@${f.line}:${f.column}`), [
      'missing-normalize@38:26', 'missing-normalize@39:26', 'train-loader-no-shuffle@40:12', 'missing-zero-grad@82:9', 'missing-normalize@99:19',
    ]);
    const zero = json[3]!;
    assert.deepEqual(Object.keys(zero), ['file', 'rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'related', 'fix']);
    assert.equal(zero.file, file);
    assert.equal(zero.severity, 'warning');
    assert.deepEqual([zero.endLine, zero.endColumn], [82, 30]);
    assert.deepEqual(zero.related.map(x => [x.file, x.line, x.column]), [[file, 81, 9], [file, 83, 9]]);
    assert.deepEqual(zero.fix, {
      title: 'Move `optimizer.zero_grad()` before `loss.backward()`',
      safe: true,
      edits: [
        { line: 82, column: 1, endLine: 83, endColumn: 1, newText: '' },
        { line: 81, column: 1, endLine: 81, endColumn: 1, newText: '        optimizer.zero_grad()\n' },
      ],
    });
    assert.equal(json[2]!.fix?.edits[0]?.newText, ', shuffle=True');
  });

  it('exit 0 and no findings on a clean script', async () => {
    const r = await run('lint', path.join(scripts, 'examples-mnist-clean.py'), '--format', 'json', '--no-config');
    assert.equal(r.code, 0);
    assert.equal(r.out.trim(), '[]');
  });

  it('text format: file:line:col, related notes, fix hints, summary', async () => {
    const r = await run('lint', path.join(scripts, 'research-cifar-argparse.py'), '--no-config');
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0]!, /research-cifar-argparse\.py:64:15: warning \[activation-after-final-linear\] `F\.relu` is applied/);
    assert.ok(lines.some(l => / {2}fix \(unsafe\): Remove the ReLU/.test(l)));
    assert.match(lines.at(-1)!, /^2 problems \(1 fixable with --fix\)$/);
  });

  it('--format sarif: SARIF 2.1.0 with rules, regions, related locations and fixes', async () => {
    const file = path.join(scripts, 'tutorial-transfer-learning.py');
    const r = await run('lint', file, '--format', 'sarif', '--no-config');
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'train-doctor');
    assert.deepEqual(run0.tool.driver.rules.map((x: { id: string }) => x.id), ['missing-zero-grad', 'activation-after-final-linear', 'scheduler-step-placement', 'train-loader-no-shuffle', 'missing-normalize']);
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    assert.equal(run0.results.length, 5);
    const zero = run0.results.find((x: { ruleId: string }) => x.ruleId === 'missing-zero-grad');
    assert.equal(zero.ruleIndex, 0);
    assert.equal(zero.level, 'warning');
    assert.deepEqual(zero.locations[0].physicalLocation.region, { startLine: 61, startColumn: 13, endLine: 61, endColumn: 29 });
    assert.match(zero.locations[0].physicalLocation.artifactLocation.uri, /tutorial-transfer-learning\.py$/);
    assert.equal(zero.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '            optimizer.zero_grad()\n');
    assert.ok(zero.relatedLocations.length >= 1);
  });

  it('--fix applies the safe fixes and writes the file; --unsafe-fixes applies the rest', async () => {
    const file = path.join(dir, 'train.py');
    copyFileSync(path.join(scripts, 'tutorial-transfer-learning.py'), file);
    const r = await run('lint', file, '--fix', '--no-config');
    assert.equal(r.code, 1, 'unsafe findings remain');
    assert.match(r.out, /fixed 3 problems/);
    const fixed = readFileSync(file, 'utf8');
    assert.match(fixed, /optimizer\.zero_grad\(\)\n {12}loss\.backward\(\)/);
    assert.match(fixed, /num_workers=4, shuffle=True\)/);
    const left = JSON.parse((await run('lint', file, '--format', 'json', '--no-config')).out) as LintJson[];
    assert.deepEqual(left.map(f => f.rule), ['missing-normalize', 'activation-after-final-linear']);
    const all = await run('lint', file, '--fix', '--unsafe-fixes', '--no-config');
    assert.equal(all.code, 0);
    assert.equal((await run('lint', file, '--no-config')).code, 0);
  });

  it('--fix keeps CRLF line endings and a byte-order mark', async () => {
    const file = path.join(dir, 'crlf.py');
    writeFileSync(file, '\uFEFFfor x, y in train_loader:\r\n    loss = criterion(model(x), y)\r\n    loss.backward()\r\n    optimizer.step()\r\n');
    assert.equal((await run('lint', file, '--fix', '--no-config')).code, 0);
    assert.equal(readFileSync(file, 'utf8'), '\uFEFFfor x, y in train_loader:\r\n    loss = criterion(model(x), y)\r\n    optimizer.zero_grad()\r\n    loss.backward()\r\n    optimizer.step()\r\n');
  });

  it('honours [tool.train-doctor] in the nearest pyproject.toml', async () => {
    copyFileSync(path.join(scripts, 'research-cifar-argparse.py'), path.join(dir, 'train.py'));
    writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.train-doctor]\ndisable = ["activation-after-final-linear"]\n[tool.train-doctor.severity]\nscheduler-step-placement = "error"\n');
    const r = await run('lint', path.join(dir, 'train.py'), '--format', 'json');
    assert.deepEqual((JSON.parse(r.out) as LintJson[]).map(f => [f.rule, f.severity]), [['scheduler-step-placement', 'error']]);
  });

  it('exit 2 on an unreadable or binary file, still linting the others', async () => {
    const bin = path.join(dir, 'model.py');
    writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    const r = await run('lint', path.join(dir, 'missing.py'), bin, path.join(scripts, 'kaggle-notebook-export.py'), '--format', 'json', '--no-config');
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read .*missing\.py: no such file or directory/);
    assert.match(r.err, /cannot read .*model\.py: it looks binary/);
    assert.equal((JSON.parse(r.out) as LintJson[]).length, 5);
  });

  it('a Jupyter notebook: its code cells as one module, each finding in its cell (all cells counted, 1-based)', async () => {
    const nb = path.join(root, 'test/fixtures/lint/notebooks/digits-training.ipynb');
    const text = await run('lint', nb, '--no-config');
    assert.equal(text.code, 1);
    assert.match(text.out, /digits-training\.ipynb:cell 5:5:5: warning \[activation-after-final-linear\]/);
    assert.match(text.out, /digits-training\.ipynb:cell 6:8:9: warning \[missing-zero-grad\]/);
    const json = JSON.parse((await run('lint', nb, '--format', 'json', '--no-config')).out) as LintJson[];
    assert.deepEqual(json.map(f => [f.rule, f.cell, f.line, f.column]), [['activation-after-final-linear', 5, 5, 5], ['missing-zero-grad', 6, 8, 9]]);
    assert.deepEqual(json[0]!.related.map(x => [x.cell, x.line]), [[5, 7]]);
    const sarif = JSON.parse((await run('lint', nb, '--format', 'sarif', '--no-config')).out) as { runs: { results: { properties?: { cell: number }; fixes?: unknown }[] }[] };
    assert.deepEqual(sarif.runs[0]!.results.map(r => [r.properties?.cell, r.fixes]), [[5, undefined], [6, undefined]]);
  });

  it('--fix leaves a notebook as it is and says so; a notebook of another language is refused', async () => {
    const nb = path.join(dir, 'train.ipynb');
    copyFileSync(path.join(root, 'test/fixtures/lint/notebooks/digits-training.ipynb'), nb);
    const before = readFileSync(nb, 'utf8');
    const r = await run('lint', nb, '--fix', '--no-config');
    assert.equal(r.code, 1);
    assert.equal(readFileSync(nb, 'utf8'), before);
    assert.match(r.err, /--fix does not change notebooks/);
    const rnb = path.join(dir, 'analysis.ipynb');
    writeFileSync(rnb, JSON.stringify({ cells: [{ cell_type: 'code', source: ['x <- 1'] }], metadata: { language_info: { name: 'R' } }, nbformat: 4, nbformat_minor: 5 }));
    const refused = await run('lint', rnb, '--no-config');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /cannot read .*analysis\.ipynb: not a Python notebook \(its language is R\)/);
    writeFileSync(rnb, '{"cells": [');
    assert.match((await run('lint', rnb, '--no-config')).err, /cannot read .*analysis\.ipynb/);
  });

  it('exit 2 on bad usage', async () => {
    assert.equal((await run('lint')).code, 2);
    assert.equal((await run('lint', 'x.py', '--format', 'xml')).code, 2);
    assert.equal((await run('lint', 'x.py', '--bogus')).code, 2);
  });

  it('a file with syntax errors is still linted, with a note', async () => {
    const file = path.join(dir, 'broken.py');
    writeFileSync(file, 'def broken(:\n    pass\n\nfor x, y in loader:\n    criterion(model(x), y).backward()\n    optimizer.step()\n');
    const r = await run('lint', file, '--format', 'json', '--no-config');
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.out) as LintJson[]).map(f => f.rule), ['missing-zero-grad']);
    assert.match(r.err, /has syntax errors; the rules ran on the parts that parse/);
  });

  it('the bundled dist/cli.js loads the grammar from dist/ and lints', function () {
    this.timeout(30000);
    const cli = path.join(root, 'dist/cli.js');
    const r = spawnSync(process.execPath, [cli, 'lint', path.join(scripts, 'tutorial-transfer-learning.py'), '--format', 'json', '--no-config'], { encoding: 'utf8', cwd: os.tmpdir() });
    assert.equal(r.status, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as LintJson[]).length, 5);
  });
});

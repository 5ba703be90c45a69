import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnoseCommand, type ScriptAnalyzer } from '../../../src/cli/diagnose-command';
import type { CliIo } from '../../../src/cli/usage';
import { facts, lint, RUNS, at } from './helpers';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: t => stdout.push(t), err: t => stderr.push(t) };
}

/** Stands in for the linter with what it reports on the fixture's train.py (the end-to-end test runs the real one). */
const analyze: ScriptAnalyzer = async source => {
  const hasLoop = source.includes('.backward()');
  return {
    findings: source.includes('nn.Softmax(dim=1)') ? [lint('activation-after-final-linear', 31)] : [],
    facts: facts({ hasTrainingLoop: hasLoop, numClasses: { value: 10, at: at(30, 'nn.Linear(64, 10),') } }),
  };
};

const log = (name: string) => path.join(RUNS, name, 'train.log');

describe('train-doctor diagnose', () => {
  it('JSON output, script given with --script, exit 0 without --fail-on', async () => {
    const o = io();
    const code = await diagnoseCommand([log('softmax-before-cross-entropy'), '--script', path.join(RUNS, 'softmax-before-cross-entropy', 'train.py'), '--format', 'json'], o, analyze);
    assert.equal(code, 0);
    const json = JSON.parse(o.stdout.join('\n'));
    assert.equal(json.findings[0].symptom, 'double-activation-floor');
    assert.equal(json.findings[0].causes[0].line, 31);
  });

  it('--fail-on sets exit 1 when a finding at or above that severity exists', async () => {
    assert.equal(await diagnoseCommand([log('lr-too-high-nan'), '--fail-on', 'error', '--no-script'], io(), analyze), 1);
    assert.equal(await diagnoseCommand([log('softmax-before-cross-entropy'), '--fail-on', 'error', '--no-script'], io(), analyze), 0);
    assert.equal(await diagnoseCommand([log('softmax-before-cross-entropy'), '--fail-on', 'warning', '--no-script'], io(), analyze), 1);
    assert.equal(await diagnoseCommand([log('healthy-digits-mlp'), '--fail-on', 'warning', '--no-script'], io(), analyze), 0);
    assert.equal(await diagnoseCommand([log('healthy-digits-mlp'), '--fail-on', 'info', '--no-script'], io(), analyze), 1);
  });

  it('finds the script next to the log when none is given', async () => {
    const o = io();
    await diagnoseCommand([log('softmax-before-cross-entropy'), '--format', 'json'], o, analyze);
    const json = JSON.parse(o.stdout.join('\n'));
    assert.equal(path.resolve(json.script), path.join(RUNS, 'softmax-before-cross-entropy', 'train.py'));
  });

  it('a folder without a training script gives a curve-only diagnosis', async () => {
    // The search looks in the log's folder, its parent and grandparent: all three are ours here.
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'td-diag-')), 'runs', 'exp1');
    mkdirSync(dir, { recursive: true });
    copyFileSync(log('healthy-digits-mlp'), path.join(dir, 'run.log'));
    writeFileSync(path.join(dir, 'plot.py'), 'import matplotlib\n');
    const o = io();
    await diagnoseCommand([path.join(dir, 'run.log')], o, analyze);
    assert.match(o.stdout.join('\n'), /curves only: no training script found/);
  });

  it('an unreadable log or script is exit 2 with a message', async () => {
    const o = io();
    assert.equal(await diagnoseCommand(['/nonexistent/train.log'], o, analyze), 2);
    assert.match(o.stderr.join('\n'), /cannot read \/nonexistent\/train\.log/);
    const o2 = io();
    assert.equal(await diagnoseCommand([log('healthy-digits-mlp'), '--script', '/nonexistent/train.py'], o2, analyze), 2);
    assert.match(o2.stderr.join('\n'), /cannot read \/nonexistent\/train\.py/);
  });

  it('bad usage throws a UsageError (exit 2 through main)', async () => {
    for (const args of [[], ['a.log', 'b.log'], [log('healthy-digits-mlp'), '--format', 'xml'], [log('healthy-digits-mlp'), '--fail-on', 'fatal'], [log('healthy-digits-mlp'), '--lang', 'xx']]) {
      await assert.rejects(diagnoseCommand(args, io(), analyze), (e: Error) => e.constructor.name === 'UsageError', args.join(' '));
    }
  });

  it('--lang de writes the report in German', async () => {
    const o = io();
    await diagnoseCommand([log('lr-too-high-nan'), '--no-script', '--lang', 'de'], o, analyze);
    assert.match(o.stdout.join('\n'), /Verlust|Epoche/);
  });
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/usage';
import type { DiagnosisJson } from '../../../src/core/diagnose/report-json';
import { ROOT, RUNS } from './helpers';

/**
 * End to end with the real linter: `train-doctor diagnose <log>` finds the fixture's train.py next to the log,
 * lints it with tree-sitter, reads its facts, and ranks the lines the curves point at.
 */
async function diagnoseJson(log: string, ...args: string[]): Promise<{ code: number; json: DiagnosisJson }> {
  const out: string[] = [];
  const io: CliIo = { out: t => out.push(t), err: t => out.push(t) };
  const code = await main(['diagnose', log, '--format', 'json', ...args], io);
  return { code, json: JSON.parse(out.join('\n')) as DiagnosisJson };
}

const cause = (j: DiagnosisJson, symptom: string) => {
  const f = j.findings.find(x => x.symptom === symptom);
  assert.ok(f, `${symptom} in ${j.findings.map(x => x.symptom).join(', ')}`);
  return f.causes.map(c => [c.rule, c.line, c.text]);
};

describe('diagnose end to end, with the real linter', () => {
  const run = (name: string) => path.join(RUNS, name, 'train.log');

  it('softmax before CrossEntropyLoss: the nn.Softmax line, then the loss, K from the final Linear', async () => {
    const { code, json } = await diagnoseJson(run('softmax-before-cross-entropy'));
    assert.equal(code, 0);
    assert.equal(path.resolve(json.script!), path.join(RUNS, 'softmax-before-cross-entropy', 'train.py'));
    assert.deepEqual(cause(json, 'double-activation-floor').slice(0, 2), [
      ['activation-after-final-linear', 31, 'nn.Softmax(dim=1),'],
      [null, 33, 'criterion = nn.CrossEntropyLoss()'],
    ]);
    assert.match(String(json.findings[0]!.evidence['classesFrom']), /train\.py:30 nn\.Linear\(64, 10\)/);
  });

  it('missing zero_grad: the optimizer.step() line first', async () => {
    const { json } = await diagnoseJson(run('missing-zero-grad'));
    assert.deepEqual(cause(json, 'both-rising')[0], ['missing-zero-grad', 45, 'optimizer.step()']);
  });

  it('scheduler stepped per batch: the scheduler.step() line, then the StepLR line', async () => {
    const { json } = await diagnoseJson(run('scheduler-stepped-per-batch'));
    assert.deepEqual(cause(json, 'lr-collapsed').slice(0, 2).map(c => [c[0], c[1]]), [['scheduler-step-placement', 41], [null, 26]]);
  });

  it('StepLR(step_size=10) ↔ the epochs where LR and loss drop', async () => {
    const { json } = await diagnoseJson(run('steplr-healthy'));
    const why = json.findings.find(f => f.symptom === 'lr-schedule-effect')!.causes[0]!.why;
    assert.match(why, /StepLR\(step_size=10, gamma=0\.1\).*epoch 10, 20/);
  });

  it('ReLU on the logits: learning reversed, the learning rate and the ReLU line', async () => {
    const { json } = await diagnoseJson(run('relu-on-logits'));
    assert.deepEqual(cause(json, 'learning-reversed').slice(0, 2).map(c => c[1]), [37, 24]);
  });

  it('raw pixels into Sigmoid + BCELoss: missing-normalize, then the Sigmoid/BCELoss pair', async () => {
    const { json } = await diagnoseJson(run('raw-pixels-sigmoid-bce'));
    const c = cause(json, 'loss-clamped');
    assert.equal(c[0]![0], 'missing-normalize');
    assert.ok(c.some(x => x[0] === null && x[1] === 24), JSON.stringify(c));
  });

  it('dropout explains validation below training; no model.eval() explains the noisy validation', async () => {
    const a = await diagnoseJson(run('dropout-val-below-train'));
    assert.deepEqual(cause(a.json, 'val-below-train').map(c => c[1]), [24, 25]);
    const b = await diagnoseJson(run('no-eval-small-val'));
    assert.match(b.json.findings.find(f => f.symptom === 'noisy-validation')!.causes[0]!.why, /model\.eval\(\) is never called/);
    // with dropout on in both phases, dropout is not why validation sits below training
    assert.deepEqual(cause(b.json, 'val-below-train'), []);
  });

  it('a bug the curves do not show still reaches the report as a code-finding', async () => {
    const { json } = await diagnoseJson(run('no-shuffle-sorted-labels'));
    assert.deepEqual(cause(json, 'code-finding'), [['train-loader-no-shuffle', 24, 'train_loader = DataLoader(train_dataset, batch_size=64)']]);
  });

  it('the examples workspace: the log in logs/ finds train.py one folder up', async () => {
    const { json } = await diagnoseJson(path.join(ROOT, 'examples', 'logs', 'train.log'));
    assert.equal(path.resolve(json.script!), path.join(ROOT, 'examples', 'train.py'));
    assert.deepEqual(cause(json, 'double-activation-floor')[0]!.slice(0, 2), ['activation-after-final-linear', 45]);
    assert.deepEqual(cause(json, 'code-finding')[0]!.slice(0, 2), ['train-loader-no-shuffle', 31]);
  });

  it('the examples workspace: a Keras-CSVLogger history next to its script, per-batch ExponentialLR', async () => {
    const { json } = await diagnoseJson(path.join(ROOT, 'examples', 'scheduler-bug', 'history.csv'));
    assert.equal(json.format, 'keras-csvlogger');
    assert.equal(path.resolve(json.script!), path.join(ROOT, 'examples', 'scheduler-bug', 'fit.py'));
    assert.deepEqual(cause(json, 'lr-collapsed').map(c => [c[0], c[1]]), [['scheduler-step-placement', 59], [null, 31]]);
  });

  it('the examples workspace: free-form Epoch [i/N] lines with percent accuracies, a tiny training set', async () => {
    const { json } = await diagnoseJson(path.join(ROOT, 'examples', 'overfit', 'train.out'));
    assert.deepEqual(json.findings.map(f => f.symptom).sort(), ['generalization-gap', 'overfitting']);
    const over = json.findings.find(f => f.symptom === 'overfitting')!;
    assert.equal(over.evidence['bestEpoch'], 14);
    assert.match(json.findings.find(f => f.symptom === 'generalization-gap')!.title, /100% vs Val Acc 87\.8%/);
  });

  it('--fail-on warning fails the CI step on a warning; --no-script gives the curve-only diagnosis', async () => {
    assert.equal((await diagnoseJson(run('softmax-before-cross-entropy'), '--fail-on', 'warning')).code, 1);
    const { json } = await diagnoseJson(run('softmax-before-cross-entropy'), '--no-script');
    assert.equal(json.script, null);
    assert.ok(json.findings.every(f => f.causes.length === 0));
  });

  it('bad usage and unreadable logs are exit 2', async () => {
    const io: CliIo = { out: () => undefined, err: () => undefined };
    assert.equal(await main(['diagnose'], io), 2);
    assert.equal(await main(['diagnose', run('healthy-digits-mlp'), '--format', 'yaml'], io), 2);
    assert.equal(await main(['diagnose', '/nonexistent.log'], io), 2);
  });
});

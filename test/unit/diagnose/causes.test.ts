import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { lrLevel } from '../../../src/core/diagnose/causes';
import type { Run } from '../../../src/core/run/model';
import { at, fixtureRun, lint, RUNS, script } from './helpers';

/**
 * Joining curves and code on the trained fixture runs. The script facts and lint findings here are what the
 * linter reports on each fixture's train.py (same lines); the end-to-end test runs the real analyser.
 */
function src(name: string): string {
  return readFileSync(path.join(RUNS, name, 'train.py'), 'utf8');
}

function finding(name: string, symptom: string, s: ReturnType<typeof script>, run: Run = fixtureRun(name)) {
  const d = diagnose(run, { script: s });
  const f = d.findings.find(x => x.symptom === symptom);
  assert.ok(f, `${name}: no ${symptom} in ${d.findings.map(x => x.symptom).join(', ')}`);
  return { d, f };
}

describe('causes: joining curves and the training script', () => {
  it('double-activation-floor + activation-after-final-linear: the Softmax line first, K from the final Linear', () => {
    const name = 'softmax-before-cross-entropy';
    const s = script(src(name), {
      numClasses: { value: 10, at: at(30, 'nn.Linear(64, 10),') },
      finalActivation: { value: 'Softmax', at: at(31, 'nn.Softmax(dim=1),') },
      loss: { value: 'CrossEntropyLoss', at: at(33, 'criterion = nn.CrossEntropyLoss()') },
    }, [lint('activation-after-final-linear', 31)]);
    const { d, f } = finding(name, 'double-activation-floor', s);
    assert.equal(f.causes[0]!.line, 31);
    assert.equal(f.causes[0]!.rule, 'activation-after-final-linear');
    assert.equal(f.causes[0]!.text, 'nn.Softmax(dim=1),');
    assert.match(f.causes[0]!.why, /Softmax/);
    assert.equal(f.evidence['classes'], 10);
    assert.match(String(f.evidence['classesFrom']), /train\.py:30 nn\.Linear\(64, 10\)/);
    // The lint finding is explained by a symptom: it is not repeated as a code-finding.
    assert.equal(d.findings.filter(x => x.symptom === 'code-finding').length, 0);
  });

  it('both-rising (a diverging loss) + missing-zero-grad: the optimizer.step() line first', () => {
    const name = 'missing-zero-grad';
    const s = script(src(name), { optimizer: { value: 'SGD', lr: 0.001, weightDecay: null, momentum: 0.9, at: at(26, 'optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)') } },
      [lint('missing-zero-grad', 45)]);
    const { f } = finding(name, 'both-rising', s);
    assert.deepEqual([f.causes[0]!.rule, f.causes[0]!.line, f.causes[0]!.text], ['missing-zero-grad', 45, 'optimizer.step()']);
    // lr 1e-3 with momentum 0.9 is an ordinary SGD setting: not blamed.
    assert.ok(!f.causes.some(c => c.line === 26 && /learning rate/.test(c.why)));
  });

  it('lr-collapsed + scheduler-step-placement: the scheduler.step() line first, then the scheduler', () => {
    const name = 'scheduler-stepped-per-batch';
    const s = script(src(name), {
      scheduler: { value: 'StepLR', params: { step_size: 10, gamma: 0.5 }, steppedPer: 'batch', stepAt: at(41, 'scheduler.step()'), at: at(26, 'scheduler = lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)') },
    }, [lint('scheduler-step-placement', 41)]);
    const { f } = finding(name, 'lr-collapsed', s);
    assert.deepEqual(f.causes.map(c => [c.rule, c.line]), [['scheduler-step-placement', 41], [null, 26]]);
    assert.match(f.causes[1]!.why, /StepLR/);
  });

  it('lr-schedule-effect: StepLR(step_size=10) ↔ the epochs where LR and loss drop', () => {
    const name = 'steplr-healthy';
    const s = script(src(name), {
      scheduler: { value: 'StepLR', params: { step_size: 10, gamma: 0.1 }, steppedPer: 'epoch', stepAt: at(71, 'scheduler.step()'), at: at(33, 'exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=10, gamma=0.1)') },
    });
    const { f } = finding(name, 'lr-schedule-effect', s);
    assert.equal(f.causes[0]!.line, 33);
    assert.match(f.causes[0]!.why, /StepLR\(step_size=10, gamma=0.1\).*epoch 10, 20/);
    assert.deepEqual(f.marker!.points, [10, 20]);
  });

  it('lr-schedule-effect without an LR series: drops predicted from the script\'s StepLR', () => {
    const name = 'steplr-healthy';
    const full = fixtureRun(name);
    const run: Run = { ...full, series: full.series.filter(x => x.metric !== 'lr') };
    const scriptWith = script(src(name), {
      scheduler: { value: 'StepLR', params: { step_size: 10, gamma: 0.1 }, steppedPer: 'epoch', stepAt: null, at: at(33, 'exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=10, gamma=0.1)') },
    });
    const { f } = finding(name, 'lr-schedule-effect', scriptWith, run);
    assert.deepEqual(f.evidence['source'], 'script scheduler');
    assert.deepEqual(f.marker!.points, [10, 20]);
    // Without the script there is nothing to line the steps up with.
    const curveOnly = diagnose(run);
    assert.ok(!curveOnly.findings.some(x => x.symptom === 'lr-schedule-effect'));
    assert.ok(curveOnly.skipped.some(x => x.symptom === 'lr-schedule-effect'));
  });

  it('val-below-train + dropout: the dropout lines are the reasons', () => {
    const name = 'dropout-val-below-train';
    const s = script(src(name), {
      dropout: [{ value: 0.5, at: at(24, 'nn.Linear(40, 128), nn.ReLU(), nn.Dropout(0.5),') }, { value: 0.5, at: at(25, 'nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.5),') }],
      optimizer: { value: 'Adam', lr: 1e-3, weightDecay: null, momentum: null, at: at(29, 'optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)') },
      evalMode: at(40, 'model.eval()'),
    });
    const { f } = finding(name, 'val-below-train', s);
    assert.deepEqual(f.causes.map(c => c.line), [24, 25]);
    assert.match(f.causes[0]!.why, /dropout \(p=0.5\)/);
  });

  it('noisy-validation + no model.eval(): the dropout that stays on while validating', () => {
    const name = 'no-eval-small-val';
    const s = script(src(name), { dropout: [{ value: 0.5, at: at(24, 'nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.5),') }], evalMode: null });
    const { f } = finding(name, 'noisy-validation', s);
    assert.equal(f.causes[0]!.line, 24);
    assert.match(f.causes[0]!.why, /model\.eval\(\) is never called/);
    assert.equal(f.evidence['validationExamplesEstimate'], 60);
  });

  it('loss-clamped: unnormalised raw pixels first, then Sigmoid + BCELoss', () => {
    const name = 'raw-pixels-sigmoid-bce';
    const s = script(src(name), {
      finalActivation: { value: 'Sigmoid', at: at(24, 'model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())') },
      loss: { value: 'BCELoss', at: at(25, 'criterion = nn.BCELoss()') },
      numClasses: { value: 1, at: at(24, 'model = ...') },
    }, [lint('missing-normalize', 19)]);
    const { f } = finding(name, 'loss-clamped', s);
    assert.deepEqual(f.causes.slice(0, 2).map(c => [c.rule, c.line]), [['missing-normalize', 19], [null, 24]]);
    assert.match(f.causes[1]!.why, /BCEWithLogitsLoss/);
  });

  it('learning-reversed + ReLU on the logits and a very high SGD learning rate', () => {
    const name = 'relu-on-logits';
    const s = script(src(name), {
      optimizer: { value: 'SGD', lr: 0.5, weightDecay: null, momentum: 0.9, at: at(37, 'optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)') },
      finalActivation: { value: 'ReLU', at: at(24, 'return F.relu(self.fc2(x))') },
      numClasses: { value: 10, at: at(20, 'self.fc2 = nn.Linear(128, num_classes)') },
    }, [lint('activation-after-final-linear', 24)]);
    const { f } = finding(name, 'learning-reversed', s);
    assert.deepEqual(f.causes.slice(0, 2).map(c => c.line), [37, 24]);
  });

  it('loss-at-chance with K from the script says where K comes from', () => {
    const name = 'deep-sigmoid-stuck-at-chance';
    const s = script(src(name), { numClasses: { value: 10, at: at(30, 'layers.append(nn.Linear(64, 10))') } });
    const { f } = finding(name, 'loss-at-chance', s);
    assert.equal(f.evidence['classesFrom'], 'train.py:30 layers.append(nn.Linear(64, 10))');
    assert.doesNotMatch(f.explanation, /inferred/);
    const guessed = diagnose(fixtureRun(name)).findings.find(x => x.symptom === 'loss-at-chance')!;
    assert.equal(guessed.evidence['classesFrom'], 'loss level');
    assert.match(guessed.explanation, /inferred from the loss itself/);
  });

  it('a lint finding no symptom explains is reported as code-finding with the rule as its cause', () => {
    const name = 'no-shuffle-sorted-labels';
    const s = script(src(name), { trainShuffle: { value: false, at: at(24, 'train_loader = DataLoader(train_dataset, batch_size=64)') } },
      [lint('train-loader-no-shuffle', 24, 'the training DataLoader does not shuffle')]);
    const d = diagnose(fixtureRun(name), { script: s });
    const code = d.findings.filter(x => x.symptom === 'code-finding');
    assert.equal(code.length, 1);
    assert.deepEqual(code[0]!.causes, [{ rule: 'train-loader-no-shuffle', file: 'train.py', line: 24, text: 'train_loader = DataLoader(train_dataset, batch_size=64)', why: 'train-loader-no-shuffle: the training DataLoader does not shuffle' }]);
    assert.equal(code[0]!.segment, null);
    assert.equal(code[0]!.logLines, null);
    assert.ok(d.findings.some(x => x.symptom === 'healthy'));
  });

  it('no script: curve-only, no causes, script null', () => {
    const d = diagnose(fixtureRun('missing-zero-grad'));
    assert.equal(d.script, null);
    assert.ok(d.findings.every(f => f.causes.length === 0));
  });

  it('every cause says why it is listed, with its placeholders filled', () => {
    const name = 'relu-on-logits-plateau';
    const s = script(src(name), {
      optimizer: { value: 'SGD', lr: 2.0, weightDecay: null, momentum: null, at: at(37, 'optimizer = torch.optim.SGD(model.parameters(), lr=2.0)') },
      finalActivation: { value: 'ReLU', at: at(24, 'return F.relu(self.fc2(x))') },
    }, [lint('activation-after-final-linear', 24)]);
    const { f } = finding(name, 'plateau', s);
    assert.deepEqual(f.causes.map(c => c.line), [24, 37]);
    for (const c of f.causes) {
      assert.ok(c.why.length > 20);
      assert.doesNotMatch(c.why, /\{\w+\}/);
    }
  });
});

describe('learning-rate judgement', () => {
  const cases: [string, number, number | null, string | null][] = [
    ['Adam', 1e-3, null, 'normal'],
    ['AdamW', 3e-4, null, 'normal'],
    ['Adam', 0.1, null, 'very-high'],
    ['Adam', 5e-3, null, 'high'],
    ['Adam', 1e-6, null, 'very-low'],
    ['SGD', 0.1, 0.9, 'normal'], // the classic ResNet recipe: effective step 1
    ['SGD', 0.5, 0.9, 'very-high'],
    ['SGD', 2.0, null, 'high'],
    ['SGD', 0.5, null, 'normal'],
    ['torch.optim.SGD', 1e-5, 0, 'very-low'],
    ['Adadelta', 1.0, null, null],
    ['LBFGS', 1, null, null],
  ];
  for (const [opt, lr, m, want] of cases) {
    it(`${opt}(lr=${lr}${m === null ? '' : `, momentum=${m}`}) → ${want}`, () => assert.equal(lrLevel(opt, lr, m), want));
  }
});

import assert from 'node:assert/strict';
import { extractScriptFacts } from '../../../src/core/lint/index';
import { fixture, loadAnalyzer, py } from './rule-tester';

describe('ScriptFacts', () => {
  it('reads the transfer-learning tutorial', async () => {
    const f = await extractScriptFacts(fixture('scripts/tutorial-transfer-learning.py'));
    assert.equal(f.hasTrainingLoop, true);
    assert.equal(f.loss?.value, 'CrossEntropyLoss');
    assert.deepEqual(f.loss?.at, { line: 107, column: 13, text: 'criterion = nn.CrossEntropyLoss()' });
    assert.equal(f.finalActivation?.value, 'Softmax');
    assert.equal(f.finalActivation?.at.line, 103);
    assert.deepEqual({ ...f.optimizer, at: undefined }, { value: 'SGD', at: undefined, lr: 0.001, weightDecay: null, momentum: 0.9 });
    assert.equal(f.scheduler?.value, 'StepLR');
    assert.deepEqual(f.scheduler?.params, { step_size: 7, gamma: 0.1 });
    assert.equal(f.scheduler?.steppedPer, 'batch');
    assert.equal(f.scheduler?.stepAt?.line, 62);
    assert.equal(f.batchSize?.value, 4);
    assert.deepEqual(f.trainShuffle && { value: f.trainShuffle.value, line: f.trainShuffle.at.line }, { value: false, line: 35 });
    assert.deepEqual(f.normalization && { value: f.normalization.value, line: f.normalization.at.line }, { value: false, line: 21 });
    assert.equal(f.epochs?.value, 25);
    assert.equal(f.evalMode?.line, 71);
    assert.equal(f.numClasses, null, 'len(class_names) is not a number in the file');
    assert.equal(f.gradClipping, null);
    assert.equal(f.mixedPrecision, null);
    assert.deepEqual(f.dropout, []);
  });

  it('reads the research repo: argparse defaults, MultiStepLR stepped per epoch, ReLU head', async () => {
    const f = await extractScriptFacts(fixture('scripts/research-cifar-argparse.py'));
    assert.equal(f.numClasses?.value, 10);
    assert.equal(f.optimizer?.lr, 0.1, 'lr=args.lr resolves to the --lr default');
    assert.equal(f.optimizer?.weightDecay, 0.0005);
    assert.equal(f.batchSize?.value, 128);
    assert.equal(f.epochs?.value, 200, '--epochs default');
    assert.equal(f.scheduler?.steppedPer, 'epoch');
    assert.deepEqual(f.scheduler?.params, { milestones: [100, 150], gamma: 0.1 });
    assert.equal(f.finalActivation?.value, 'ReLU');
    assert.equal(f.trainShuffle?.value, true);
    assert.equal(f.normalization?.value, true);
    assert.deepEqual(f.dropout.map(d => d.value), [0.5]);
  });

  it('reads AMP, clipping, accumulation and a per-batch warm-up schedule', async () => {
    const f = await extractScriptFacts(fixture('scripts/amp-accumulation-clean.py'));
    assert.equal(f.mixedPrecision?.line, 24, 'the GradScaler');
    assert.equal(f.gradClipping?.line, 47);
    assert.equal(f.scheduler?.value, 'get_cosine_schedule_with_warmup');
    assert.equal(f.scheduler?.steppedPer, 'batch');
    assert.deepEqual(f.scheduler?.params, { num_warmup_steps: 500 });
    assert.equal(f.optimizer?.value, 'AdamW');
    assert.equal(f.epochs?.value, 3);
    assert.equal(f.loss?.value, 'CrossEntropyLoss');
  });

  it('reads library-run training: Lightning and Hugging Face', async () => {
    const l = await extractScriptFacts(fixture('scripts/lightning-module.py'));
    assert.equal(l.hasTrainingLoop, true);
    assert.equal(l.epochs?.value, 5);
    assert.equal(l.scheduler?.steppedPer, 'batch', 'interval "step" in configure_optimizers');
    assert.equal(l.numClasses?.value, 10);
    assert.ok(l.gradClipping && l.mixedPrecision);
    const h = await extractScriptFacts(fixture('scripts/hf-trainer.py'));
    assert.equal(h.hasTrainingLoop, true);
    assert.equal(h.epochs?.value, 2);
    assert.equal(h.batchSize?.value, 16);
    assert.equal(h.mixedPrecision?.text, 'fp16=True,');
  });

  it('reads recursive functions whose loops call themselves (no endless recursion)', async () => {
    const a = await loadAnalyzer();
    const r = a.analyze(py`
      def walk(node):
          for child in node.children:
              walk(child)

      def train(loader):
          for x, y in loader:
              loss = criterion(model(x), y)
              loss.backward()
              optimizer.step()
              walk(model)
    `);
    assert.deepEqual(r.ruleErrors, []);
    assert.equal(r.facts.hasTrainingLoop, true);
    assert.deepEqual(r.findings.map(f => f.rule), ['missing-zero-grad']);
  });

  it('says "unknown" rather than guess', async () => {
    const f = await extractScriptFacts(py`
      import torch
      model = build()
      print(model)
    `);
    assert.deepEqual(f, {
      hasTrainingLoop: false, numClasses: null, loss: null, finalActivation: null, optimizer: null, scheduler: null,
      dropout: [], batchSize: null, trainShuffle: null, normalization: null, epochs: null, evalMode: null,
      gradClipping: null, mixedPrecision: null,
    });
  });
});

import assert from 'node:assert/strict';
import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { fixtureRun, runFrom } from '../helpers';

symptomTable('overfitting', {
  fires: [
    corpus('hf-trainer-state/byerenozer-whisper-finetune.json', { steps: [250, 1500], evidence: { bestStep: 250, bestValLoss: 0.219 } }), // MANIFEST: eval_loss 0.2190 (step 250) → 0.4016 while train loss falls
    corpus('keras-csvlogger/aitzaz-saleem-tomato-leaf.csv', { evidence: { bestEpoch: 18, bestValLoss: 0.2906 } }), // MANIFEST: val_loss drifts up after epoch 18
    corpus('keras-console/allegra42-belgian-traffic-sign-4models.txt', { evidence: { bestEpoch: 29 } }), // MANIFEST: CNN1's val_loss bottoms out mid-run and rises
    fx('hf-style-overfitting', { evidence: { bestValLoss: 0.481 } }),
    { ...fx('hf-style-overfitting'), name: 'fixture hf-style-overfitting/trainer_state.json (steps)', run: () => fixtureRun('hf-style-overfitting', 'trainer_state.json'), steps: [208, 768], evidence: { bestStep: 208 } },
    fx('tiny-dataset-overfitting', {
      severity: 'warning', epochs: [6, 59],
      evidence: { bestEpoch: 6, bestValLoss: 0.9506, finalValLoss: 1.0654 },
      check: f => assert.deepEqual(f.marker?.points, [6]),
    }),
    syn('Hugging Face-style steps: eval every 250 steps rises while training falls', () => runFrom({
      loss: [0.83, 0.5, 0.3, 0.25, 0.22, 0.2, 0.19, 0.18, 0.17, 0.16, 0.15, 0.14, 0.13, 0.12, 0.11, 0.1, 0.09, 0.085, 0.08, 0.075, 0.07, 0.065, 0.06, 0.055],
      eval_loss: [0.219, 0.25, 0.29, 0.33, 0.37, 0.40],
    }, { x: 'step', step: 62.5, start: 62.5, stepsPerEpoch: 1100, every: { eval_loss: 4 } }), {
      steps: [250, 1500],
      check: f => assert.ok(f.epochs && f.epochs[0] > 0.2 && f.epochs[1] < 1.4, String(f.epochs)),
    }),
    syn('the test split plays the validation role', () => runFrom({ 'train loss': [2, 1.5, 1.1, 0.8, 0.6, 0.4, 0.3, 0.2], 'test loss': [2, 1.6, 1.3, 1.35, 1.45, 1.55, 1.6, 1.7] }), {
      evidence: { bestEpoch: 2 },
    }),
  ],
  silent: [
    corpus('pytorch-tutorial/deep-learning-algorithm-resnet-18-34-50.md'),
    corpus('keras-csvlogger/deepender25-handwritten-digit.csv'),
    corpus('hf-trainer-state/tashu014-lora-imdb-distilbert.json'), // eval 0.3951 → 0.4155 → 0.3892: three points, no rise
    fx('healthy-digits-mlp'), // validation creeps up 5 % of its minimum, under 1 % of its improvement
    fx('healthy-binary-dropout'),
    fx('steplr-healthy'),
    fx('no-eval-small-val'), // a low outlier at epoch 37 is noise, not a best epoch
    fx('missing-zero-grad'), // both rise
  ],
});

import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { at, runFrom, script } from '../helpers';

symptomTable('val-accuracy-at-chance', {
  fires: [
    fx('raw-pixels-sigmoid-bce', { epochs: [0, 14], evidence: { kind: 'constant-prediction', value: 0.4361, points: 15 } }),
    fx('lr-too-high-unscaled', { evidence: { kind: 'flipping-constant-prediction', value: 0.6316, other: 0.3684 } }),
    fx('deep-sigmoid-stuck-at-chance', { evidence: { kind: 'chance', classes: 10, chanceAccuracy: 0.1 } }),
    fx('lr-too-high-collapse', { evidence: { kind: 'constant-prediction', value: 0.1 } }),
    syn('binary, 50 % in percent, no K known (guessed from 1/2)', () => runFrom({ 'train loss': [0.9, 0.85, 0.83, 0.82, 0.81, 0.8], 'val acc': [50.2, 49.8, 50.0, 50.4, 49.9, 50.1] }), {
      evidence: { kind: 'chance', classes: 2, classesFrom: 'accuracy level' },
    }),
    syn('test split plays the validation role; 7 classes from the script, accuracy below chance', () => runFrom({ 'train loss': [1.9, 1.8, 1.7, 1.6, 1.5, 1.4], 'test acc': [0.08, 0.07, 0.075, 0.074, 0.076, 0.074] }), {
      script: script('', { numClasses: { value: 7, at: at(40, 'nn.Linear(256, 7)') } }),
      check: f => { if (!/below chance/.test(f.title)) throw new Error(f.title); },
    }),
  ],
  silent: [
    corpus('print-lines/pilot-j-deeplense-common-task-crlf.txt'), // at chance early, then learned
    fx('healthy-binary-dropout'), // 0.9532 for the last 10 epochs, but the model is learning
    fx('scheduler-stepped-per-batch'), // frozen (LR ~0) at 0.5361: constant accuracy, not constant predictions
    fx('slow-start-deep-sigmoid'), // at chance only before it learned
    fx('healthy-digits-mlp'),
    syn('20 % with no K known: could be a good 100-class model', () => runFrom({ 'val acc': [0.2, 0.2, 0.21, 0.2, 0.2, 0.2] })),
  ],
});

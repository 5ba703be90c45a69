import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('generalization-gap', {
  fires: [
    corpus('keras-csvlogger/aitzaz-saleem-tomato-leaf.csv', { evidence: { gap: 0.0803, threshold: 0.07 } }),
    corpus('print-lines/pilot-j-deeplense-finetune-FT.md', { evidence: { scale: 'percent' } }),
    fx('tiny-dataset-overfitting', { evidence: { trainAccuracy: 1, valAccuracy: 0.8444, gap: 0.1556, threshold: 0.07 } }),
    syn('percent accuracies: 99.1 % vs 88.0 %', () => runFrom({ 'train acc': [60, 80, 90, 96, 98.5, 99.1], 'val acc': [58, 75, 83, 86, 87.5, 88.0] }), {
      evidence: { gap: 0.11, scale: 'percent' },
      check: f => { if (!/98\.5% vs val acc 87\.5% \(gap 11%\)/.test(f.title)) throw new Error(f.title); },
    }),
  ],
  silent: [
    corpus('keras-console/antoinedw-cat-or-dog-keras.txt'),
    fx('steplr-healthy'), // 0.931 vs 0.869: 0.062 is under AUTOTRAINER's 0.07
    fx('healthy-digits-mlp'),
    fx('dropout-val-below-train'),
    syn('gap of 0.09 below 90 % training accuracy', () => runFrom({ 'train acc': [0.5, 0.7, 0.8, 0.85], 'val acc': [0.45, 0.62, 0.71, 0.76] })),
  ],
});

import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('val-below-train', {
  fires: [
    corpus('pytorch-tutorial/deep-learning-algorithm-resnet-18-34-50.md', { severity: 'info' }), // the test split plays the validation role
    corpus('print-lines/dhairyag-imagenet1k-resnet50-log-output.md', { severity: 'info' }),
    fx('dropout-val-below-train', { severity: 'info', epochs: [1, 23], evidence: { sharePercent: 66, extreme: false } }),
    fx('no-eval-small-val', { severity: 'info' }),
    syn('extreme: validation loss half the training loss at the end (warning)', () => runFrom({ 'train loss': [2, 1.6, 1.4, 1.3, 1.25, 1.2], 'val loss': [1.5, 1.0, 0.8, 0.7, 0.62, 0.6] }), {
      severity: 'warning', evidence: { extreme: true },
    }),
    syn('accuracies only: validation 10+ points above training (warning)', () => runFrom({ 'train acc': [0.3, 0.4, 0.45, 0.5, 0.52], 'val acc': [0.4, 0.55, 0.6, 0.63, 0.65] }), {
      severity: 'warning',
    }),
  ],
  silent: [
    fx('healthy-digits-mlp'), // only the first three epochs
    fx('healthy-binary-dropout'), // only the first five
    fx('noisy-train-labels'), // train-stalled-val-improving explains it
    syn('validation below training in the first epoch only', () => runFrom({ 'train loss': [2, 1, 0.6, 0.4, 0.3], 'val loss': [1.2, 1.1, 0.7, 0.5, 0.4] })),
  ],
});

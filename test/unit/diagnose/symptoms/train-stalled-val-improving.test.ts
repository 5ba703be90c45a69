import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('train-stalled-val-improving', {
  fires: [
    corpus('print-lines/5697526-cifar10-hyperparameter-search-gbk.log'), // MANIFEST: trial 4, loss 39.39 → 38.83 (large regularisation term), accuracy 50.34 % → 70.59 %
    fx('noisy-train-labels', { severity: 'warning', epochs: [0, 19], evidence: { trainGain: 12, valGain: 32 } }),
    syn('accuracies only (a large regularisation term in the logged training loss)', () => runFrom({ 'train acc': [0.5, 0.51, 0.52, 0.52, 0.53, 0.53], 'test acc': [0.5, 0.52, 0.55, 0.65, 0.72, 0.76] })),
  ],
  silent: [
    fx('dropout-val-below-train'), // both improve
    fx('healthy-digits-mlp'),
    fx('scheduler-stepped-per-batch'), // both frozen
  ],
});

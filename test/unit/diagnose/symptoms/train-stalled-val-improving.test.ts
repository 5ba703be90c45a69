import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('train-stalled-val-improving', {
  fires: [
    fx('noisy-train-labels', { severity: 'warning', epochs: [0, 19], evidence: { trainGain: 12, valGain: 32 } }),
    syn('accuracies only (a large regularisation term in the logged training loss)', () => runFrom({ 'train acc': [0.5, 0.51, 0.52, 0.52, 0.53, 0.53], 'test acc': [0.5, 0.52, 0.55, 0.65, 0.72, 0.76] })),
  ],
  silent: [
    fx('dropout-val-below-train'), // both improve
    fx('healthy-digits-mlp'),
    fx('scheduler-stepped-per-batch'), // both frozen
  ],
});

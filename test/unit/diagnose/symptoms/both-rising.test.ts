import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('both-rising', {
  fires: [
    fx('missing-zero-grad', { severity: 'error', evidence: { trainLowest: 0.5241, trainLowestAt: 1, valLowest: 0.5085, valLowestAt: 1 } }),
  ],
  silent: [
    fx('tiny-dataset-overfitting'), // validation rises, training falls
    fx('healthy-digits-mlp'),
    syn('training rising, validation flat', () => runFrom({ 'train loss': [1.0, 0.8, 0.9, 1.1, 1.3, 1.6, 2.0], 'val loss': [1.0, 0.9, 0.95, 0.9, 0.92, 0.91, 0.93] })),
  ],
});

import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('loss-clamped', {
  fires: [
    fx('raw-pixels-sigmoid-bce', {
      epochs: [1, 14], severity: 'error',
      evidence: { series: 'train Loss', clamp: 'bce', constant: 100, value: 48.2255, errorRate: 0.4823, points: 14 },
    }),
    syn('Caffe SoftmaxWithLoss stuck at 87.3365 (no accuracy needed)', () => runFrom({ 'train loss': [2.1, 87.3365, 87.3365, 87.3365] }), {
      evidence: { clamp: 'caffe', constant: 87.3365, value: 87.3365 },
    }),
    syn('Keras: 16.1181 × error rate', () => runFrom({ loss: [2.0, 8.0591, 8.0591, 8.0591], acc: [0.3, 0.5, 0.5, 0.5] }), {
      evidence: { clamp: 'keras', errorRate: 0.5 },
    }),
    syn('BCELoss clamp on the validation loss only', () => runFrom({ 'train loss': [0.7, 0.6, 0.5, 0.45], 'val loss': [0.7, 37.26, 37.26, 37.26], 'val acc': [0.5, 0.6274, 0.6274, 0.6274] }), {
      evidence: { series: 'val loss', clamp: 'bce' },
    }),
  ],
  silent: [
    fx('healthy-digits-mlp'),
    fx('missing-zero-grad'),
    syn('a single point at 100 (not a run of clamped values)', () => runFrom({ 'train loss': [120, 100, 80, 60] })),
    syn('a legitimate loss of 50 without an accuracy to match', () => runFrom({ 'train loss': [50, 50, 50, 50] })),
    syn('loss = 100 × error rate with an error rate under 2 % is a coincidence, not a clamp', () => runFrom({ 'train loss': [1.5, 1.5, 1.5], 'train acc': [0.985, 0.985, 0.985] })),
  ],
});

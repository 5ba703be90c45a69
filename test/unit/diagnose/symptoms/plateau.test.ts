import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('plateau', {
  fires: [
    fx('relu-on-logits-plateau', { epochs: [7, 19], evidence: { level: 0.7421, accuracy: 0.64 } }),
    syn('loss-only log flat at 60 % of where it started', () => runFrom({ 'train loss': [1.0, 0.8, 0.65, 0.61, 0.6, 0.6, 0.601, 0.6, 0.599, 0.6] })),
  ],
  silent: [
    fx('steplr-healthy'), // flat at the end after the LR was divided by 100: converged
    fx('scheduler-stepped-per-batch'), // lr-collapsed explains it
    fx('deep-sigmoid-stuck-at-chance'), // loss-at-chance explains it
    fx('raw-pixels-sigmoid-bce'), // loss-clamped explains it
    fx('healthy-digits-mlp'),
    syn('flat at a good level (accuracy 0.95)', () => runFrom({ 'train loss': [1.0, 0.7, 0.5, 0.45, 0.45, 0.45, 0.45, 0.45], 'val acc': [0.5, 0.8, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95] })),
  ],
});

import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('loss-diverging', {
  fires: [
    fx('missing-zero-grad-train-only', {
      epochs: [5, 24], severity: 'error', evidence: { lowest: 0.6822, lowestAt: 5, final: 1.8161 },
    }),
    syn('training loss only, rising geometrically after epoch 1 (no validation to compare)', () => runFrom({ 'train loss': [1.77, 0.52, 0.82, 2.56, 5.74, 22.0, 67.7, 159] }), {
      epochs: [1, 7], evidence: { lowest: 0.52, lowestAt: 1 },
    }),
    syn('rising while validation is flat', () => runFrom({ 'train loss': [1.0, 0.8, 0.9, 1.1, 1.3, 1.6, 2.0], 'val loss': [1.0, 0.9, 0.95, 0.9, 0.92, 0.91, 0.93] })),
  ],
  silent: [
    fx('missing-zero-grad'), // both rise: reported as both-rising
    fx('lr-too-high-unscaled'), // jumps around, no steady rise
    fx('healthy-digits-mlp'),
    syn('warm-up bump that comes back down (whisper fine-tune shape)', () => runFrom({ loss: [0.83, 0.3, 0.12, 0.15, 0.22, 0.31, 0.27, 0.22, 0.19, 0.18] }, { x: 'step', step: 25 })),
    syn('three points: too few', () => runFrom({ 'train loss': [1, 2, 4] })),
  ],
});

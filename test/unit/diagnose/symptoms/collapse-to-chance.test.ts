import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('collapse-to-chance', {
  fires: [
    fx('lr-too-high-collapse', {
      epochs: [9, 19],
      evidence: { bestLoss: 1.7974, bestAt: 1, backAtChanceFrom: 9, classes: 10, bestAccuracy: 0.3556, bestAccuracyAt: 0, finalAccuracy: 0.1 },
    }),
    syn('binary: learned to 0.35, back at ln 2', () => runFrom({ 'train loss': [0.69, 0.5, 0.4, 0.35, 0.36, 0.6931, 0.6932, 0.6930, 0.6931] }), {
      evidence: { classes: 2, bestLoss: 0.35 },
    }),
  ],
  silent: [
    fx('deep-sigmoid-stuck-at-chance'), // never learned: loss-at-chance
    fx('relu-on-logits'), // worse, but not back at chance
    fx('healthy-digits-mlp'),
  ],
});

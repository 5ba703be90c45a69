import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('slow-start', {
  fires: [
    fx('slow-start-deep-sigmoid', { epochs: [0, 7], evidence: { flatFrom: 0, flatTo: 7, dropStartsAt: 8, atChance: true, classes: 10 } }),
    syn('flat at 1.2 (not chance) for 5 epochs, then learns', () => runFrom({ 'train loss': [1.2, 1.21, 1.19, 1.2, 1.2, 0.9, 0.6, 0.4, 0.3, 0.25] }), {
      evidence: { atChance: false, flatPoints: 5 },
    }),
  ],
  silent: [
    fx('healthy-digits-mlp'),
    fx('deep-sigmoid-stuck-at-chance'), // never drops
    fx('steplr-healthy'),
    syn('a first-epoch spike, then ordinary learning', () => runFrom({ 'train loss': [5, 2.3, 1.5, 1.0, 0.7, 0.5, 0.4] })),
  ],
});

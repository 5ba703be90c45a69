import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('lr-collapsed', {
  fires: [
    fx('scheduler-stepped-per-batch', { epochs: [3, 24], evidence: { peakLr: 0.01, collapsedAt: 3, lossChangeAfterPercent: 0 } }),
    syn('after a warm-up from 0', () => runFrom({ lr: [0, 0.05, 0.1, 1e-5, 1e-7, 1e-9, 1e-11, 1e-13, 1e-15, 1e-17], 'train loss': [2, 1.5, 1.2, 1.19, 1.19, 1.19, 1.19, 1.19, 1.19, 1.19] }), {
      evidence: { peakLr: 0.1, peakAt: 2, collapsedAt: 3 },
    }),
  ],
  silent: [
    fx('steplr-healthy'), // 100× lower after 20 epochs: a schedule, not a collapse
    syn('cosine schedule that reaches 0 only at the end', () => runFrom({ lr: Array.from({ length: 20 }, (_, i) => 0.1 * 0.5 * (1 + Math.cos((Math.PI * i) / 19))) })),
    syn('one epoch at a tiny LR, then back up (a restart)', () => runFrom({ lr: [0.1, 1e-6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1] })),
  ],
});

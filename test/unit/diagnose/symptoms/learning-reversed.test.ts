import { fx, syn, symptomTable } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('learning-reversed', {
  fires: [
    fx('relu-on-logits', { severity: 'error', evidence: { series: 'train Acc', best: 0.7053, bestAt: 0, final: 0.3831 } }),
    syn('loss-only log: came back up by more than half of its progress and stayed', () => runFrom({ 'train loss': [2.0, 1.2, 0.8, 0.7, 1.45, 1.5, 1.47, 1.5, 1.48] }), {
      evidence: { best: 0.8, start: 2.0, final: 1.48 },
    }),
  ],
  silent: [
    fx('healthy-digits-mlp'),
    fx('tiny-dataset-overfitting'),
    fx('lr-too-high-collapse'), // back at chance: collapse-to-chance says it better
    fx('missing-zero-grad'), // still rising: both-rising
    syn('accuracy dips by 0.1 and recovers', () => runFrom({ 'train acc': [0.5, 0.7, 0.8, 0.7, 0.75, 0.8, 0.82, 0.83] })),
  ],
});

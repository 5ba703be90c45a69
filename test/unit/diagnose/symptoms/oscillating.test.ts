import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('oscillating', {
  fires: [
    corpus('pytorch-tutorial/icelandman2-helping-hands-resnet18extended-numbers.md'), // the training loss bounces 0.80-1.11 for the last 50 epochs
    fx('lr-too-high-oscillating', { epochs: [15, 29], evidence: { series: 'train Loss', level: 0.8818, netProgressPercentOfPath: 13 } }),
    syn('training loss swinging by 30 % (no accuracy)', () => runFrom({ 'train loss': [1.0, 0.7, 0.95, 0.65, 0.9, 0.62, 0.88, 0.6, 0.86] }), {
      evidence: { netProgressPercentOfPath: 6 },
    }),
    syn('training accuracy swings of 0.05 (AUTOTRAINER threshold 0.03)', () => runFrom({ 'train acc': [0.5, 0.55, 0.5, 0.56, 0.51, 0.57, 0.52, 0.58] }), {
      evidence: { swings: 6, points: 8 },
    }),
  ],
  silent: [
    corpus('lightning-metrics-csv/hcdescamps-cv-image-classification.csv'), // per-step losses are noisy by nature
    corpus('hf-trainer-state/tashu014-lora-imdb-distilbert.json'),
    fx('healthy-digits-mlp'),
    fx('no-eval-small-val'), // dropout makes the training loss wiggle a little
    fx('healthy-binary-dropout'),
    fx('dropout-val-below-train'),
    fx('lr-too-high-unscaled'), // it oscillates, but the flipping constant predictions are the finding
    fx('steplr-healthy'),
    fx('relu-on-logits-plateau'), // flat: a plateau, not a swing
    syn('a loss that keeps falling with noise', () => runFrom({ 'train loss': [1.0, 0.9, 0.85, 0.86, 0.8, 0.78, 0.79, 0.74, 0.72, 0.73, 0.69, 0.67] })),
  ],
});

import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('slow-start', {
  fires: [
    corpus('print-lines/pilot-j-deeplense-common-task-crlf.txt', { evidence: { atChance: true, classes: 3 } }), // MANIFEST: stuck at 33.63 % for epochs 2-6 (3 classes) before learning
    fx('slow-start-deep-sigmoid', { epochs: [0, 7], evidence: { flatFrom: 0, flatTo: 7, dropStartsAt: 8, atChance: true, classes: 10 } }),
    syn('flat at 1.2 (not chance) for 5 epochs, then learns', () => runFrom({ 'train loss': [1.2, 1.21, 1.19, 1.2, 1.2, 0.9, 0.6, 0.4, 0.3, 0.25] }), {
      evidence: { atChance: false, flatPoints: 5 },
    }),
  ],
  silent: [
    corpus('hf-trainer-state/tashu014-lora-imdb-distilbert.json'), // a noisy fine-tune that had already dropped: not a flat start
    corpus('detectron2-metrics/ghailen-ben-achour-detectron2-detection.json'), // the LR warm-up flattens the start on purpose
    fx('healthy-digits-mlp'),
    fx('deep-sigmoid-stuck-at-chance'), // never drops
    fx('steplr-healthy'),
    syn('a first-epoch spike, then ordinary learning', () => runFrom({ 'train loss': [5, 2.3, 1.5, 1.0, 0.7, 0.5, 0.4] })),
  ],
});

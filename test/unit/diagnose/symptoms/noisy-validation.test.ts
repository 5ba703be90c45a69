import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('noisy-validation', {
  fires: [
    corpus('print-lines/pilot-j-deeplense-finetune-FT.md'), // validation loss spikes up to 11.3
    corpus('keras-csvlogger/akshatsharma5-brain-tumor-appended-runs.csv'), // run 3 of 4
    fx('no-eval-small-val', { epochs: [20, 39], evidence: { series: 'val Loss', validationExamplesEstimate: 60 } }),
    syn('accuracy only, moving in steps of 1/50', () => runFrom({
      'train acc': [0.5, 0.6, 0.7, 0.75, 0.8, 0.82, 0.84, 0.85, 0.86, 0.87],
      'val acc': [0.5, 0.62, 0.66, 0.78, 0.72, 0.84, 0.76, 0.86, 0.78, 0.88],
    }), { evidence: { validationExamplesEstimate: 50 } }),
  ],
  silent: [
    corpus('keras-csvlogger/deepender25-handwritten-digit.csv'), // its loss wiggles 0.009-0.015 while the accuracy stays at 99.6 %
    corpus('timm-summary-csv/digits-mlp/summary.csv'), // a healthy 12-epoch run's 8 % wiggle
    fx('healthy-digits-mlp'),
    fx('steplr-healthy'),
    fx('healthy-binary-dropout'),
    fx('dropout-val-below-train'),
    fx('lr-too-high-unscaled'), // the validation jumps come from constant predictions: val-accuracy-at-chance
  ],
});

import assert from 'node:assert/strict';
import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { at, runFrom, script } from '../helpers';

const stepped = [1.0, 0.8, 0.7, 0.65, 0.62, 0.6, 0.45, 0.43, 0.42, 0.415, 0.41, 0.405];

symptomTable('lr-schedule-effect', {
  fires: [
    corpus('keras-csvlogger/deepender25-handwritten-digit.csv', { epochs: [17, 17] }), // MANIFEST: ReduceLROnPlateau halves the LR at epoch 17
    fx('steplr-healthy', {
      severity: 'info', epochs: [10, 20],
      check: f => assert.deepEqual((f.evidence['drops'] as { at: number }[]).map(d => d.at), [10, 20]),
    }),
    syn('1-based epochs, no LR in the log, StepLR(step_size=6) in the script: six epochs (1-6) at the first LR, the drop at epoch 7', () => runFrom({ 'train loss': stepped }, { start: 1 }), {
      script: script('', { scheduler: { value: 'StepLR', params: { step_size: 6, gamma: 0.1 }, steppedPer: 'epoch', stepAt: null, at: at(50, 'StepLR(opt, step_size=6, gamma=0.1)') } }),
      epochs: [7, 7],
    }),
    syn('MultiStepLR milestones', () => runFrom({ 'train loss': stepped }), {
      script: script('', { scheduler: { value: 'MultiStepLR', params: { milestones: [6, 30] }, steppedPer: 'epoch', stepAt: null, at: at(50, 'MultiStepLR(opt, [6, 30])') } }),
    }),
  ],
  silent: [
    corpus('hf-trainer-console/ishihara-masabumi-llama-sft-train-log.txt'), // linear decay to 0: no step
    corpus('yolo-results-csv/abonia1-yolov8-fire-smoke.csv'), // the end of YOLO's warm-up is not a step
    fx('scheduler-stepped-per-batch'), // the LR collapsed: that is the finding
    fx('healthy-digits-mlp'), // no schedule
    syn('StepLR predicted at epoch 5 but the loss steps at epoch 6 (0-based): no match', () => runFrom({ 'train loss': stepped }), {
      script: script('', { scheduler: { value: 'StepLR', params: { step_size: 5 }, steppedPer: 'epoch', stepAt: null, at: at(50, 'StepLR(opt, step_size=5)') } }),
    }),
    syn('LR drops but the loss does not react', () => runFrom({ lr: [0.1, 0.1, 0.1, 0.01, 0.01, 0.01], 'train loss': [1, 0.9, 0.8, 0.72, 0.65, 0.6] })),
  ],
});

import assert from 'node:assert/strict';
import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('healthy', {
  fires: [
    corpus('hf-trainer-state/francis-xsc-bert-weibo-rumor.json'),
    corpus('mmdet-log-json/fengyouliang-base-faster-20200720.log.json'),
    corpus('yolo-results-csv/abonia1-yolov8-fire-smoke.csv'), // box + cls + dfl losses summed
    corpus('detectron2-metrics/levi-magny-train-detectron2.json'), // steps, no epochs
    fx('healthy-digits-mlp', { severity: 'info', evidence: { first: 1.8682, final: 0.0015, bestValLoss: 0.0959, bestValLossAt: 18, bestAccuracy: 0.9822, bestAccuracyAt: 18 } }),
    fx('steplr-healthy'),
    fx('healthy-binary-dropout'),
    fx('dropout-val-below-train'), // an info finding does not spoil it
    syn('training loss only', () => runFrom({ 'train loss': [2, 1.2, 0.8, 0.6, 0.5] }), {
      check: f => assert.doesNotMatch(f.explanation, /best at/),
    }),
  ],
  silent: [
    corpus('keras-csvlogger/ashishbatham-facial-emotion.csv'), // 2 epochs
    fx('tiny-dataset-overfitting'),
    fx('lr-too-high-nan'),
    syn('three epochs: too few to call it healthy', () => runFrom({ 'train loss': [2, 1, 0.5] })),
    syn('a loss that did not improve', () => runFrom({ 'train loss': [1, 1.01, 0.99, 1, 1.02] })),
  ],
});

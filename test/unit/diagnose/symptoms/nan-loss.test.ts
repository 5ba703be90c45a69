import assert from 'node:assert/strict';
import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { runFrom } from '../helpers';

symptomTable('nan-loss', {
  fires: [
    corpus('word-language-model/nlpia2-rnn-relu-lr20-nan.md', { evidence: { value: 'NaN', lastFiniteValue: null } }), // MANIFEST: nan from the first logged batch
    fx('lr-too-high-nan', {
      epochs: [3, 11],
      evidence: { series: 'train Loss', firstNonFinite: 3, value: 'NaN', lastFiniteValue: 3390367.9487, lastFiniteAt: 2, nonFinitePoints: 9, recovered: false },
      check: f => assert.match(f.title, /NaN at epoch 3 \(train Loss\)/),
    }),
    syn('infinite validation loss only', () => runFrom({ 'train loss': [1, 0.8, 0.6, 0.5], 'val loss': [1.1, 0.9, Infinity, Infinity] }), {
      evidence: { series: 'val loss', value: 'Infinity', firstNonFinite: 2 },
    }),
    syn('NaN from the first value', () => runFrom({ 'train loss': [NaN, NaN, NaN] }), {
      check: f => assert.match(f.explanation, /first logged value/),
    }),
    syn('one NaN step that recovers (AMP skipping a step)', () => runFrom({ loss: [2, 1.5, NaN, 1.2, 1.1] }, { x: 'step', step: 100 }), {
      steps: [200, 200], epochs: null, evidence: { recovered: true, nonFinitePoints: 1 },
      check: f => assert.match(f.explanation, /finite again later/),
    }),
    syn('NaN in a detector loss component (box_loss)', () => runFrom({ 'train/box_loss': [0.9, 0.7, NaN], 'metrics/mAP50': [0.1, 0.2, 0.3] }), {
      evidence: { series: 'train/box_loss' },
    }),
  ],
  silent: [
    corpus('detectron2-metrics/ghailen-ben-achour-detectron2-detection.json'), // NaN only in bbox/APs, not a loss
    fx('healthy-digits-mlp'),
    fx('missing-zero-grad'), // huge, but finite
    syn('NaN in a metric that is not a loss (detectron2 bbox/APs of an empty size class)', () => runFrom({ total_loss: [2, 1, 0.5, 0.4], 'bbox/APs': [NaN, NaN, 3, NaN] }, { x: 'step', step: 20 })),
  ],
});

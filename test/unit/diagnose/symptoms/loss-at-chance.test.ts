import assert from 'node:assert/strict';
import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { at, runFrom, script } from '../helpers';

const flat = (v: number, n: number, wiggle = 0.002) => Array.from({ length: n }, (_, i) => v + (i % 2 ? wiggle : -wiggle));

symptomTable('loss-at-chance', {
  fires: [
    fx('deep-sigmoid-stuck-at-chance', { epochs: [2, 39], evidence: { classes: 10, classesFrom: 'loss level', chanceLoss: 2.3026, pointsAtChance: 38 } }),
    syn('binary task flat at ln 2 (validation accuracy stuck at 50 %)', () => runFrom({ 'train loss': flat(0.6932, 8, 0.0005), 'val acc': flat(0.5, 8, 0.004) }), {
      evidence: { classes: 2, chanceLoss: 0.6931 },
    }),
    syn('100 classes, K from the script, hovering above ln K after a first-epoch spike', () => runFrom({ 'train loss': [9.3, 4.71, 4.69, 4.73, 4.70, 4.72] }), {
      script: script('', { numClasses: { value: 100, at: at(12, 'nn.Linear(512, 100)') } }),
      evidence: { classes: 100, classesFrom: 'train.py:12 nn.Linear(512, 100)' },
    }),
    syn('percent accuracies are read as fractions (10.0 % = chance for 10 classes)', () => runFrom({ 'train loss': flat(2.303, 6), 'val acc': [10.2, 9.8, 10.0, 10.1, 9.9, 10.0] }), {
      check: f => assert.equal(f.evidence['accuracy'], 0.1),
    }),
  ],
  silent: [
    corpus('detectron2-metrics/ghailen-ben-achour-detectron2-detection.json'), // a total_loss near ln 5 is not a classification loss
    corpus('hf-trainer-state/tashu014-lora-imdb-distilbert.json'), // starts at 0.6899 ≈ ln 2, then learns
    fx('healthy-digits-mlp'),
    fx('slow-start-deep-sigmoid'), // at chance only at the start
    fx('lr-too-high-collapse'), // learned first: collapse-to-chance
    fx('noisy-train-labels'), // near ln 10 but falling
    syn('flat at 0.75: no K has ln K there', () => runFrom({ 'train loss': flat(0.75, 8) })),
    syn('at ln 3 but with accuracy 0.9: a coincidence', () => runFrom({ 'train loss': flat(1.0986, 6, 0.001), 'train acc': flat(0.9, 6) })),
    syn('DPO loss at ln 2 (TRL logs reward metrics)', () => runFrom({ loss: flat(0.6931, 6, 0.0002), 'rewards/chosen': [0, 0.01, 0.02, 0.01, 0.03, 0.02] }, { x: 'step', step: 10 })),
    syn('two epochs: too few to judge', () => runFrom({ 'train loss': [2.3026, 2.3026] })),
  ],
});

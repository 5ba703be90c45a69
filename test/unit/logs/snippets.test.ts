import assert from 'node:assert/strict';
import { parseLogBytes } from '../../../src/core/logs/log-session';
import { epochCount, type Run, type Series } from '../../../src/core/run/model';

/**
 * Small cases per format, in the tree-sitter corpus spirit: an input as the writer prints it, the format it must
 * be read as, and the points expected (series name → [x, y] pairs), plus whatever else the case is about.
 */
interface Snippet {
  name: string;
  file?: string;
  text: string;
  format: string;
  /** name as written (prefixed with `segment:` when not 0) → points. */
  points: Record<string, [number, number][]>;
  check?(run: Run): void;
}

const SNIPPETS: Snippet[] = [
  // keras-console
  {
    name: 'Keras 3 verbose=2 with the time per step before the metrics',
    text: 'Epoch 1/2\n239/239 - 6s - 26ms/step - accuracy: 0.8697 - loss: 0.0191 - val_accuracy: 0.8340 - val_loss: 0.0245\nEpoch 2/2\n239/239 - 5s - 21ms/step - accuracy: 0.9 - loss: 0.015 - val_accuracy: 0.85 - val_loss: 0.02\n',
    format: 'keras-console',
    points: { accuracy: [[1, 0.8697], [2, 0.9]], val_loss: [[1, 0.0245], [2, 0.02]] },
  },
  {
    name: 'Keras 2 in a terminal: \\b-erased, \\r-redrawn updates on one line, then the closing one',
    text: 'Epoch 1/1\n\b\b\b\r 1/10 [>.....] - ETA: 1s - loss: 2.3000 - acc: 0.1000\b\b\b\b\r10/10 [======] - 1s 50ms/step - loss: 1.9000 - acc: 0.3000 - val_loss: 1.7000 - val_acc: 0.4000\n',
    format: 'keras-console',
    points: { loss: [[1, 1.9]], acc: [[1, 0.3]], val_loss: [[1, 1.7]] },
  },
  {
    name: 'model.evaluate() after fit() is a test point at the last epoch',
    text: 'Epoch 1/2\n10/10 [======] - 1s - loss: 0.5 - accuracy: 0.8 - val_loss: 0.6 - val_accuracy: 0.7\nEpoch 2/2\n10/10 [======] - 1s - loss: 0.4 - accuracy: 0.85 - val_loss: 0.55 - val_accuracy: 0.75\n5/5 [======] - 0s 3ms/step - loss: 0.58 - accuracy: 0.74\n',
    format: 'keras-console',
    points: { loss: [[1, 0.5], [2, 0.4]] },
    check: run => assert.deepEqual(run.series.filter(s => s.split === 'test').map(s => [s.metric, s.xs.toArray(), s.ys.toArray()]), [['loss', [2], [0.58]], ['accuracy', [2], [0.74]]]),
  },
  {
    name: 'an epoch cut off before its closing line keeps its running values, with a warning',
    text: 'Epoch 1/2\n10/10 [======] - 1s - loss: 0.5 - acc: 0.8\nEpoch 2/2\n 3/10 [=>....] - ETA: 1s - loss: 0.45 - acc: 0.82\n 6/10 [===>..] - ETA: 0s - loss: 0.44 - acc: 0.83\n',
    format: 'keras-console',
    points: { loss: [[1, 0.5], [2, 0.44]] },
    check: run => assert.ok(run.warnings.some(w => w.line === 5 && /epoch 2 has no closing line/.test(w.message))),
  },
  {
    name: 'NaN losses and values in e-notation',
    text: 'Epoch 1/2\n10/10 [======] - 1s - loss: nan - acc: 0.0000e+00\nEpoch 2/2\n10/10 [======] - 1s - loss: nan - acc: 7.1277e-04\n',
    format: 'keras-console',
    points: { loss: [[1, NaN], [2, NaN]], acc: [[1, 0], [2, 7.1277e-4]] },
  },
  // print-lines
  {
    name: 'epoch 3: loss=0.12 acc=95.1% lr=0.01',
    text: 'epoch 1: loss=0.52 acc=80.5% lr=0.1\nepoch 2: loss=0.31 acc=90.2% lr=0.1\nepoch 3: loss=0.12 acc=95.1% lr=0.01\n',
    format: 'print-lines',
    points: { loss: [[1, 0.52], [2, 0.31], [3, 0.12]], acc: [[1, 80.5], [2, 90.2], [3, 95.1]], lr: [[1, 0.1], [2, 0.1], [3, 0.01]] },
    check: run => assert.equal(run.series.find(s => s.name === 'acc')!.scale, 'percent'),
  },
  {
    name: 'Epoch 1 | Train Loss … Acc … | Test Loss … Acc …: a name without split takes its group\'s',
    text: 'Epoch  1 | Train Loss: 0.3803 Acc: 0.8898 | Test Loss: 0.1511 Acc: 0.9547\nEpoch  2 | Train Loss: 0.2 Acc: 0.93 | Test Loss: 0.12 Acc: 0.96\n',
    format: 'print-lines',
    points: { 'Train Loss': [[1, 0.3803], [2, 0.2]], 'Test Loss': [[1, 0.1511], [2, 0.12]] },
    check: run => assert.deepEqual(run.series.filter(s => s.name === 'Acc').map(s => [s.split, s.ys.toArray()]), [['train', [0.8898, 0.93]], ['test', [0.9547, 0.96]]]),
  },
  {
    name: 'tensor reprs and numpy scalars are read as their numbers',
    text: "Epoch: 1, loss: tensor(0.6931, device='cuda:0'), acc: tensor(0.5000)\nEpoch: 2, loss: tensor(0.5123, device='cuda:0'), acc: tensor(0.6250)\n",
    format: 'print-lines',
    points: { loss: [[1, 0.6931], [2, 0.5123]], acc: [[1, 0.5], [2, 0.625]] },
  },
  {
    name: 'step lines inside epochs become global steps with their epoch',
    text: 'Epoch [1/2], Step [100/200], Loss: 0.9\nEpoch [1/2], Step [200/200], Loss: 0.7\nEpoch [2/2], Step [100/200], Loss: 0.5\nEpoch [2/2], Step [200/200], Loss: 0.4\n',
    format: 'print-lines',
    points: { Loss: [[100, 0.9], [200, 0.7], [300, 0.5], [400, 0.4]] },
    check: run => assert.deepEqual(run.series[0]!.epochAt!.toArray(), [1, 1, 2, 2]),
  },
  {
    name: 'durations, sizes and counts are not metrics',
    text: 'Epoch 1 | loss: 0.5 | time: 12.3s | mem: 1.93G | eta: 0:01:02 | seen: 41050/50000 | GPU Memory: 0.33 GB\nEpoch 2 | loss: 0.4 | time: 11.9s | mem: 1.93G | eta: 0:00:51 | seen: 50000/50000 | GPU Memory: 0.35 GB\n',
    format: 'print-lines',
    points: { loss: [[1, 0.5], [2, 0.4]] },
    check: run => assert.deepEqual(run.series.map(s => s.name), ['loss']),
  },
  {
    name: 'a progress bar\'s running loss= stands in only where no summary gives the loss',
    text: 'Epoch 1/2: 100%|██████████| 50/50 [00:05<00:00, 9.1it/s, loss=0.911]\nEpoch 1/2 - Train Loss: 0.9000\nEpoch 2/2: 100%|██████████| 50/50 [00:05<00:00, 9.3it/s, loss=0.705]\nEpoch 2/2 - Train Loss: 0.7100\nEpoch 3/3:  40%|████      | 20/50 [00:02<00:03, 9.2it/s, loss=0.650]\n',
    format: 'print-lines',
    points: { 'Train Loss': [[1, 0.9], [2, 0.71]] },
    check: run => assert.deepEqual(run.series.map(s => s.name), ['Train Loss']),
  },
  {
    name: 'the bar values alone make the curve when nothing else does',
    text: 'Epoch 1: 100%|██████████| 50/50 [00:05<00:00, 9.1it/s, loss=0.911, acc=0.5]\nEpoch 2: 100%|██████████| 50/50 [00:05<00:00, 9.3it/s, loss=0.705, acc=0.6]\n',
    format: 'print-lines',
    points: { loss: [[1, 0.911], [2, 0.705]], acc: [[1, 0.5], [2, 0.6]] },
  },
  {
    name: 'logging timestamps become wall time; the level and logger are not names',
    text: '2025-01-15 10:00:00,250 - INFO - Epoch 1/2, Train Loss: 0.5\n2025-01-15 10:01:00,750 - INFO - Epoch 2/2, Train Loss: 0.4\n',
    format: 'print-lines',
    points: { 'Train Loss': [[1, 0.5], [2, 0.4]] },
    check: run => assert.deepEqual(run.series[0]!.wallTime!.toArray(), [1736935200.25, 1736935260.75]),
  },
  {
    name: 'torchrun output: the first rank\'s lines, prefixes removed (SLURM .out)',
    file: 'slurm-4242.out',
    text: '[rank0]: Epoch [1/2] | Train Loss: 0.9 | Val Loss: 1.0\n[rank1]: Epoch [1/2] | Train Loss: 0.91 | Val Loss: 1.0\n[rank0]: Epoch [2/2] | Train Loss: 0.7 | Val Loss: 0.8\n[rank1]: Epoch [2/2] | Train Loss: 0.72 | Val Loss: 0.8\n',
    format: 'print-lines',
    points: { 'Train Loss': [[1, 0.9], [2, 0.7]], 'Val Loss': [[1, 1], [2, 0.8]] },
    check: run => assert.deepEqual(run.series[0]!.lines.toArray(), [1, 3]),
  },
  // pytorch-tutorial
  {
    name: 'the tutorial loop with a model name before Epoch and an lr line',
    text: 'resnet - Epoch 1/2\n----------\nlr: [0.001]\ntrain Loss: 0.9 Acc: 0.5\nval Loss: 0.8 Acc: 0.6\nresnet - Epoch 2/2\n----------\nlr: [0.0001]\ntrain Loss: 0.7 Acc: 0.6\nval Loss: 0.6 Acc: 0.7\n',
    format: 'pytorch-tutorial',
    points: { 'train Loss': [[1, 0.9], [2, 0.7]], 'val Acc': [[1, 0.6], [2, 0.7]], lr: [[1, 0.001], [2, 0.0001]] },
  },
  // CSV family
  {
    name: 'Lightning: sparse rows, per-step train and per-epoch val on one step axis',
    file: 'metrics.csv',
    text: 'epoch,step,train_loss_step,train_loss_epoch,val_loss\n0,49,0.9,,\n0,99,0.8,,\n0,99,,0.85,0.7\n1,149,0.6,,\n1,199,0.5,,\n1,199,,0.55,0.5\n',
    format: 'lightning-metrics-csv',
    points: { train_loss_step: [[49, 0.9], [99, 0.8], [149, 0.6], [199, 0.5]], train_loss_epoch: [[0, 0.85], [1, 0.55]], val_loss: [[99, 0.7], [199, 0.5]] },
    check: run => {
      assert.equal(run.series.find(s => s.name === 'train_loss_epoch')!.x, 'epoch');
      assert.deepEqual(run.series.find(s => s.name === 'val_loss')!.epochAt!.toArray(), [0, 1]);
      assert.equal(epochCount(run), 2);
    },
  },
  {
    name: 'CSVLogger append mode: the epoch back to 0 starts a new segment',
    file: 'training_log.csv',
    text: 'epoch,loss,val_loss\r\n0,0.9,1.0\r\n1,0.8,0.9\r\n0,0.7,0.8\r\n1,0.6,0.7\r\n',
    format: 'keras-csvlogger',
    points: { loss: [[0, 0.9], [1, 0.8]], '1:loss': [[0, 0.7], [1, 0.6]] },
  },
  {
    name: 'a TSV with an iteration column (CatBoost learn_error.tsv)',
    file: 'learn_error.tsv',
    text: 'iter\tLogloss\tAccuracy\n0\t0.6821\t0.61\n1\t0.6702\t0.64\n2\t0.6588\t0.66\n',
    format: 'generic-csv',
    points: { Logloss: [[0, 0.6821], [1, 0.6702], [2, 0.6588]] },
  },
  {
    name: 'ultralytics results.csv with a time column: wall time in seconds',
    file: 'results.csv',
    text: 'epoch,time,train/box_loss,train/cls_loss,metrics/mAP50(B),val/box_loss,lr/pg0\n1,38.77,1.92,2.57,0.229,1.86,0.00066\n2,70.74,1.94,2.41,0.177,1.97,0.0013\n',
    format: 'yolo-results-csv',
    points: { 'train/box_loss': [[1, 1.92], [2, 1.94]], 'metrics/mAP50(B)': [[1, 0.229], [2, 0.177]] },
    check: run => assert.deepEqual(run.series[0]!.wallTime!.toArray(), [38.77, 70.74]),
  },
  // JSON family
  {
    name: 'MMEngine, iteration-based: validation rows at their iteration',
    file: 'scalars.json',
    text: '{"lr": 0.01, "data_time": 0.01, "loss": 1.5, "time": 0.2, "iter": 50, "memory": 900, "step": 50}\n{"lr": 0.01, "data_time": 0.01, "loss": 1.2, "time": 0.2, "iter": 100, "memory": 900, "step": 100}\n{"mIoU": 40.5, "aAcc": 80.1, "data_time": 0.02, "time": 0.1, "step": 100}\n',
    format: 'mmengine-scalars',
    points: { loss: [[50, 1.5], [100, 1.2]], mIoU: [[100, 40.5]] },
    check: run => assert.equal(run.series.find(s => s.name === 'mIoU')!.x, 'step'),
  },
  {
    name: 'Hugging Face console: quoted values of newer transformers, the summary dict not a point',
    text: "{'loss': '0.9', 'grad_norm': '1.5', 'learning_rate': '5e-05', 'epoch': '0.5'}\n{'loss': '0.7', 'grad_norm': '1.2', 'learning_rate': '2.5e-05', 'epoch': '1'}\n{'eval_loss': '0.8', 'eval_runtime': '3.1', 'epoch': '1'}\n{'train_runtime': '100', 'train_samples_per_second': '50', 'train_loss': '0.8', 'epoch': '2'}\n",
    format: 'hf-trainer-console',
    points: { loss: [[0.5, 0.9], [1, 0.7]], eval_loss: [[1, 0.8]] },
    check: run => {
      assert.ok(!run.series.some(s => s.name === 'train_loss'));
      assert.equal(epochCount(run), 2); // the summary says training reached epoch 2
    },
  },
  {
    name: 'JSON lines with a global_step and a Unix wall_time',
    file: 'metrics.jsonl',
    text: '{"global_step": 10, "loss": 2.1, "wall_time": 1736935200.5}\n{"global_step": 20, "loss": 1.9, "wall_time": 1736935210.5}\n',
    format: 'json-lines',
    points: { loss: [[10, 2.1], [20, 1.9]] },
    check: run => assert.deepEqual(run.series[0]!.wallTime!.toArray(), [1736935200.5, 1736935210.5]),
  },
  // fairseq (pre-0.10 layout)
  {
    name: 'fairseq before 0.10: leading pipes, no logger columns',
    text: "| epoch 001:    100 / 500 loss=9.512, nll_loss=9.3, ppl=630.1, wps=12000, ups=3, wpb=4000, bsz=128, num_updates=100, lr=0.0001, gnorm=2.1\n| epoch 001 | loss 8.9 | nll_loss 8.7 | ppl 415.9 | num_updates 500 | lr 0.0005\n| epoch 001 | valid on 'valid' subset | loss 8.1 | nll_loss 7.9 | ppl 238.9 | num_updates 500\n",
    format: 'fairseq',
    points: { ppl: [[100, 630.1]], '1:': [] },
    check: run => {
      assert.deepEqual(run.series.filter(s => s.name === 'loss').map(s => [s.split, s.x, s.xs.toArray(), s.ys.toArray()]), [['train', 'step', [100], [9.512]], ['train', 'epoch', [1], [8.9]], ['val', 'epoch', [1], [8.1]]]);
      assert.ok(!run.series.some(s => s.name === 'wps' || s.name === 'num_updates'));
    },
  },
  // OpenMMLab text
  {
    name: 'mmcv 1.x text log: validation lines have no eta',
    text: '2021-01-01 00:00:00,000 - mmdet - INFO - Epoch [1][50/100]\tlr: 1.000e-02, eta: 0:01:00, time: 0.5, data_time: 0.1, memory: 100, loss: 1.5\n2021-01-01 00:00:25,000 - mmdet - INFO - Epoch [1][100/100]\tlr: 1.000e-02, eta: 0:00:30, time: 0.5, data_time: 0.1, memory: 100, loss: 1.2\n2021-01-01 00:01:00,000 - mmdet - INFO - Epoch [1][100/100]\tlr: 1.000e-02, bbox_mAP: 0.1000, bbox_mAP_copypaste: 0.100 0.2 0.3\n',
    format: 'mmdet-text-log',
    points: { loss: [[50, 1.5], [100, 1.2]], bbox_mAP: [[1, 0.1]] },
    check: run => assert.ok(!run.series.some(s => s.name === 'bbox_mAP_copypaste' || s.name === 'eta')),
  },
];

describe('format snippets', () => {
  for (const sn of SNIPPETS) {
    it(`${sn.format}: ${sn.name}`, () => {
      const r = parseLogBytes(Buffer.from(sn.text), `/tmp/${sn.file ?? 'x.log'}`, sn.file ?? 'x.log');
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.run.format, sn.format);
      for (const [key, pts] of Object.entries(sn.points)) {
        if (pts.length === 0) continue;
        const [seg, name] = key.includes(':') ? [Number(key.split(':')[0]), key.slice(key.indexOf(':') + 1)] : [0, key];
        const s: Series | undefined = r.run.series.find(x => x.name === name && x.segment === seg);
        assert.ok(s, `no series ${key}: ${r.run.series.map(x => `${x.segment}:${x.name}`).join(', ')}`);
        assert.deepEqual(s.xs.toArray().map((x: number, i: number) => [x, s.ys.at(i)]), pts, key);
      }
      sn.check?.(r.run);
    });
  }
});

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectRunFolder, findRunFolders, readRunFolder } from '../../../src/core/logs/run-folder';
import { nodeFileSystem } from '../../../src/core/logs/node-file-system';
import { parseLogBytes } from '../../../src/core/logs/log-session';
import { epochCount, type Run } from '../../../src/core/run/model';
import { main } from '../../../src/cli/main';
import { FIXTURES } from './fixtures';

const TB = path.join(FIXTURES, 'tensorboard-events');
const MLRUN = path.join(FIXTURES, 'mlflow-metric/mlruns/0/5f3c2a1b9d8e4f70a6b1c2d3e4f5a6b7');
const values = JSON.parse(readFileSync(path.join(TB, 'digits-mlp-values.json'), 'utf8')) as {
  steps: { step: number; epoch: number; loss: number; lr: number; wall: number }[];
  epochs: { epoch: number; train_loss: number; train_acc: number; val_loss: number; top1: number; lr: number; wall: number }[];
};

async function read(p: string): Promise<Run> {
  const r = await readRunFolder(nodeFileSystem, p);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.run;
}

describe('run folders', () => {
  it('a Keras TensorBoard log dir (train/ and validation/) is one run with two splits, per epoch', async () => {
    const run = await read(path.join(TB, 'keras-digits-mlp'));
    assert.equal(run.format, 'tensorboard-events');
    assert.deepEqual(run.files, ['train/events.out.tfevents.1736935200.fixture.4242.0.v2', 'validation/events.out.tfevents.1736935201.fixture.4242.1.v2']);
    assert.deepEqual(run.series.map(s => [s.split, s.metric, s.x, s.ys.length]), [
      ['train', 'loss', 'epoch', 12], ['train', 'accuracy', 'epoch', 12], [null, 'lr', 'epoch', 12], ['val', 'loss', 'epoch', 12], ['val', 'accuracy', 'epoch', 12],
    ]);
    assert.equal(epochCount(run), 12);
    // the values are those of the real run, as float32
    const valLoss = run.series.find(s => s.split === 'val' && s.metric === 'loss')!;
    assert.deepEqual(valLoss.ys.toArray(), values.epochs.map(e => Math.fround(e.val_loss)));
    assert.deepEqual(valLoss.wallTime!.toArray(), values.epochs.map(e => e.wall));
  });

  it('a PyTorch SummaryWriter event file gives step curves and passes over the histograms', async () => {
    const run = await read(path.join(TB, 'pytorch-digits-mlp'));
    const train = run.series.find(s => s.name === 'Loss/train')!;
    assert.deepEqual([train.metric, train.split, train.x], ['loss', 'train', 'step']);
    assert.deepEqual(train.ys.toArray(), values.steps.filter(s => s.step % 5 === 0).map(s => Math.fround(s.loss)));
    assert.deepEqual(run.series.map(s => s.name), ['Loss/train', 'lr', 'Loss/val', 'Accuracy/val']);
    assert.equal(run.warnings.length, 0);
  });

  it('a real TensorBoard file (CatBoost) agrees with the TSV the same run wrote, to float32', async () => {
    const tb = await read(path.join(TB, 'catboost-music-genre'));
    const tsv = parseLogBytes(readFileSync(path.join(FIXTURES, 'generic-csv/catboost-music-genre-learn_error.tsv')), 'learn_error.tsv', 'learn_error.tsv');
    assert.ok(tsv.ok);
    const tsvRun: Run = tsv.run;
    for (const name of ['Accuracy', 'MultiClass']) {
      const a = tb.series.find(s => s.name === name)!;
      const b = tsvRun.series.find(s => s.name === name)!;
      assert.deepEqual(a.xs.toArray(), b.xs.toArray());
      // the TSV prints 10 digits of CatBoost's double; the event file holds the float32 of it: one float32 step apart at most
      for (let i = 0; i < a.ys.length; i++) assert.ok(Math.abs(a.ys.at(i) - b.ys.at(i)) <= Math.abs(b.ys.at(i)) * 2 ** -23, `${name}[${i}]`);
    }
  });

  it('an MLflow run folder is one run: every metric file, nested names, the epoch metric as epochs', async () => {
    const run = await read(MLRUN);
    assert.equal(run.format, 'mlflow-metric');
    assert.deepEqual(run.files, ['metrics/epoch', 'metrics/train/loss', 'metrics/val_accuracy', 'metrics/val_loss']);
    assert.deepEqual(run.series.map(s => [s.name, s.metric, s.split]), [['train/loss', 'loss', 'train'], ['val_accuracy', 'accuracy', 'val'], ['val_loss', 'loss', 'val']]);
    const val = run.series.find(s => s.name === 'val_loss')!;
    assert.deepEqual(val.ys.toArray(), values.epochs.map(e => e.val_loss));
    assert.deepEqual(val.epochAt!.toArray(), values.epochs.map(e => e.epoch));
    assert.deepEqual(val.wallTime!.toArray(), values.epochs.map(e => Math.trunc(e.wall * 1000) / 1000));
    assert.equal(epochCount(run), 12);
  });

  it('finds the run folders under a workspace, skipping node_modules and the like', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'td-runs-'));
    try {
      cpSync(path.join(TB, 'keras-digits-mlp'), path.join(root, 'logs/fit/20250115-100000'), { recursive: true });
      cpSync(path.join(TB, 'pytorch-digits-mlp'), path.join(root, 'runs/exp1'), { recursive: true });
      cpSync(path.join(FIXTURES, 'mlflow-metric/mlruns'), path.join(root, 'mlruns'), { recursive: true });
      cpSync(path.join(TB, 'pytorch-digits-mlp'), path.join(root, 'node_modules/pkg/runs'), { recursive: true });
      mkdirSync(path.join(root, 'src'));
      writeFileSync(path.join(root, 'src/train.py'), 'print(1)\n');
      const found = (await findRunFolders(nodeFileSystem, root)).map(f => [path.relative(root, f.path), f.kind]).sort();
      assert.deepEqual(found, [['logs/fit/20250115-100000', 'tensorboard'], ['mlruns/0/5f3c2a1b9d8e4f70a6b1c2d3e4f5a6b7', 'mlflow'], ['runs/exp1', 'tensorboard']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a folder with no event files or metrics is not a run folder, with a clear message', async () => {
    assert.equal(await detectRunFolder(nodeFileSystem, path.join(FIXTURES, 'keras-csvlogger')), null);
    const r = await readRunFolder(nodeFileSystem, path.join(FIXTURES, 'keras-csvlogger'));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /no TensorBoard event files and no MLflow metrics/);
  });

  it('train-doctor parse <folder> --json reads a run folder, listing its files', async () => {
    const out: string[] = [];
    const code = await main(['parse', path.join(TB, 'keras-digits-mlp'), '--json'], { out: t => out.push(t), err: t => out.push(t) });
    assert.equal(code, 0);
    const json = JSON.parse(out[0]!);
    assert.equal(json.format, 'tensorboard-events');
    assert.equal(json.epochs, 12);
    assert.equal(json.files.length, 2);
    assert.ok(json.series.every((s: { wallTime?: unknown[] }) => Array.isArray(s.wallTime)));
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_LOG_GLOBS, globToRegExp, isCandidateLogPath, looksLikeLog, looksLikeLogTail, SCAN_LIMITS } from '../../../src/core/logs/discovery';
import { fixtureCases, FIXTURES } from './fixtures';

describe('discovery', () => {
  it('the default globs cover the usual names of every format', () => {
    const paths = [
      'train.log', 'outputs/run1/train.log', 'slurm-123456.out', 'nohup.out', 'work_dirs/x/20200720_054407.log.json', 'exp/log.txt',
      'training_log.txt', 'lightning_logs/version_0/metrics.csv', 'runs/detect/train/results.csv', 'runs/train/exp/results.txt',
      'output/train/exp/summary.csv', 'checkpoint-500/trainer_state.json', 'output/metrics.json', 'work_dirs/r/20250101_000000/vis_data/scalars.json',
      'logs/train/events.out.tfevents.1700000000.host.1.0.v2', 'mlruns/0/abc/metrics/loss', 'metrics.jsonl', 'catboost_info/learn_error.tsv',
    ];
    for (const p of paths) assert.ok(isCandidateLogPath(p), p);
  });

  it('the default excludes keep out packages, virtual envs, VCS and data folders', () => {
    for (const p of ['node_modules/pkg/train.log', '.venv/lib/x.log', 'venv/pip.log', '.git/logs/HEAD.log', 'data/train.csv', 'datasets/cifar/labels.csv', 'a/__pycache__/x.log', 'lib/python3/site-packages/x/metrics.json']) {
      assert.ok(!isCandidateLogPath(p), p);
    }
    assert.ok(DEFAULT_EXCLUDE_GLOBS.length > 10 && DEFAULT_LOG_GLOBS.length > 10);
  });

  it('globs: ** crosses folders, * does not, {a,b} alternates', () => {
    assert.ok(globToRegExp('**/*.log').test('a/b/c.log'));
    assert.ok(globToRegExp('**/*.log').test('c.log'));
    assert.ok(!globToRegExp('*.log').test('a/c.log'));
    assert.ok(globToRegExp('**/*.{csv,tsv}').test('x/y.tsv'));
    assert.ok(globToRegExp('**/mlruns/*/*/metrics/*').test('w/mlruns/0/abc/metrics/loss'));
  });

  it('looksLikeLog recognises the first 4 KiB of every fixture file that is clear from its head', () => {
    const missed: string[] = [];
    for (const c of fixtureCases()) {
      if (c.folder) continue;
      const head = readFileSync(c.abs).subarray(0, SCAN_LIMITS.headBytes);
      const v = looksLikeLog(head, path.basename(c.abs));
      if (!v) missed.push(c.rel);
      else assert.equal(v.format.id, c.format, c.rel);
    }
    // not found by a 4 KiB scan of the head: logs whose first metric line comes after a long preamble (a
    // dataset dump, 104 KiB of tqdm redraws), and the generic key=value reader, which never claims a file clearly
    assert.deepEqual(missed, ['hf-trainer-console/eshaubale-bert-mlm-then-classifier.txt', 'hf-trainer-console/ishihara-masabumi-llama-sft-train-log.txt', 'key-value/digits-mlp-kv.log']);
    // the preamble ones are found from their last 4 KiB, as the same format the whole read settles on
    const fromTail = missed.map(rel => {
      const bytes = readFileSync(path.join(FIXTURES, rel));
      return looksLikeLogTail(bytes.subarray(bytes.length - SCAN_LIMITS.headBytes), path.basename(rel))?.format.id ?? null;
    });
    assert.deepEqual(fromTail, ['hf-trainer-console', 'hf-trainer-console', null]);
  });

  it('the tail is a second chance for console captures only, from their first whole line', () => {
    const tail = Buffer.from("ng': 1e-05, 'epoch': 0.5}\n{'loss': 0.6931, 'learning_rate': 5e-05, 'epoch': 0.99}\n{'loss': 0.5123, 'learning_rate': 4e-05, 'epoch': 1.98}\n{'eval_loss': 0.61, 'eval_accuracy': 0.7, 'epoch': 2.0}\n");
    assert.equal(looksLikeLogTail(tail, 'train.log')?.format.id, 'hf-trainer-console');
    assert.equal(looksLikeLogTail(tail, 'run.out')?.format.id, 'hf-trainer-console');
    assert.equal(looksLikeLogTail(tail, 'NOTES.md'), null);
    assert.equal(looksLikeLogTail(tail, 'results.csv'), null);
    assert.equal(looksLikeLogTail(Buffer.from('no line end at all'), 'train.log'), null);
    assert.equal(looksLikeLogTail(Buffer.from('x\nimport torch\nprint("done")\n'), 'train.log'), null);
  });

  it('looksLikeLog says no to source code, READMEs, requirements and binaries', () => {
    assert.equal(looksLikeLog(Buffer.from('import torch\nfor epoch in range(10):\n    loss = model(x)\n    print(f"epoch {epoch} loss {loss}")\n'), 'train.py'), null);
    assert.equal(looksLikeLog(Buffer.from('# My model\n\nTrain with `python train.py`.\n'), 'README.md'), null);
    assert.equal(looksLikeLog(Buffer.from('torch==1.13\nnumpy\n'), 'requirements.txt'), null);
    assert.equal(looksLikeLog(new Uint8Array(4096).map((_, i) => (i * 31) % 251), 'model.bin'), null);
    assert.equal(looksLikeLog(readFileSync(path.join(FIXTURES, '_broken/jeff555max-rugpt3-lora-cp866-mojibake-aborted.txt')), 'train_log.txt'), null);
  });

  it('a TensorBoard event file is recognised from its bytes whatever its name', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'tensorboard-events/catboost-music-genre/events.out.tfevents')).subarray(0, 4096);
    assert.equal(looksLikeLog(bytes, 'renamed.bin')?.format.id, 'tensorboard-events');
  });
});

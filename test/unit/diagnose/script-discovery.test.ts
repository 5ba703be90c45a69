import assert from 'node:assert/strict';
import { mentionedScripts, rankScriptCandidates } from '../../../src/core/diagnose/script-discovery';

describe('finding the training script of a log', () => {
  it('reads script names from command lines, tracebacks and argparse dumps, not library paths', () => {
    const log = [
      '$ python train.py --epochs 10 --lr 0.1',
      "Namespace(config='configs/resnet.yaml', script='tools/finetune.py')",
      'Traceback (most recent call last):',
      '  File "/home/ana/proj/models/net.py", line 42, in forward',
      '  File "/usr/lib/python3/dist-packages/torch/nn/modules/module.py", line 1194, in _call_impl',
      '  File "/opt/conda/lib/python3.10/site-packages/transformers/trainer.py", line 1500, in train',
      'saved to ./checkpoints/best.pt',
    ].join('\n');
    assert.deepEqual(mentionedScripts(log), ['train.py', 'tools/finetune.py', '/home/ana/proj/models/net.py']);
  });

  const files = [
    { path: '/ws/proj/train.py', mtimeMs: 100, hasTrainingLoop: true },
    { path: '/ws/proj/utils.py', mtimeMs: 300, hasTrainingLoop: false },
    { path: '/ws/proj/runs/exp1/plot.py', mtimeMs: 400 },
    { path: '/ws/other/finetune.py', mtimeMs: 500, hasTrainingLoop: true },
    { path: '/ws/proj/tools/finetune.py', mtimeMs: 50, hasTrainingLoop: true },
  ];

  it('a setting wins over everything', () => {
    const r = rankScriptCandidates({ logPath: '/ws/proj/runs/exp1/log.txt', logText: 'python tools/finetune.py', files, setting: '/ws/proj/train.py' });
    assert.deepEqual([r[0]!.path, r[0]!.foundBy], ['/ws/proj/train.py', 'setting']);
  });

  it('a script the log names wins over scripts next to the log; a path written on another machine matches by its tail', () => {
    const r = rankScriptCandidates({ logPath: '/ws/proj/runs/exp1/log.txt', logText: '$ python /cluster/u/ana/proj/tools/finetune.py --lr 3e-5', files });
    assert.deepEqual([r[0]!.path, r[0]!.foundBy], ['/ws/proj/tools/finetune.py', 'log-mention']);
  });

  it('otherwise the run folder, its parent and grandparent, training loops and training names first', () => {
    const r = rankScriptCandidates({ logPath: '/ws/proj/runs/exp1/log.txt', logText: 'Epoch 1/10', files });
    assert.deepEqual(r.map(c => [c.path, c.foundBy]), [
      ['/ws/proj/runs/exp1/plot.py', 'same-folder'],
      ['/ws/proj/train.py', 'parent-folder'],
      ['/ws/other/finetune.py', 'workspace'],
      ['/ws/proj/tools/finetune.py', 'workspace'],
      ['/ws/proj/utils.py', 'parent-folder'],
    ]);
  });

  it('a known non-training file next to the log ranks below a training script one folder up', () => {
    const r = rankScriptCandidates({
      logPath: '/ws/p/logs/train.log', logText: '',
      files: [{ path: '/ws/p/logs/parse_logs.py', hasTrainingLoop: false }, { path: '/ws/p/main.py', hasTrainingLoop: true }],
    });
    assert.equal(r[0]!.path, '/ws/p/main.py');
  });

  it('relative log paths and ../ segments are normalised', () => {
    const r = rankScriptCandidates({ logPath: 'examples/logs/../logs/run.log', logText: 'python ../train.py', files: [{ path: 'examples/train.py', hasTrainingLoop: true }] });
    assert.deepEqual([r[0]!.path, r[0]!.foundBy], ['examples/train.py', 'log-mention']);
  });

  it('no candidates: nothing', () => {
    assert.deepEqual(rankScriptCandidates({ logPath: '/x/log.txt', logText: 'python train.py', files: [] }), []);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasTaskLabels, LineSplitter, MAX_LINE_LENGTH } from '../../../src/core/logs/line-splitter';
import { parseLogBytes } from '../../../src/core/logs/log-session';
import { FIXTURES } from './fixtures';

function split(chunks: string[], end = true, taskLabels = false): { lines: [string, number][]; warnings: string[] } {
  const lines: [string, number][] = [];
  const warnings: string[] = [];
  const s = new LineSplitter({ line: (t, n) => lines.push([t, n]), warn: (_n, m) => warnings.push(m) }, taskLabels);
  for (const c of chunks) s.write(c);
  if (end) s.end();
  return { lines, warnings };
}

describe('LineSplitter', () => {
  it('numbers lines from 1 and carries a partial line across chunks', () => {
    assert.deepEqual(split(['a\nb', 'c\nd']).lines, [['a', 1], ['bc', 2], ['d', 3]]);
  });

  it('keeps a partial last line waiting until end()', () => {
    assert.deepEqual(split(['a\nbc'], false).lines, [['a', 1]]);
  });

  it('strips CRLF and splits \\r redraws into pieces of the same line', () => {
    assert.deepEqual(split(['x\r\n1/3 [=>..]\r2/3 [==>.]\r3/3 [===]\ny\r\n']).lines, [['x', 1], ['1/3 [=>..]', 2], ['2/3 [==>.]', 2], ['3/3 [===]', 2], ['y', 3]]);
  });

  it('handles a CRLF split across two chunks', () => {
    assert.deepEqual(split(['a\r', '\nb\r\n']).lines, [['a', 1], ['b', 2]]);
  });

  it('removes ANSI colour codes and NUL characters', () => {
    assert.deepEqual(split(['\u001b[32mloss: 1\u001b[0m\n\u0000\u0000x\n']).lines, [['loss: 1', 1], ['x', 2]]);
  });

  it('drops torchrun lines of other ranks and removes the prefix', () => {
    assert.deepEqual(split(['[rank0]: epoch 1 loss 0.5\n[rank1]: epoch 1 loss 0.5\n[rank0]: epoch 2 loss 0.4\n']).lines, [['epoch 1 loss 0.5', 1], ['epoch 2 loss 0.4', 3]]);
  });

  it('skips a line longer than the limit with a warning, without buffering it', () => {
    const big = 'x'.repeat(MAX_LINE_LENGTH / 4);
    const r = split(['a\n', big, big, big, big, big, '\nb\n']);
    assert.deepEqual(r.lines, [['a', 1], ['b', 3]]);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /line 2 is longer than/);
  });

  it('hands on the redraws of a \\r-only progress line that grows past the limit', () => {
    const bar = 'step 10 loss 0.5'.padEnd(1000, ' ') + '\r';
    const r = split([bar.repeat(Math.ceil(MAX_LINE_LENGTH / 1000) + 5), 'done\n']);
    assert.equal(r.warnings.length, 0);
    assert.ok(r.lines.length > MAX_LINE_LENGTH / 1000);
    assert.ok(r.lines.every(([, n]) => n === 1));
    assert.equal(r.lines[r.lines.length - 1]![0], 'done');
  });
});

describe('LineSplitter: long lines, backspaces, ranks, early flush', () => {
  it('skips a long line that arrives whole in one chunk, with a warning naming it', () => {
    const r = split(['a\n' + 'y'.repeat(MAX_LINE_LENGTH + 10) + '\nb\n']);
    assert.deepEqual(r.lines, [['a', 1], ['b', 3]]);
    assert.match(r.warnings[0]!, /line 2 is longer/);
  });

  it('keeps the redraws of a long \\r-redrawn line that arrives whole', () => {
    const bar = ('loss=0.5'.padEnd(500, ' ') + '\r').repeat(Math.ceil(MAX_LINE_LENGTH / 500) + 3) + 'done\n';
    const r = split([bar]);
    assert.equal(r.warnings.length, 0);
    assert.equal(r.lines.at(-1)![0], 'done');
  });

  it('removes the backspaces of a Keras 2 redraw and splits its \\r pieces', () => {
    const r = split(['Epoch 1/2\n\b\b\b\b\r 1/10 [>...] - ETA: 1s - loss: 0.9\b\b\b\b\r10/10 [====] - 1s - loss: 0.5\n']);
    assert.deepEqual(r.lines, [['Epoch 1/2', 1], [' 1/10 [>...] - ETA: 1s - loss: 0.9', 2], ['10/10 [====] - 1s - loss: 0.5', 2]]);
  });

  it('reads PyTorch 1.x --tee prefixes like [rank0]:', () => {
    assert.deepEqual(split(['[default0]:epoch 1 loss 0.5\n[default1]:epoch 1 loss 0.5\n']).lines, [['epoch 1 loss 0.5', 1]]);
  });

  it('flushPartial hands on the unterminated last line; a following newline confirms it', () => {
    const lines: [string, number][] = [];
    const s = new LineSplitter({ line: (t, n) => lines.push([t, n]), warn: () => undefined });
    s.write('a\nb');
    assert.equal(s.flushPartial(), true);
    s.write('\nc\n');
    assert.deepEqual(lines, [['a', 1], ['b', 2], ['c', 3]]);
    assert.equal(s.fate, 'complete');
  });

  it('flushPartial: a CRLF split over two reads, and a progress bar redrawn after the flush, are still whole', () => {
    const lines: [string, number][] = [];
    const s = new LineSplitter({ line: (t, n) => lines.push([t, n]), warn: () => undefined });
    s.write('x 10%');
    s.flushPartial();
    s.write('\r');
    s.write('\nnext 20%\rnext 30%');
    s.flushPartial();
    s.write('\rnext 40%\n');
    assert.deepEqual(lines, [['x 10%', 1], ['next 20%', 2], ['next 30%', 2], ['next 40%', 2]]);
    assert.equal(s.fate, 'complete');
  });

  it('flushPartial: a line that goes on after the flush is reported as continued', () => {
    const s = new LineSplitter({ line: () => undefined, warn: () => undefined });
    s.write('loss: 0.5');
    s.flushPartial();
    s.write('123\n');
    assert.equal(s.fate, 'continued');
  });
});

describe('srun --label task numbers', () => {
  const cases: [string, string, boolean][] = [
    ['two tasks interleaved', '0: Epoch 0/9\n1: Epoch 0/9\n1: train Loss: 0.69\n0: train Loss: 0.69\n', true],
    ['one task, every line task 0', '0: Epoch 0/9\n0: ----------\n0: train Loss: 0.69 Acc: 0.5\n', true],
    ['16 tasks, numbers right-aligned', ' 0: epoch 1 loss 0.5\n 3: epoch 1 loss 0.5\n12: epoch 1 loss 0.5\n 1: epoch 1 loss 0.5\n', true],
    ['a heterogeneous job component', 'P0 0: step 1 loss 2.3\nP0 1: step 1 loss 2.3\nP0 0: step 2 loss 2.1\n', true],
    ['an `{epoch}: ...` log counts up', '0: loss 0.693\n1: loss 0.512\n2: loss 0.431\n3: loss 0.388\n', false],
    ['two lines an epoch, counting up', '1: train loss 0.69\n1: val loss 0.70\n2: train loss 0.55\n2: val loss 0.61\n', false],
    ['a restart of an `{epoch}:` log without task 0 twice', '1: loss 0.6\n2: loss 0.5\n1: loss 0.6\n2: loss 0.5\n', false],
    ['labels on a few lines only', 'Epoch 1\n0: header\nloss 0.5\nloss 0.4\nloss 0.3\n', false],
    ['too short to tell', '0: loss 0.5\n0: loss 0.4\n', false],
    ['torchrun prefixes are not srun labels', '[rank0]: epoch 1 loss 0.5\n[rank1]: epoch 1 loss 0.5\n[rank0]: epoch 2 loss 0.4\n', false],
  ];
  for (const [what, text, labelled] of cases) {
    it(`${labelled ? 'labelled' : 'not labelled'}: ${what}`, () => assert.equal(hasTaskLabels(text), labelled));
  }

  it('removes the label and keeps the first task seen, an unlabelled line passes as it is', () => {
    const r = split(['1: Epoch 0/9\n0: Epoch 0/9\n0: train Loss: 0.69\n1: train Loss: 0.69\nsrun: error: node042: task 1: Exited\n'], true, true);
    assert.deepEqual(r.lines, [['Epoch 0/9', 1], ['train Loss: 0.69', 4], ['srun: error: node042: task 1: Exited', 5]]);
  });

  it('a two-task capture of a real run reads as the run itself, each point on its task-0 line', () => {
    const source = parseLogBytes(readFileSync(path.join(FIXTURES, 'pytorch-tutorial/digits-mlp-sgd.log')), 'digits-mlp-sgd.log', 'digits-mlp-sgd.log');
    const file = path.join(FIXTURES, 'pytorch-tutorial/srun-label-digits-mlp-2-tasks.out');
    const text = readFileSync(file, 'utf8').split('\n');
    const labelled = parseLogBytes(readFileSync(file), file, path.basename(file));
    assert.ok(source.ok && labelled.ok);
    assert.equal(labelled.run.format, 'pytorch-tutorial');
    assert.deepEqual(labelled.run.warnings, []);
    assert.deepEqual(labelled.run.series.map(s => [s.name, s.xs.toArray(), s.ys.toArray()]), source.run.series.map(s => [s.name, s.xs.toArray(), s.ys.toArray()]));
    for (const s of labelled.run.series) {
      for (const [k, line] of s.lines.toArray().entries()) assert.ok(text[line - 1]!.startsWith('0: '), `${s.name} point ${k} on line ${line}: ${text[line - 1]}`);
    }
  });
});

import assert from 'node:assert/strict';
import { LineSplitter, MAX_LINE_LENGTH } from '../../../src/core/logs/line-splitter';

function split(chunks: string[], end = true): { lines: [string, number][]; warnings: string[] } {
  const lines: [string, number][] = [];
  const warnings: string[] = [];
  const s = new LineSplitter({ line: (t, n) => lines.push([t, n]), warn: (_n, m) => warnings.push(m) });
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

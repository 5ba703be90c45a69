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

import assert from 'node:assert/strict';
import { applyFixes } from '../../../src/core/lint/fix/apply-fixes';
import type { Fix } from '../../../src/core/lint/finding';

const at = (line: number, character: number) => ({ line, character });
const fix = (title: string, ...edits: [number, number, number, number, string][]): Fix => ({
  title, safe: true, edits: edits.map(([l1, c1, l2, c2, newText]) => ({ range: { start: at(l1, c1), end: at(l2, c2) }, newText })),
});

describe('applyFixes', () => {
  it('applies edits that refer to the original text, in any order', () => {
    const r = applyFixes('a b c\nd e f\n', [fix('one', [1, 2, 1, 3, 'E']), fix('two', [0, 0, 0, 1, 'A'], [0, 4, 0, 5, 'C'])]);
    assert.equal(r.text, 'A b C\nd E f\n');
    assert.equal(r.applied.length, 2);
  });

  it('skips a whole fix that overlaps an applied one', () => {
    const r = applyFixes('abcdef', [fix('first', [0, 1, 0, 4, 'X']), fix('second', [0, 3, 0, 5, 'Y'], [0, 0, 0, 0, '>'])]);
    assert.equal(r.text, 'aXef');
    assert.deepEqual(r.skipped.map(f => f.title), ['second']);
  });

  it('treats two insertions at one point as overlapping (their order would be a guess)', () => {
    const r = applyFixes('ab', [fix('x', [0, 1, 0, 1, 'X']), fix('y', [0, 1, 0, 1, 'Y'])]);
    assert.equal(r.text, 'aXb');
    assert.equal(r.skipped.length, 1);
  });

  it('keeps CRLF line breaks and measures positions on them', () => {
    const r = applyFixes('x = 1\r\ny = 2\r\n', [fix('f', [1, 4, 1, 5, '3'])]);
    assert.equal(r.text, 'x = 1\r\ny = 3\r\n');
  });
});

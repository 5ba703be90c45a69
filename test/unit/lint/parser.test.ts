import assert from 'node:assert/strict';
import { Tree } from 'web-tree-sitter';
import { loadPythonLanguage } from '../../../src/core/lint/parser/python-language';
import { PythonDocument, diffRange } from '../../../src/core/lint/parser/python-document';
import { LineIndex } from '../../../src/core/lint/parser/line-index';
import { countSyntaxErrors } from '../../../src/core/lint/parser/syntax-errors';
import { loadAnalyzer, lintOnly, py } from './rule-tester';

describe('Python parser layer', () => {
  it('reports UTF-16 columns after é and an emoji (what VS Code expects)', async () => {
    const a = await loadAnalyzer();
    // "é" is one UTF-16 code unit (two UTF-8 bytes), "😀" is two code units (four UTF-8 bytes)
    const code = py`
      for x, y in loader:  # é 😀
          loss = criterion(model(x), y); print("é😀"); loss.backward(); opt.step()
    `;
    const { findings } = lintOnly(a, 'missing-zero-grad', code);
    assert.equal(findings.length, 1);
    const line = code.split('\n')[1]!;
    const expected = line.indexOf('opt.step()');
    assert.equal(expected, 66);
    assert.deepEqual(findings[0]!.range, { start: { line: 1, character: 66 }, end: { line: 1, character: 76 } });
  });

  it('loads once per process and shares the parser', async () => {
    const [a, b] = await Promise.all([loadPythonLanguage(), loadPythonLanguage()]);
    assert.equal(a, b);
    assert.equal(a.language.abiVersion, 15);
  });

  it('re-parses incrementally and reports what changed', async () => {
    const lang = await loadPythonLanguage();
    const doc = PythonDocument.parse(lang, 'import torch\n\nx = 1\n\ndef f():\n    return 2\n');
    const change = doc.update('import torch\n\nx = 10\n\ndef f():\n    return 2\n');
    assert.ok(change);
    assert.deepEqual([change.start, change.oldEnd, change.newEnd], [19, 19, 20]);
    assert.equal(doc.tree.rootNode.namedChildCount, 3);
    assert.equal(doc.update(doc.text), null, 'no change, no re-parse');
    const broken = doc.update('import torch\n\nx = (10\n\ndef f():\n    return 2\n');
    assert.ok(broken && broken.changedRanges.length > 0, 'an unclosed paren changes the tree after it');
    doc.dispose();
  });

  it('never splits a surrogate pair in the edit range', () => {
    // 😀 (d83d de00) → 😃 (d83d de03): they share the high surrogate
    const r = diffRange('a😀b', 'a😃b');
    assert.deepEqual(r, { start: 1, oldEnd: 3, newEnd: 3 });
  });

  it('finds the smallest differing range in long texts (block compares, then characters)', () => {
    const naive = (a: string, b: string) => {
      let start = 0;
      while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++;
      let suffix = 0;
      while (suffix < Math.min(a.length, b.length) - start && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
      return { start, oldEnd: a.length - suffix, newEnd: b.length - suffix };
    };
    const base = Array.from({ length: 3000 }, (_, i) => `line ${i % 7} x = f(${i % 13})\n`).join('');
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let k = 0; k < 60; k++) {
      const at = rnd(base.length);
      const cut = rnd(3) === 0 ? rnd(5000) : rnd(3);
      const edited = base.slice(0, at) + ['', 'x', 'line 3 x', '\n'][rnd(4)] + base.slice(at + cut);
      assert.deepEqual(diffRange(base, edited), naive(base, edited), `edit ${k}`);
    }
    assert.deepEqual(diffRange(base, base + 'tail'), naive(base, base + 'tail'));
    assert.deepEqual(diffRange('head' + base, base), naive('head' + base, base));
  });

  it('counts syntax errors (ERROR and MISSING nodes)', async () => {
    const lang = await loadPythonLanguage();
    const ok = PythonDocument.parse(lang, 'x = 1\n');
    const bad = PythonDocument.parse(lang, 'def f(:\n    pass\n');
    assert.equal(countSyntaxErrors(lang, ok.tree), 0);
    assert.ok(countSyntaxErrors(lang, bad.tree) >= 1);
    ok.dispose();
    bad.dispose();
  });

  it('frees every replaced tree (the WASM heap never shrinks: about 13 MB leak per 360 KB parse otherwise)', async () => {
    const lang = await loadPythonLanguage();
    const proto = Tree.prototype as { delete(): void };
    const original = proto.delete;
    let deleted = 0;
    proto.delete = function (this: Tree) {
      deleted++;
      original.call(this);
    };
    try {
      const doc = PythonDocument.parse(lang, 'x = 1\n');
      for (let i = 0; i < 5; i++) doc.update(`x = ${i + 2}\n`);
      assert.equal(deleted, 5, 'one old tree deleted per update');
      doc.dispose();
      assert.equal(deleted, 6, 'dispose deletes the current tree');
    } finally {
      proto.delete = original;
    }
  });
});

describe('LineIndex', () => {
  it('follows VS Code line breaks: \\n, \\r\\n and a lone \\r', () => {
    const l = new LineIndex('a\r\nbb\ncc\rd');
    assert.equal(l.lineCount, 4);
    assert.deepEqual(l.position(3), { line: 1, character: 0 });
    assert.deepEqual(l.position(9), { line: 3, character: 0 });
    assert.equal(l.lineText(0), 'a');
    assert.equal(l.lineEnd(0), 1);
    assert.equal(l.lineEndWithBreak(0), 3);
    assert.equal(l.eol, '\r\n');
    assert.equal(l.offset({ line: 1, character: 99 }), 5);
  });

  it('reads indentation and whether an offset starts its line', () => {
    const l = new LineIndex('if x:\n\t  y = 1\n');
    assert.equal(l.indentation(1), '\t  ');
    assert.ok(l.startsLine(9));
    assert.ok(!l.startsLine(10));
  });
});

import assert from 'node:assert/strict';
import type { AnalyzedDocument, PythonAnalyzer } from '../../../src/core/lint/analysis';
import type { LintFinding } from '../../../src/core/lint/finding';
import { fixture, loadAnalyzer } from './rule-tester';

/** Findings of a fresh analysis, to compare with the incremental one. */
function fresh(a: PythonAnalyzer, text: string): LintFinding[] {
  const d = a.open(text);
  try {
    return d.lint().findings;
  } finally {
    d.dispose();
  }
}

const SCRIPTS = ['tutorial-transfer-learning.py', 'research-cifar-argparse.py', 'kaggle-notebook-export.py', 'examples-mnist-clean.py'];

/** Edits a typist makes: insert, delete, change a word, break the syntax and mend it, paste a block. */
function edits(text: string): string[] {
  const lines = text.split('\n');
  const at = (i: number) => Math.floor(lines.length * i);
  const out: string[] = [];
  const l = [...lines];
  l.splice(at(0.5), 0, '    x = 1');
  out.push(l.join('\n'));
  l.splice(at(0.5), 1);
  out.push(l.join('\n'));
  l[at(0.3)] = l[at(0.3)]! + '  # note';
  out.push(l.join('\n'));
  l[at(0.6)] = l[at(0.6)]!.replace(/\w+/, 'renamed');
  out.push(l.join('\n'));
  const broken = [...l];
  broken[at(0.4)] = broken[at(0.4)]! + ' = (';
  out.push(broken.join('\n'));
  out.push(l.join('\n'));
  l.splice(at(0.8), 0, ...lines.slice(0, 12));
  out.push(l.join('\n'));
  out.push(l.slice(0, at(0.7)).join('\n'));
  out.push(text);
  return out;
}

describe('incremental analysis', () => {
  for (const name of SCRIPTS) {
    it(`matches a fresh analysis after every edit: ${name}`, async () => {
      const a = await loadAnalyzer();
      const text = fixture(`scripts/${name}`);
      const doc: AnalyzedDocument = a.open(text);
      try {
        assert.deepEqual(doc.lint().findings, fresh(a, text));
        for (const [i, t] of edits(text).entries()) {
          doc.update(t);
          assert.deepEqual(doc.lint().findings, fresh(a, t), `after edit ${i}`);
          assert.deepEqual(doc.scriptFacts(), a.analyze(t).facts, `facts after edit ${i}`);
        }
      } finally {
        doc.dispose();
      }
    });
  }

  it('matches a fresh analysis after 30 random edits (brackets, quotes, newlines, indentation)', async function () {
    this.timeout(60000);
    const a = await loadAnalyzer();
    let text = [SCRIPTS[0]!, SCRIPTS[2]!].map(n => fixture(`scripts/${n}`)).join('\n');
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['(', ')', '"', '\n', '    ', 'x', ' = ', 'optimizer.step()\n', 'loss.backward()\n', '#', ':', '\n\n'];
    const doc = a.open(text);
    try {
      for (let i = 0; i < 30; i++) {
        const at = rnd(text.length);
        text = rnd(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + rnd(40)) : text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at);
        doc.update(text);
        assert.deepEqual(doc.lint().findings, fresh(a, text), `after random edit ${i} at ${at}`);
      }
    } finally {
      doc.dispose();
    }
  });

  it('re-extracts only the top-level statement a one-line edit touches', async () => {
    const a = await loadAnalyzer();
    const base = SCRIPTS.map(n => fixture(`scripts/${n}`)).join('\n\n');
    const big = Array.from({ length: 8 }, () => base).join('\n\n');
    const doc = a.open(big);
    try {
      const line = big.indexOf('        optimizer.zero_grad()\n');
      const stats = doc.update(big.slice(0, line) + '        optimizer.zero_grad(set_to_none=True)\n' + big.slice(line + '        optimizer.zero_grad()\n'.length));
      assert.ok(stats);
      assert.equal(stats.extracted, 1, 'one statement re-extracted');
      assert.ok(stats.reused > 300, `${stats.reused} statements reused`);
    } finally {
      doc.dispose();
    }
  });
});

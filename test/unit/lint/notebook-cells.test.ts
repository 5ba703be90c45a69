import assert from 'node:assert/strict';
import { applyFixes } from '../../../src/core/lint/fix/apply-fixes';
import type { LintFinding } from '../../../src/core/lint/finding';
import { cellOf, findingsByCell, joinCells } from '../../../src/core/lint/notebook-cells';
import { loadAnalyzer } from './rule-tester';

/** A notebook in the layout of many Kaggle / Colab training notebooks: setup, model, loop in separate cells. */
const CELLS = [
  ['%matplotlib inline', '!pip install -q torchvision', 'import torch', 'import torch.nn as nn', 'from torch.utils.data import DataLoader, TensorDataset'].join('\n'),
  '%%bash\nnvidia-smi\necho "loss: 0.5"',
  [
    'model = nn.Sequential(',
    '    nn.Linear(64, 128),',
    '    nn.ReLU(),',
    '    nn.Linear(128, 10),',
    ')',
    'criterion = nn.CrossEntropyLoss()',
    'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
    'loader = DataLoader(TensorDataset(torch.randn(256, 64), torch.randint(0, 10, (256,))), batch_size=32, shuffle=True)',
  ].join('\n'),
  [
    '%%time',
    'for epoch in range(10):',
    '    for x, y in loader:',
    '        loss = criterion(model(x), y)',
    '        loss.backward()',
    '        optimizer.step()',
    '    print(f"epoch {epoch} loss {loss.item():.4f}")',
  ].join('\n'),
];

describe('notebook cells as one module', () => {
  it('keeps every line and column of every cell: magics become comments, other-language cells blank lines', () => {
    const j = joinCells(CELLS);
    assert.deepEqual(j.firstLines, [0, 5, 8, 16]);
    const lines = j.text.split('\n');
    assert.equal(lines.length, 23);
    assert.equal(lines[0], '#matplotlib inline');
    assert.equal(lines[1], '#pip install -q torchvision');
    assert.deepEqual(lines.slice(5, 8), ['', '', '']);
    assert.equal(lines[16], '#%time');
    for (const [c, cell] of CELLS.entries()) {
      cell.split('\n').forEach((l, i) => assert.equal(lines[j.firstLines[c]! + i]!.length, c === 1 ? 0 : l.length, `cell ${c} line ${i}`));
    }
  });

  it('maps a joined line back to its cell', () => {
    const j = joinCells(CELLS);
    assert.deepEqual(cellOf(j, 0), { cell: 0, line: 0 });
    assert.deepEqual(cellOf(j, 4), { cell: 0, line: 4 });
    assert.deepEqual(cellOf(j, 5), { cell: 1, line: 0 });
    assert.deepEqual(cellOf(j, 21), { cell: 3, line: 5 });
  });

  it('the loop in one cell and the optimizer in another: missing-zero-grad on the step line of the loop cell, its fix clears it', async () => {
    const a = await loadAnalyzer();
    const lint = (cells: string[]) => {
      const j = joinCells(cells);
      const d = a.open(j.text);
      try {
        return findingsByCell(j, d.lint().findings);
      } finally {
        d.dispose();
      }
    };
    const found = lint(CELLS);
    assert.deepEqual(found.map(f => [f.cell, f.finding.rule, f.finding.range.start.line]), [[3, 'missing-zero-grad', 5]]);
    const [zero] = found;
    assert.ok(zero?.finding.fix, 'a fix inside the loop cell');
    const fixed = [...CELLS];
    fixed[3] = applyFixes(CELLS[3]!, [zero.finding.fix]).text;
    assert.match(fixed[3], /optimizer\.zero_grad\(\)/);
    assert.deepEqual(lint(fixed), []);
  });

  it('a finding whose fix would edit another cell keeps its diagnostic and loses the fix', () => {
    const j = joinCells(['x = 1\ny = 2', 'z = 3']);
    const f: LintFinding = {
      rule: 'missing-zero-grad', severity: 'warning', message: 'm',
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
      related: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, message: 'r' }],
      fix: { title: 't', safe: true, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '' }] },
    };
    const [c] = findingsByCell(j, [f]);
    assert.equal(c?.cell, 1);
    assert.deepEqual(c?.finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    assert.deepEqual(c?.relatedCells, [0]);
    assert.equal(c?.finding.fix, null);
  });
});

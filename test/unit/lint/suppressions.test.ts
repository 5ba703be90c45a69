import assert from 'node:assert/strict';
import { disableComment, parseDisable } from '../../../src/core/lint/suppressions';
import { loadAnalyzer, py } from './rule-tester';

const LOOP = py`
  for x, y in train_loader:
      loss = criterion(model(x), y)
      loss.backward()
      optimizer.step()
`;

describe('suppressions', () => {
  it('parses disable comments', () => {
    assert.deepEqual(parseDisable('# train-doctor: disable=missing-zero-grad'), ['missing-zero-grad']);
    assert.deepEqual(parseDisable('# note  # train-doctor: disable=a-rule, other-rule'), ['a-rule', 'other-rule']);
    assert.deepEqual(parseDisable('# train-doctor is great'), []);
  });

  it('merges a rule into an existing disable comment', () => {
    assert.equal(disableComment('# train-doctor: disable=missing-zero-grad', 'missing-normalize'), '# train-doctor: disable=missing-zero-grad,missing-normalize');
    assert.equal(disableComment(null, 'missing-normalize'), '# train-doctor: disable=missing-normalize');
  });

  it('a comment on the finding\'s line silences that rule there only', async () => {
    const a = await loadAnalyzer();
    const code = LOOP.replace('    optimizer.step()', '    optimizer.step()  # train-doctor: disable=missing-zero-grad');
    assert.deepEqual(a.analyze(code).findings.map(f => f.rule), []);
    const other = LOOP.replace('    optimizer.step()', '    optimizer.step()  # train-doctor: disable=missing-normalize');
    assert.deepEqual(a.analyze(other).findings.map(f => f.rule), ['missing-zero-grad']);
  });

  it('a comment at the top of the file silences the rule file-wide', async () => {
    const a = await loadAnalyzer();
    const top = `#!/usr/bin/env python\n"""Training script."""\n# train-doctor: disable=missing-zero-grad\nimport torch\n${LOOP}`;
    assert.deepEqual(a.analyze(top).findings.map(f => f.rule), []);
    // below the first statement of code it is an ordinary line comment
    const late = `import torch\n# train-doctor: disable=missing-zero-grad\n${LOOP}`;
    assert.deepEqual(a.analyze(late).findings.map(f => f.rule), ['missing-zero-grad']);
  });

  it('a "#" inside a string is not a comment', async () => {
    const a = await loadAnalyzer();
    const code = LOOP.replace('    optimizer.step()', '    optimizer.step(); print("# train-doctor: disable=missing-zero-grad")');
    assert.deepEqual(a.analyze(code).findings.map(f => f.rule), ['missing-zero-grad']);
  });
});

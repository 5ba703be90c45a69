import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPyproject, loadPyprojectConfigFor, parsePyprojectConfig } from '../../../src/core/lint/config/pyproject';
import { resolveRuleSettings } from '../../../src/core/lint/config/rule-settings';
import { defaultSeverities } from '../../../src/core/lint/rules';

describe('configuration', () => {
  it('reads [tool.train-doctor] disable, enable and severity', () => {
    const c = parsePyprojectConfig([
      '[project]',
      'name = "x"',
      '[tool.train-doctor]',
      'disable = ["missing-normalize", "train-loader-no-shuffle"]',
      'enable = ["train-loader-no-shuffle"]',
      '[tool.train-doctor.severity]',
      'missing-zero-grad = "error"',
    ].join('\n'));
    assert.deepEqual(c.overrides, { 'missing-normalize': 'off', 'missing-zero-grad': 'error' });
    assert.deepEqual(c.warnings, []);
  });

  it('warns about unknown rules, bad values and broken TOML, and keeps going', () => {
    const c = parsePyprojectConfig('[tool.train-doctor]\ndisable = ["no-such-rule"]\nseverity = { missing-zero-grad = "fatal" }\ncolour = 1\n');
    assert.deepEqual(c.overrides, {});
    assert.equal(c.warnings.length, 3);
    assert.match(c.warnings.join('\n'), /unknown rule 'no-such-rule'[\s\S]*expected "error"[\s\S]*unknown key 'colour'/);
    const broken = parsePyprojectConfig('[tool.train-doctor\n', 'pyproject.toml');
    assert.match(broken.warnings[0]!, /not valid TOML/);
  });

  it('"all" turns every rule off', () => {
    const c = parsePyprojectConfig('[tool.train-doctor]\ndisable = ["all"]\nenable = ["missing-zero-grad"]\n');
    assert.equal(Object.values(c.overrides).filter(v => v === 'off').length, 4);
    assert.equal(c.overrides['missing-zero-grad'], undefined);
  });

  it('layers: defaults, then pyproject, then editor settings', () => {
    const s = resolveRuleSettings(defaultSeverities(), { 'missing-normalize': 'off', 'missing-zero-grad': 'error' }, { 'missing-normalize': 'info' });
    assert.deepEqual(s['missing-normalize'], { enabled: true, severity: 'info' });
    assert.deepEqual(s['missing-zero-grad'], { enabled: true, severity: 'error' });
    assert.deepEqual(s['train-loader-no-shuffle'], { enabled: true, severity: 'warning' });
  });

  it('finds the nearest pyproject.toml above the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'td-pyproject-'));
    try {
      mkdirSync(path.join(dir, 'pkg', 'sub'), { recursive: true });
      writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.train-doctor]\ndisable = ["missing-normalize"]\n');
      const file = path.join(dir, 'pkg', 'sub', 'train.py');
      assert.equal(findPyproject(path.dirname(file)), path.join(dir, 'pyproject.toml'));
      assert.deepEqual(loadPyprojectConfigFor(file).overrides, { 'missing-normalize': 'off' });
      writeFileSync(path.join(dir, 'pkg', 'pyproject.toml'), '[project]\nname = "pkg"\n');
      assert.deepEqual(loadPyprojectConfigFor(file).overrides, {}, 'the nearest file wins, even without the table');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_LOG_GLOBS } from '../../src/core/logs/discovery';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties;

describe('package.json', () => {
  it('declares the log globs of the core as the settings defaults', () => {
    assert.deepEqual(props['trainDoctor.logs.include'].default, DEFAULT_LOG_GLOBS);
    assert.deepEqual(props['trainDoctor.logs.exclude'].default, DEFAULT_EXCLUDE_GLOBS);
  });

  it('gives every command a title and the Train Doctor category, and every menu entry a known command', () => {
    const ids = new Set<string>();
    for (const c of pkg.contributes.commands) {
      assert.ok(c.title, c.command);
      assert.equal(c.category, 'Train Doctor', c.command);
      ids.add(c.command);
    }
    for (const [where, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
      for (const e of entries) assert.ok(ids.has(e.command), `${where}: ${e.command}`);
    }
  });

  it('keeps engines.vscode at or below the VS Code of the test host (1.139) and @types/vscode in step', () => {
    const engine = /(\d+)\.(\d+)/.exec(pkg.engines.vscode)!;
    assert.ok(Number(engine[1]) === 1 && Number(engine[2]) <= 139);
    const types = /(\d+)\.(\d+)/.exec(pkg.devDependencies['@types/vscode'])!;
    assert.ok(Number(types[2]) <= Number(engine[2]), '@types/vscode must not be newer than engines.vscode (vsce refuses)');
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../../src/core/lint/rules';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));

describe('package.json lint contributions', () => {
  it('has a trainDoctor.lint.rules entry for every rule, and only those', () => {
    const rules = pkg.contributes.configuration.properties['trainDoctor.lint.rules'];
    assert.deepEqual(Object.keys(rules.properties).sort(), RULES.map(r => r.id).sort());
    for (const r of RULES) {
      assert.deepEqual(rules.properties[r.id].enum, ['default', 'off', 'error', 'warning', 'info']);
      assert.ok(rules.properties[r.id].markdownDescription.includes(r.title), `${r.id} describes itself by its title`);
    }
  });

  it('contributes the fix-all code action kind and the lint commands', () => {
    assert.deepEqual(pkg.contributes.codeActions[0].actions.map((a: { kind: string }) => a.kind), ['source.fixAll.train-doctor']);
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(commands.includes('trainDoctor.lint.showRuleDocumentation'));
    assert.ok(commands.includes('trainDoctor.lint.fixAll'));
    assert.ok(pkg.activationEvents.includes('onLanguage:python'));
  });

  it('ships the rule docs (media/** is in the .vsix whitelist)', () => {
    const ignore = readFileSync(path.resolve(__dirname, '../../../../.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/\*\*$/m);
    assert.match(ignore, /^!dist\/\*\.wasm$/m);
  });
});

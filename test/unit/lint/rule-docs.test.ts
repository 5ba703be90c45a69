import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../../src/core/lint/rules';
import { RULE_IDS } from '../../../src/core/lint/rule';
import { RULE_DOCS_DIR, renderRuleDoc, renderRuleIndex } from '../../../src/core/lint/rule-docs';
import { loadAnalyzer, lintOnly } from './rule-tester';

const root = path.resolve(__dirname, '../../../..');
const update = process.env.TRAIN_DOCTOR_UPDATE_DOCS === '1';

/** Checks a generated file, or writes it with TRAIN_DOCTOR_UPDATE_DOCS=1 (`npm run docs:rules`). */
function checkGenerated(rel: string, expected: string): void {
  const file = path.join(root, rel);
  if (update) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, expected);
    return;
  }
  assert.ok(existsSync(file), `${rel} is missing: run \`npm run docs:rules\``);
  assert.equal(readFileSync(file, 'utf8'), expected, `${rel} is stale: run \`npm run docs:rules\` and commit the result`);
}

describe('rule registry and generated docs', () => {
  it('registers every rule id once, in RULE_IDS order', () => {
    assert.deepEqual(RULES.map(r => r.id), [...RULE_IDS]);
  });

  for (const rule of RULES) {
    it(`${rule.id}: doc is up to date`, () => checkGenerated(`${RULE_DOCS_DIR}/${rule.id}.md`, renderRuleDoc(rule)));

    it(`${rule.id}: has a test table`, () => {
      assert.ok(existsSync(path.join(root, 'test/unit/lint/rules', `${rule.id}.test.ts`)));
    });

    // like the rustc error index: the doc's examples are checked, not just printed
    it(`${rule.id}: the doc's example triggers the rule and "use instead" does not`, async () => {
      const a = await loadAnalyzer();
      assert.ok(lintOnly(a, rule.id, rule.docs.example + '\n').findings.length > 0, 'example is silent');
      assert.deepEqual(lintOnly(a, rule.id, rule.docs.useInstead + '\n').findings.map(f => f.message), []);
    });
  }

  it('index is up to date', () => checkGenerated(`${RULE_DOCS_DIR}/README.md`, renderRuleIndex(RULES)));
});

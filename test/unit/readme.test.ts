import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { README_TABLES, updateReadme } from '../../src/core/docs/readme-tables';

const file = path.resolve(__dirname, '../../../README.md');

describe('README', () => {
  it('has every generated table, up to date (npm run docs:readme rewrites them)', () => {
    const text = readFileSync(file, 'utf8');
    const fresh = updateReadme(text);
    if (process.env.TRAIN_DOCTOR_UPDATE_DOCS && fresh !== text) writeFileSync(file, fresh);
    for (const name of Object.keys(README_TABLES)) assert.ok(text.includes(`<!-- table:${name} -->`), `README has the ${name} table`);
    if (!process.env.TRAIN_DOCTOR_UPDATE_DOCS) assert.equal(text, fresh, 'README tables are stale: run npm run docs:readme');
  });

  it('names the test command that .ci/run runs', () => {
    const readme = readFileSync(file, 'utf8');
    const ci = readFileSync(path.resolve(__dirname, '../../../.ci/run'), 'utf8');
    assert.match(readme, /npm install && npm test/);
    assert.match(ci, /npm install\b[\s\S]*\nnpm test\n/);
  });
});

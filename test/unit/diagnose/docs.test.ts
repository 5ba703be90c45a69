import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { DOCS_DIR, symptomDocs } from '../../../src/core/diagnose/symptom-docs';
import { SYMPTOMS } from '../../../src/core/diagnose/symptoms';
import { SYMPTOM_IDS } from '../../../src/core/diagnose/symptom';
import { fixtureRun, ROOT } from './helpers';

describe('symptom documentation', () => {
  const dir = path.join(ROOT, DOCS_DIR);

  it('the committed pages are what the symptom modules generate (run `npm run docs:symptoms`)', () => {
    const pages = symptomDocs();
    for (const [name, text] of pages) {
      const file = path.join(dir, name);
      assert.ok(existsSync(file), `${DOCS_DIR}/${name} is missing: run npm run docs:symptoms`);
      assert.equal(readFileSync(file, 'utf8'), text, `${DOCS_DIR}/${name} is stale: run npm run docs:symptoms`);
    }
    const extra = readdirSync(dir).filter(f => f.endsWith('.md') && !pages.has(f));
    assert.deepEqual(extra, [], 'pages of symptoms that no longer exist');
  });

  it('every issue-6 symptom id exists, once, with a module file named after it', () => {
    const required = ['loss-at-chance', 'collapse-to-chance', 'val-accuracy-at-chance', 'loss-clamped', 'double-activation-floor', 'nan-loss', 'loss-diverging', 'both-rising', 'overfitting', 'generalization-gap', 'val-below-train', 'noisy-validation', 'oscillating', 'plateau', 'slow-start', 'train-stalled-val-improving', 'lr-collapsed', 'lr-schedule-effect', 'healthy'];
    for (const id of required) assert.ok((SYMPTOM_IDS as readonly string[]).includes(id), id);
    assert.equal(new Set(SYMPTOMS.map(s => s.id)).size, SYMPTOMS.length);
    for (const s of SYMPTOMS) assert.ok(existsSync(path.join(ROOT, 'src/core/diagnose/symptoms', `${s.id}.ts`)), s.id);
  });

  it('severities are the ones issue 6 fixes', () => {
    const sev = Object.fromEntries(SYMPTOMS.map(s => [s.id, s.severity]));
    for (const id of ['nan-loss', 'loss-clamped', 'loss-at-chance', 'collapse-to-chance', 'val-accuracy-at-chance', 'loss-diverging', 'both-rising']) assert.equal(sev[id], 'error', id);
    for (const id of ['val-below-train', 'lr-schedule-effect', 'healthy']) assert.equal(sev[id], 'info', id);
    for (const id of ['double-activation-floor', 'overfitting', 'generalization-gap', 'noisy-validation', 'oscillating', 'plateau', 'slow-start', 'train-stalled-val-improving', 'lr-collapsed']) assert.equal(sev[id], 'warning', id);
  });

  it('each page has the four practitioner sections and at least one example', () => {
    for (const s of SYMPTOMS) {
      assert.ok(s.doc.see && s.doc.why && s.doc.rule, s.id);
      assert.ok(s.doc.check.length > 0 && s.doc.falseAlarms.length > 0 && s.doc.examples.length > 0, s.id);
    }
  });

  it('every trained example a page names triggers that symptom (examples are fixtures, as in the rustc error index)', () => {
    for (const s of SYMPTOMS) {
      for (const e of s.doc.examples.filter(x => !x.startsWith('corpus: '))) {
        const ids = diagnose(fixtureRun(e)).findings.map(f => f.symptom);
        assert.ok(ids.includes(s.id), `${s.id}: example ${e} gives ${ids.join(', ')}`);
      }
    }
  });
});

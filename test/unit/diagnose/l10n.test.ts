import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { causeTemplatesFromSource, englishTemplates } from '../../../src/core/diagnose/english-catalogue';
import { de } from '../../../src/core/diagnose/l10n/de';
import { isSupportedLanguage, Translator } from '../../../src/core/diagnose/l10n';
import { placeholders } from '../../../src/core/diagnose/text';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { fixtureRun, ROOT } from './helpers';

function allEnglish(): Map<string, string> {
  const dir = path.join(ROOT, 'src/core/diagnose/symptoms');
  const files = Object.fromEntries(readdirSync(dir).map(f => [f, readFileSync(path.join(dir, f), 'utf8')]));
  return new Map([...englishTemplates(), ...causeTemplatesFromSource(files)]);
}

describe('report languages', () => {
  const en = allEnglish();

  it('reads well over 200 English templates, causes included', () => {
    assert.ok(en.size > 200, String(en.size));
    assert.ok(en.has('loss-diverging.cause.zero-grad') && en.has('both-rising.cause.zero-grad'));
  });

  it('German has every English template, with the same placeholders', () => {
    const missing = [...en.keys()].filter(k => !(k in de));
    assert.deepEqual(missing, []);
    for (const [k, v] of en) assert.deepEqual(placeholders(de[k]!), placeholders(v), k);
  });

  it('German has nothing the English does not (no stale keys)', () => {
    assert.deepEqual(Object.keys(de).filter(k => !en.has(k)), []);
  });

  it('a German report: words in parameters are translated too', () => {
    const d = diagnose(fixtureRun('lr-too-high-nan'), { lang: 'de' });
    assert.equal(d.findings[0]!.title, 'Verlust wurde NaN bei Epoche 3 (train Loss)');
    assert.match(d.skipped.find(s => s.symptom === 'lr-collapsed')!.reason, /keine Lernratenwerte/);
  });

  it('language tags: de, de-DE, de_CH are German; unknown tags fall back to English', () => {
    assert.ok(isSupportedLanguage('de-DE') && isSupportedLanguage('en') && !isSupportedLanguage('fr'));
    assert.equal(new Translator('de_CH').ui('ui.epoch'), 'Epoche');
    assert.equal(new Translator('fr').ui('ui.epoch'), 'epoch');
  });
});

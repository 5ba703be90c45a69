import { UI_TEXTS } from './l10n';
import { SYMPTOMS } from './symptoms';

/**
 * Every English template of the report by message id, except the causes' reasons (those are written where
 * each cause is built; the translation test reads them from the symptom modules' source). Translators and
 * the completeness test work from this list.
 */
export function englishTemplates(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(UI_TEXTS)) out.set(k, v);
  for (const s of SYMPTOMS) {
    out.set(`${s.id}.name`, s.name);
    out.set(`${s.id}.title`, s.texts.title);
    out.set(`${s.id}.explanation`, s.texts.explanation);
    s.texts.advice.forEach((a, i) => out.set(`${s.id}.advice.${i}`, a));
    for (const [v, t] of Object.entries(s.texts.variants ?? {})) {
      if (t.title) out.set(`${s.id}.${v}.title`, t.title);
      if (t.explanation) out.set(`${s.id}.${v}.explanation`, t.explanation);
      t.advice?.forEach((a, i) => out.set(`${s.id}.${v}.advice.${i}`, a));
    }
  }
  return out;
}

/** The causes' reasons as written in the symptom modules' source: `'<symptom>.cause.<name>', '<English>'`. */
export function causeTemplatesFromSource(files: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const re = /(?:'([\w-]+\.cause\.[\w-]+)'|`\$\{prefix\}(\.cause\.[\w-]+)`),\s*'((?:[^'\\]|\\.)*)'/g;
  for (const [file, text] of Object.entries(files)) {
    for (const m of text.matchAll(re)) {
      const english = m[3]!.replace(/\\'/g, "'");
      if (m[1]) out.set(m[1], english);
      else for (const prefix of file.includes('diverging-causes') ? ['loss-diverging', 'both-rising'] : []) out.set(prefix + m[2]!, english);
    }
  }
  return out;
}

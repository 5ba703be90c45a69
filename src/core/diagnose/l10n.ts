import { SKIP_TEXTS } from './requirements';
import { fill, type Catalogue, type Params } from './text';
import { UNIT_TEXTS } from './units';
import { de } from './l10n/de';

/** Report languages besides English (the code's own language). */
const CATALOGUES: Record<string, Catalogue> = { de };

export const LANGUAGES = ['en', ...Object.keys(CATALOGUES)] as const;

/** English texts of the report's own words (headings of the text report, labels). */
export const UI_TEXTS: Record<string, string> = {
  ...UNIT_TEXTS,
  ...SKIP_TEXTS,
  'ui.severity.error': 'error',
  'ui.severity.warning': 'warning',
  'ui.severity.info': 'info',
  'ui.curves-only': 'curves only: no training script found (pass --script <file.py> to rank causes in the code)',
  'ui.script': 'script: {path} ({how})',
  'ui.found.argument': 'given with --script',
  'ui.found.setting': 'from the setting',
  'ui.found.log-mention': 'named in the log',
  'ui.found.same-folder': 'next to the log',
  'ui.found.parent-folder': 'in the parent folder',
  'ui.found.workspace': 'most recent training script in the workspace',
  'ui.found.picked': 'picked by you',
  'ui.summary': '{file}: {format}, {epochs}',
  'ui.epochs-count': '{n} epochs',
  'ui.steps-only': 'steps only',
  'ui.segment': 'run {n} of {total}',
  'ui.where.epochs': 'epochs {from}-{to}',
  'ui.where.steps': 'steps {from}-{to}',
  'ui.where.lines': 'log lines {from}-{to}',
  'ui.evidence': 'evidence',
  'ui.check': 'what to check',
  'ui.causes': 'likely causes',
  'ui.no-causes': 'no line of the script explains it',
  'ui.skipped': 'not judged',
  'ui.no-findings': 'No finding.',
  'ui.counts': '{errors} errors, {warnings} warnings, {infos} infos',
  'ui.code-finding.title': 'In the script: {message}',
  'ui.code-finding.explanation': 'The linter found this in the training script. No symptom in the curves points to it, but it can still hurt training or evaluation.',
  'ui.code-finding.why': '{rule}: {message}',
  'ui.pick-script': 'Choose the training script…',
  'ui.no-script': 'No script (curves only)',
  'ui.show-curves': 'Show curves',
  'ui.rerun': 'Diagnose again',
  'ui.docs': 'docs',
  'ui.live': 'live: updates as the log grows',
  'ui.pick-run': 'Which run to diagnose?',
  'ui.diagnosis': 'Diagnosis: {log}',
  'ui.no-runs': 'No training logs found in the workspace. Open one (Train Doctor: Open Log File…), then run Diagnose Run.',
};

/** Looks up message ids in one language, falling back to the English text given by the caller. */
export class Translator {
  private readonly cat: Catalogue;

  constructor(readonly lang: string) {
    this.cat = CATALOGUES[lang.toLowerCase().split(/[-_]/)[0]!] ?? {};
  }

  /** The template for `key`: this language's, else `english`. */
  template(key: string, english: string): string {
    return this.cat[key] ?? english;
  }

  /** Fills a template; parameters that are `@id` strings are words looked up in the catalogue. */
  render(key: string, english: string, params: Params = {}): string {
    const resolved: Params = {};
    for (const [k, v] of Object.entries(params)) resolved[k] = typeof v === 'string' && v.startsWith('@') ? this.ui(v.slice(1)) : v;
    return fill(this.template(key, english), resolved);
  }

  /** A report word or sentence by id (`ui.*`, `skip.*`). */
  ui(key: string, params: Params = {}): string {
    return this.render(key, UI_TEXTS[key] ?? key, params);
  }
}

export function isSupportedLanguage(lang: string): boolean {
  const base = lang.toLowerCase().split(/[-_]/)[0]!;
  return base === 'en' || base in CATALOGUES;
}

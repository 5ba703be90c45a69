import type { PythonAnalyzer } from '../analysis';
import type { RuleSettings } from '../config/rule-settings';
import type { Fix } from '../finding';
import { applyFixes } from './apply-fixes';

/** How many times fixing re-lints and fixes again (fixes that overlapped wait for the next pass). */
const PASSES = 10;

export interface FixAllResult {
  text: string;
  /** Fixes applied over all passes. */
  fixed: number;
}

/**
 * Applies the fixes of a text until none is left to apply: the safe ones only, or all (`unsafe`). One document
 * is kept across the passes, so each re-lint is an incremental re-parse. Used by `lint --fix` and fix-all.
 */
export function fixAll(analyzer: PythonAnalyzer, text: string, settings: RuleSettings, unsafe = false): FixAllResult {
  const doc = analyzer.open(text);
  let fixed = 0;
  try {
    for (let pass = 0; pass < PASSES; pass++) {
      const fixes = doc.lint(settings).findings.map(f => f.fix).filter((f): f is Fix => f !== null && (unsafe || f.safe));
      if (fixes.length === 0) break;
      const r = applyFixes(doc.text, fixes);
      if (r.applied.length === 0) break;
      fixed += r.applied.length;
      doc.update(r.text);
    }
    return { text: doc.text, fixed };
  } finally {
    doc.dispose();
  }
}

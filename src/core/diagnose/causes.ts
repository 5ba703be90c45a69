import type { SourceRef } from '../lint/script-facts';
import type { CauseCandidate, ScriptInput } from './symptom';
import type { Params } from './text';

/** The text of a 1-based line of the script, trimmed (empty when out of range). */
export function lineText(source: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  let end = source.indexOf('\n', start);
  if (end < 0) end = source.length;
  return source.slice(start, end).trim();
}

/** One cause per lint finding of `rule` in the script. */
export function lintCauses(script: ScriptInput, rule: string, score: number, whyKey: string, why: string, params: Params = {}): CauseCandidate[] {
  return script.findings
    .filter(f => f.rule === rule)
    .map(f => {
      const line = f.range.start.line + 1;
      return { rule, line, text: lineText(script.source, line), whyKey, why, params: { ...params, line }, score, finding: f };
    });
}

export function hasFinding(script: ScriptInput, rule: string): boolean {
  return script.findings.some(f => f.rule === rule);
}

/** A cause at a line the script's facts point to (a hyperparameter, a layer): no lint rule. */
export function factCause(script: ScriptInput, at: SourceRef | null | undefined, score: number, whyKey: string, why: string, params: Params = {}): CauseCandidate[] {
  if (!at) return [];
  return [{ rule: null, line: at.line, text: at.text || lineText(script.source, at.line), whyKey, why, params: { ...params, line: at.line }, score }];
}

/**
 * Highest score first; one entry per line (a line is one thing to look at: its best reason is kept, and a lint
 * finding wins over a fact-based reason on the same line); ties by line.
 */
export function rankCauses(cands: CauseCandidate[]): CauseCandidate[] {
  const best = new Map<number, CauseCandidate>();
  for (const c of cands) {
    const old = best.get(c.line);
    const lintWins = c.rule !== null && old?.rule === null;
    const sameKind = (c.rule === null) === (old?.rule === null);
    if (!old || lintWins || (sameKind && c.score > old.score)) best.set(c.line, c);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.line - b.line);
}

export type LrLevel = 'very-high' | 'high' | 'normal' | 'low' | 'very-low';

const ADAPTIVE = new Set(['adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta', 'sparseadam', 'lamb', 'adafactor']);

/**
 * How the script's learning rate compares with what its optimizer usually runs at. Adaptive optimizers
 * (Adam & co.) usually run at 1e-4..3e-3; SGD is judged by its effective step lr / (1 − momentum), which is
 * about 1 for the classic ResNet recipe (0.1 with momentum 0.9). Null when the optimizer or LR is unknown.
 */
export function lrLevel(optimizer: string, lr: number | null, momentum: number | null): LrLevel | null {
  if (lr === null || !(lr > 0)) return null;
  const name = optimizer.toLowerCase().replace(/^.*\./, '');
  if (ADAPTIVE.has(name)) {
    if (name === 'adadelta') return null; // runs at lr=1.0 by design
    if (lr >= 1e-2) return 'very-high';
    if (lr > 3.1e-3) return 'high';
    if (lr <= 1e-6) return 'very-low';
    if (lr <= 1e-5) return 'low';
    return 'normal';
  }
  if (name === 'sgd') {
    const m = momentum !== null && momentum > 0 && momentum < 1 ? momentum : 0;
    const eff = lr / (1 - m);
    if (eff >= 5) return 'very-high';
    if (eff >= 1.5) return 'high';
    if (eff <= 1e-5) return 'very-low';
    if (eff <= 1e-4) return 'low';
    return 'normal';
  }
  return null;
}

/** The script's optimizer LR judgement plus the values for a `why` template. */
export function scriptLr(script: ScriptInput): { level: LrLevel; params: Params; at: SourceRef } | null {
  const o = script.facts.optimizer;
  if (!o) return null;
  const level = lrLevel(o.value, o.lr, o.momentum);
  if (!level || o.lr === null) return null;
  return { level, params: { optimizer: o.value, lr: o.lr }, at: o.at };
}

import type { Severity } from '../finding';
import { RULE_IDS, type RuleId } from '../rule';

/** One layer of per-rule settings: `off` or a severity; absent rules keep the layer below. */
export type RuleOverrides = Partial<Record<RuleId, 'off' | Severity>>;

export interface RuleSetting {
  enabled: boolean;
  severity: Severity;
}

export type RuleSettings = Record<RuleId, RuleSetting>;

/** Defaults, then each layer in turn (pyproject, then the editor's settings): later layers win. */
export function resolveRuleSettings(defaults: Record<RuleId, Severity>, ...layers: (RuleOverrides | undefined)[]): RuleSettings {
  const out = {} as RuleSettings;
  for (const id of RULE_IDS) out[id] = { enabled: true, severity: defaults[id] };
  for (const layer of layers) {
    if (!layer) continue;
    for (const id of RULE_IDS) {
      const v = layer[id];
      if (v === undefined) continue;
      if (v === 'off') out[id] = { ...out[id], enabled: false };
      else out[id] = { enabled: true, severity: v };
    }
  }
  return out;
}

export function isRuleId(s: string): s is RuleId {
  return (RULE_IDS as readonly string[]).includes(s);
}

export function isSeverity(s: unknown): s is Severity {
  return s === 'error' || s === 'warning' || s === 'info';
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { RULE_IDS } from '../rule';
import { isRuleId, isSeverity, type RuleOverrides } from './rule-settings';

export interface PyprojectConfig {
  /** The pyproject.toml read, or null when none was found. */
  file: string | null;
  overrides: RuleOverrides;
  /** Problems with the [tool.train-doctor] table, each naming the key. */
  warnings: string[];
}

/**
 * Reads `[tool.train-doctor]`:
 *
 *     [tool.train-doctor]
 *     disable = ["missing-normalize"]        # rules to turn off ("all" turns every rule off)
 *     enable = ["missing-zero-grad"]         # rules to keep on even when disabled above
 *
 *     [tool.train-doctor.severity]
 *     train-loader-no-shuffle = "error"      # "error" | "warning" | "info"
 */
export function parsePyprojectConfig(text: string, file: string | null = null): PyprojectConfig {
  const out: PyprojectConfig = { file, overrides: {}, warnings: [] };
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    out.warnings.push(`${file ?? 'pyproject.toml'}: not valid TOML (${firstLine(e)}); its [tool.train-doctor] settings are ignored`);
    return out;
  }
  const tool = (doc.tool as Record<string, unknown> | undefined)?.['train-doctor'];
  if (tool === undefined) return out;
  if (!isTable(tool)) {
    out.warnings.push('[tool.train-doctor] must be a table');
    return out;
  }
  const list = (key: string): string[] => {
    const v = tool[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) {
      out.warnings.push(`[tool.train-doctor] ${key} must be a list of rule ids`);
      return [];
    }
    return v as string[];
  };
  for (const id of list('disable')) {
    if (id === 'all') for (const r of RULE_IDS) out.overrides[r] = 'off';
    else if (isRuleId(id)) out.overrides[id] = 'off';
    else out.warnings.push(`[tool.train-doctor] disable: unknown rule '${id}'`);
  }
  for (const id of list('enable')) {
    if (isRuleId(id)) delete out.overrides[id];
    else out.warnings.push(`[tool.train-doctor] enable: unknown rule '${id}'`);
  }
  const sev = tool.severity;
  if (sev !== undefined) {
    if (!isTable(sev)) out.warnings.push('[tool.train-doctor.severity] must be a table');
    else {
      for (const [id, v] of Object.entries(sev)) {
        if (!isRuleId(id)) out.warnings.push(`[tool.train-doctor.severity] unknown rule '${id}'`);
        else if (!isSeverity(v)) out.warnings.push(`[tool.train-doctor.severity] ${id}: expected "error", "warning" or "info"`);
        else if (out.overrides[id] !== 'off') out.overrides[id] = v;
      }
    }
  }
  for (const key of Object.keys(tool)) {
    if (!['disable', 'enable', 'severity'].includes(key)) out.warnings.push(`[tool.train-doctor] unknown key '${key}'`);
  }
  return out;
}

/** The nearest pyproject.toml at or above `dir`, up to the filesystem root (or `stopAt`). */
export function findPyproject(dir: string, stopAt?: string): string | null {
  let d = path.resolve(dir);
  const stop = stopAt ? path.resolve(stopAt) : null;
  for (;;) {
    const f = path.join(d, 'pyproject.toml');
    if (existsSync(f)) return f;
    const up = path.dirname(d);
    if (up === d || d === stop) return null;
    d = up;
  }
}

/** Reads the configuration that applies to a Python file; unreadable files become a warning. */
export function loadPyprojectConfigFor(pythonFile: string, stopAt?: string): PyprojectConfig {
  const file = findPyproject(path.dirname(pythonFile), stopAt);
  if (!file) return { file: null, overrides: {}, warnings: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, overrides: {}, warnings: [`${file}: cannot be read (${firstLine(e)})`] };
  }
  return parsePyprojectConfig(text, file);
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}

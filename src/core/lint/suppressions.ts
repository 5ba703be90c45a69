import type { SemanticModel } from './model/semantic-model';

/**
 * `# train-doctor: disable=<rule>[,<rule>...]` comments: on a line they silence findings that start on that
 * line; in the comments at the top of the file (before the first statement of code) they silence the whole file.
 */
export class Suppressions {
  private readonly byLine = new Map<number, Set<string>>();
  private readonly fileWide = new Set<string>();

  constructor(private readonly py: SemanticModel) {
    // leading comments are top-level statements of their own
    for (const s of py.leadingComments()) for (const r of parseDisable(s)) this.fileWide.add(r);
  }

  isSuppressed(rule: string, line: number): boolean {
    if (this.fileWide.has(rule) || this.fileWide.has('all')) return true;
    let rules = this.byLine.get(line);
    if (!rules) {
      const c = this.py.commentOnLine(line);
      rules = new Set(c ? parseDisable(c.text) : []);
      this.byLine.set(line, rules);
    }
    return rules.has(rule) || rules.has('all');
  }
}

const DISABLE = /train-doctor:\s*disable=([\w\s,-]+)/;

/** Rule ids listed in a disable comment. */
export function parseDisable(comment: string): string[] {
  const m = DISABLE.exec(comment);
  if (!m) return [];
  return m[1]!.split(/[\s,]+/).filter(s => /^[a-z][a-z0-9-]*$/.test(s));
}

/** The comment text that disables `rule`, merged into an existing disable comment when there is one. */
export function disableComment(existing: string | null, rule: string): string {
  if (existing) {
    const rules = parseDisable(existing);
    if (rules.length > 0) return existing.replace(DISABLE, `train-doctor: disable=${[...rules, rule].join(',')}`);
  }
  return `# train-doctor: disable=${rule}`;
}

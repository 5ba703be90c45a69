import type { SemanticModel } from './model/semantic-model';

/**
 * `# train-doctor: disable=<rule>[,<rule>...]` comments: on a line they silence findings that start on that
 * line; in the comments at the top of the file (before the first statement of code) they silence the whole file.
 */
export class Suppressions {
  private readonly byLine = new Map<number, Set<string>>();
  private readonly fileWide = new Set<string>();

  constructor(py: SemanticModel) {
    for (const c of py.comments) {
      const rules = parseDisable(c.text);
      if (rules.length === 0) continue;
      if (c.span.end <= py.leadingEnd) for (const r of rules) this.fileWide.add(r);
      else {
        const line = py.lines.lineOf(c.span.start);
        let s = this.byLine.get(line);
        if (!s) this.byLine.set(line, (s = new Set()));
        for (const r of rules) s.add(r);
      }
    }
  }

  isSuppressed(rule: string, line: number): boolean {
    return this.fileWide.has(rule) || this.fileWide.has('all') || (this.byLine.get(line)?.has(rule) ?? false) || (this.byLine.get(line)?.has('all') ?? false);
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

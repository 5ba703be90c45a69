import { FORMATS } from '../logs/formats';
import { RULES } from '../lint/rules';
import { SYMPTOMS } from '../diagnose/symptoms';

/**
 * The README's reference tables, generated from the registries (formats, rules, symptoms) so the README
 * cannot drift from the code: a unit test compares, `npm run docs:readme` rewrites.
 */
export const README_TABLES: Record<string, () => string> = {
  formats: () => table(['format id', 'reads'], FORMATS.map(f => [`\`${f.id}\``, f.title])),
  rules: () => table(['rule', 'severity', 'fix', 'what it finds'], RULES.map(r => [`[\`${r.id}\`](media/docs/rules/${r.id}.md)`, r.defaultSeverity, r.fix, r.title])),
  symptoms: () => table(['symptom', 'severity', 'what the curves show'], SYMPTOMS.map(s => [`[\`${s.id}\`](media/docs/symptoms/${s.id}.md)`, s.severity, s.name])),
};

function table(head: string[], rows: string[][]): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(r => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** The README with every `<!-- table:NAME -->` … `<!-- /table -->` block regenerated. */
export function updateReadme(readme: string): string {
  return readme.replace(/<!-- table:(\w+) -->\n[\s\S]*?<!-- \/table -->/g, (whole, name: string) => {
    const make = README_TABLES[name];
    return make ? `<!-- table:${name} -->\n${make()}\n<!-- /table -->` : whole;
  });
}

import { SYMPTOMS } from './symptoms';
import type { Symptom } from './symptom';

/**
 * The documentation pages of the symptoms, generated from each symptom module's metadata so that the page
 * and the detector cannot drift apart: `npm run docs:symptoms` writes them to media/docs/symptoms/, and a
 * unit test fails when a committed page differs from what the code generates.
 */
export const DOCS_DIR = 'media/docs/symptoms';

const HEADER = (id: string) => `<!-- Generated from src/core/diagnose/symptoms/${id}.ts by \`npm run docs:symptoms\`: edit the module, not this page. -->`;

function exampleLine(e: string): string {
  const corpus = /^corpus: (.+)$/.exec(e);
  return corpus
    ? `- a real log from a public repository, \`${corpus[1]}\` (test corpus)`
    : `- \`test/fixtures/runs/${e}/\`: a run trained for this purpose (script, log and a README of what the curves did)`;
}

export function symptomPage(s: Symptom): string {
  const d = s.doc;
  const lines = [
    `# \`${s.id}\`: ${s.name}`,
    '',
    HEADER(s.id),
    '',
    `Severity: **${s.severity}**${s.supersedes?.length ? `. When found, these are not reported separately: ${s.supersedes.map(x => `[\`${x}\`](${x}.md)`).join(', ')}.` : ''}`,
    '',
    '## What we see',
    '',
    d.see,
    '',
    '## Why it happens',
    '',
    d.why,
    '',
    '## What to check',
    '',
    ...d.check.map(c => `- ${c}`),
    '',
    '## Known false alarms',
    '',
    ...d.falseAlarms.map(c => `- ${c}`),
    '',
    '## How Train Doctor decides',
    '',
    d.rule,
    '',
    '## Example runs',
    '',
    ...d.examples.map(exampleLine),
    '',
  ];
  return lines.join('\n');
}

export function symptomIndex(): string {
  const lines = [
    '# Symptoms Train Doctor recognises',
    '',
    '<!-- Generated from src/core/diagnose/symptoms/ by `npm run docs:symptoms`: edit the modules, not this page. -->',
    '',
    '"Diagnose Run" reads a run\'s curves and reports these symptoms, with the likely causes in the training script.',
    'Findings that come from the script alone (a lint finding no curve symptom explains) are reported as `code-finding`.',
    '',
    '| symptom | severity | what it means |',
    '| --- | --- | --- |',
    ...SYMPTOMS.map(s => `| [\`${s.id}\`](${s.id}.md) | ${s.severity} | ${s.name} |`),
    '',
  ];
  return lines.join('\n');
}

/** Every generated page: file name (in DOCS_DIR) → content. */
export function symptomDocs(): Map<string, string> {
  const out = new Map<string, string>();
  out.set('README.md', symptomIndex());
  for (const s of SYMPTOMS) out.set(`${s.id}.md`, symptomPage(s));
  return out;
}

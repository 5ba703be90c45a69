// `npm run docs:symptoms`: writes media/docs/symptoms/*.md from the symptom modules' metadata
// (src/core/diagnose/symptom-docs.ts). A unit test fails when the committed pages differ.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = await esbuild.build({
  entryPoints: [path.join(root, 'src/core/diagnose/symptom-docs.ts')], bundle: true, platform: 'node', format: 'cjs',
  target: 'node20', write: false, logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const { symptomDocs, DOCS_DIR } = mod.exports;
const dir = path.join(root, DOCS_DIR);
mkdirSync(dir, { recursive: true });
const pages = symptomDocs();
for (const name of readdirSync(dir)) if (name.endsWith('.md') && !pages.has(name)) rmSync(path.join(dir, name));
for (const [name, text] of pages) writeFileSync(path.join(dir, name), text);
console.log(`docs:symptoms: ${pages.size} pages in ${DOCS_DIR}`);

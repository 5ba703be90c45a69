// Builds every bundle with esbuild.
//   node scripts/build.mjs               dist/: extension, CLI, webview, bench (+ the two .wasm files)
//   node scripts/build.mjs --tests       also out/: src, test and bench compiled file by file for mocha
//   node scripts/build.mjs --production  minified, no source maps (what `npm run package` ships)
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const dist = path.join(root, 'dist');

// esbuild would pick web-tree-sitter's ESM build, whose import.meta.url is undefined in a CJS bundle
// (Parser.init then fails at run time with no build warning): point it at the CJS build instead.
const treeSitterAlias = { 'web-tree-sitter': path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs') };

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', alias: treeSitterAlias };

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, external: ['vscode'], outdir: dist },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: dist, banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { webview: 'webview/main.ts' }, outdir: dist },
];
// playwright-core finds its own files at run time: the bench loads it from node_modules, not from the bundle
if (!production) builds.push({ ...node, entryPoints: { bench: 'bench/main.ts' }, outdir: dist, external: ['playwright-core'] });

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

process.chdir(root);
const started = Date.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const jobs = builds.filter(b => Object.values(b.entryPoints).every(e => exists(e))).map(b => esbuild.build(b));
if (args.has('--tests')) {
  rmSync(path.join(root, 'out'), { recursive: true, force: true });
  const entryPoints = ['src', 'test/unit', 'test/host', 'test/desktop', 'test/webview', 'bench'].filter(exists).flatMap(d => walk(path.join(root, d)));
  jobs.push(esbuild.build({
    entryPoints, outdir: path.join(root, 'out'), outbase: root, bundle: false, platform: 'node', format: 'cjs',
    target: 'node20', sourcemap: 'inline', logLevel: 'warning',
  }));
}
await Promise.all(jobs);
copyFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', path.join(dist, 'web-tree-sitter.wasm'));
copyFileSync('node_modules/tree-sitter-python/tree-sitter-python.wasm', path.join(dist, 'tree-sitter-python.wasm'));
// the webview's icon font (@vscode-elements' buttons draw codicons; the CSP allows fonts from dist/ only)
mkdirSync(path.join(dist, 'codicons'), { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(path.join('node_modules/@vscode/codicons/dist', f), path.join(dist, 'codicons', f));
console.log(`build: ${Date.now() - started} ms${args.has('--tests') ? ' (with tests)' : ''}${production ? ' (production)' : ''}`);

function exists(p) { try { statSync(path.join(root, p)); return true; } catch { return false; } }

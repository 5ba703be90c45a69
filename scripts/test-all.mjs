// `npm test`: every check and every test suite, in the order that fails fastest. Installs what the suites need
// on a fresh machine first (Debian's chromium and build headers through apt-get when run as root, code-server
// from npm for the real VS Code extension host), so the README, CI and a new user all run the same thing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVscodeHost } from './vscode-host/host.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const npx = (bin, ...args) => [process.execPath, [path.join(root, 'node_modules', '.bin', bin), ...args]];
const steps = [
  ['build', [process.execPath, [path.join(root, 'scripts/build.mjs'), '--tests']]],
  ['typecheck', npx('tsc', '-p', '.', '--noEmit')],
  ['typecheck webview', npx('tsc', '-p', 'webview', '--noEmit')],
  ['lint', npx('eslint', '--max-warnings', '0', '.')],
  ['unit tests', npx('mocha', '--config', '.mocharc.json')],
  ['webview tests', [process.execPath, [path.join(root, 'scripts/test-webview.mjs'), '--no-build']], 'scripts/test-webview.mjs'],
  ['host tests', [process.execPath, [path.join(root, 'scripts/test-host.mjs'), '--no-build']]],
];

ensureVscodeHost();
const results = [];
for (const [name, [cmd, args], needs] of steps) {
  if (needs && !existsSync(path.join(root, needs))) continue;
  const t = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  results.push(`${name} ${r.status === 0 ? 'ok' : 'FAILED'} (${secs} s)`);
  if (r.status !== 0) {
    console.log(`\ntrain-doctor tests: FAILED at ${name}; ${results.join(', ')}`);
    process.exit(1);
  }
}
console.log(`\ntrain-doctor tests: all passed in ${((Date.now() - started) / 1000).toFixed(0)} s: ${results.join(', ')}`);


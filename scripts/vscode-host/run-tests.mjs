// From shared/research/vscode-host.md (the project's own feasibility study), with a quieter log.
// Runs a VS Code extension's integration tests inside code-server's Node extension host
// (the same host the VS Code Server uses for remote windows), driving the web workbench
// with Debian's Chromium through playwright-core. Nothing is downloaded at run time.
//
// usage: node run-cs-tests.mjs --ext <extensionDevelopmentPath> --tests <extensionTestsPath>
//                               --workspace <folder> [--screenshot out.png] [--timeout 300]
// env:   VSCODE_HOST_DIR  where setup-vscode-host.sh installed code-server (this script must run on its node 24)
//        CHROMIUM         defaults to /usr/bin/chromium
//        VERBOSE=1        echo the server's and the browser's logs
// Screenshot protocol: when --screenshot is given, the server (and so the extension host) gets
// VSCODE_TEST_SCREENSHOT_DONE=<file>. A test that wants a picture logs '__SCREENSHOT__' and then
// waits until that file exists; the runner waits for the webview to render, screenshots, writes the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const { values: a } = parseArgs({
  options: {
    ext: { type: 'string' }, tests: { type: 'string' }, workspace: { type: 'string' },
    screenshot: { type: 'string' }, timeout: { type: 'string', default: '300' },
  },
});
for (const k of ['ext', 'tests', 'workspace']) if (!a[k]) { console.error(`--${k} is required`); process.exit(2); }
const ext = path.resolve(a.ext), tests = path.resolve(a.tests), workspace = path.resolve(a.workspace);
const shotFile = a.screenshot && path.resolve(a.screenshot);
const hostDir = process.env.VSCODE_HOST_DIR;
const entry = hostDir && path.join(hostDir, 'cs/node_modules/code-server/out/node/entry.js');
if (!entry || !existsSync(entry)) { console.error('VSCODE_HOST_DIR does not hold a code-server install (run setup-vscode-host.sh)'); process.exit(2); }
if (!process.version.startsWith('v24.')) { console.error(`run this with node 24 (code-server's native modules), not ${process.version}`); process.exit(2); }
const { chromium } = createRequire(path.join(hostDir, 'cs/package.json'))('playwright-core');
const t0 = Date.now();
const log = (...m) => console.log(`[runner +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...m);

// The workbench's own start-up chatter and the failures of an offline machine (gallery, GitHub auth) say
// nothing about the tests: hidden unless VERBOSE=1.
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Timed out waiting for authentication provider|getaddrinfo ENOTFOUND|Extension host \(Remote\) is unresponsive|Extension host \(Remote\) is responsive)/;
const isNoise = args => NOISE.test(String(args[0] ?? '')) || /workbench\.js:\d+:\d+\)?$/.test(String(args[0] ?? '').trim());

const freePort = () => new Promise((res, rej) => {
  const s = createServer(); s.unref(); s.on('error', rej);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
});

const tmp = mkdtempSync(path.join(tmpdir(), 'cs-test-'));
const doneFile = path.join(tmp, 'screenshot.done');
const port = await freePort();
const cfg = path.join(tmp, 'config.yaml');
writeFileSync(cfg, 'auth: none\n');
// quiet, offline-friendly user settings for the test window
mkdirSync(path.join(tmp, 'user-data', 'User'), { recursive: true });
writeFileSync(path.join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'window.commandCenter': false,
}, null, 2));
const env = {
  ...process.env,
  // keep code-server's config/data/logs out of $HOME and its vscode-ipc-*.sock files out of /tmp
  TMPDIR: tmp, XDG_RUNTIME_DIR: '',
  XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  ...(shotFile ? { VSCODE_TEST_SCREENSHOT_DONE: doneFile } : {}),
};
const serverArgs = [entry, '--config', cfg, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  '--disable-proxy', '--ignore-last-opened', '--user-data-dir', path.join(tmp, 'user-data'),
  '--extensions-dir', path.join(tmp, 'extensions'),
  // a built workbench ignores the URL payload (extensionDevelopmentPath / extensionTestsPath) unless this is set:
  '--vscode-option', 'enable-smoke-test-driver'];
log('starting code-server on', `127.0.0.1:${port}`);
// detached => its own process group, so we end exactly what we started (server + extension host)
const server = spawn(process.execPath, serverArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let serverOut = '';
const onServer = d => { serverOut += d; if (process.env.VERBOSE) process.stdout.write(`[server] ${d}`); };
server.stdout.on('data', onServer); server.stderr.on('data', onServer);
let browser;
let exitCode = 1;
const stopServer = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch {} };
process.on('exit', stopServer);

try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { const r = await fetch(`${base}/healthz`); if (r.ok) break; } catch {}
    if (server.exitCode !== null) throw new Error(`code-server exited early:\n${serverOut}`);
    if (i > 600) throw new Error(`code-server did not start:\n${serverOut}`);
    await new Promise(r => setTimeout(r, 100));
  }
  log('code-server is up');

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Chromium writes crash-report settings and dconf data under XDG dirs even with its own profile dir
    env: { ...process.env, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, XDG_CACHE_HOME: env.XDG_CACHE_HOME },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  const page = await context.newPage();

  let shooting;
  const shoot = () => shooting ??= (async () => {
    // the first webview load waits for the webview service worker to install: can take ~10 s
    const t = Date.now();
    while (Date.now() - t < 45000) {
      let rendered = false;
      for (const f of page.frames().filter(f => f.url().includes('/webview/browser/pre/fake.html'))) {
        try { rendered ||= await f.evaluate(() => (document.body?.innerText || '').trim().length > 0); } catch {}
      }
      if (rendered) break;
      await new Promise(r => setTimeout(r, 250));
    }
    await new Promise(r => setTimeout(r, 500));
    await page.screenshot({ path: shotFile });
    log(`screenshot ${shotFile} (waited ${((Date.now() - t) / 1000).toFixed(1)} s for the webview)`);
  })().catch(e => log('screenshot failed:', e.message)).finally(() => writeFileSync(doneFile, 'done\n'));

  const done = new Promise(resolve => {
    // the workbench (smoke-test-driver mode) forwards the extension host's console here...
    page.exposeFunction('codeAutomationLog', (type, args) => {
      if (!process.env.VERBOSE && isNoise(args)) return;
      (console[type] || console.log)(...args);
      if (shotFile && args.some(x => String(x).includes('__SCREENSHOT__'))) shoot();
    });
    // ...and calls this with the test runner's exit code once run() settles
    page.exposeFunction('codeAutomationExit', code => resolve(code));
  });
  page.on('console', m => { if (process.env.VERBOSE) log(`[browser ${m.type()}] ${m.text().slice(0, 300)}`); });
  page.on('pageerror', e => console.log('[pageerror]', e.message));

  const remote = p => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(ext)],
    ['extensionTestsPath', remote(tests)],
    ['skipWelcome', 'true'],
  ]);
  log('opening workbench');
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  const code = await Promise.race([done, new Promise(r => setTimeout(() => r('timeout'), Number(a.timeout) * 1000))]);
  log(code === 'timeout' ? `no result after ${a.timeout} s` : `extension tests finished, exit code ${code}`);
  exitCode = code === 0 ? 0 : 1;
  if (code === 'timeout') console.log(serverOut);
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  try { await browser?.close(); } catch {}
  stopServer();
  await new Promise(r => setTimeout(r, 300));
  rmSync(tmp, { recursive: true, force: true });
  log('total', ((Date.now() - t0) / 1000).toFixed(1), 's');
  process.exit(exitCode);
}

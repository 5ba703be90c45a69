// Where the offline VS Code extension host lives and how to get it (see setup.sh).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const hostDir = process.env.VSCODE_HOST_DIR || path.join(os.homedir(), '.cache', 'vscode-host', `cs-${CODE_SERVER_VERSION}`);

/** Installs code-server + Node 24 + Chromium the first time (about 3 minutes); a no-op afterwards. */
export function ensureVscodeHost() {
  if (existsSync(path.join(hostDir, '.complete')) && existsSync('/usr/bin/chromium')) return;
  const setup = path.join(path.dirname(fileURLToPath(import.meta.url)), 'setup.sh');
  const r = spawnSync('bash', [setup], { stdio: 'inherit', env: { ...process.env, VSCODE_HOST_DIR: hostDir } });
  if (r.status !== 0) {
    console.error('could not install the VS Code test host (scripts/vscode-host/setup.sh)');
    process.exit(r.status ?? 1);
  }
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * `npm run test:desktop`: the same host tests in desktop VS Code, for developers with internet access
 * (@vscode/test-electron downloads VS Code). CI and offline machines use `npm run test:host` instead.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  // the tests edit and append to the workspace's files: work on a copy
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'train-doctor-ws-'));
  fs.cpSync(path.join(root, 'test/fixtures/host-workspace'), workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/host/index'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--disable-workspace-trust'],
  });
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point the extension host loads (extensionTestsPath): runs every test/host/*.test.js inside the real
 * extension host. The same contract as @vscode/test-electron, so `npm run test:desktop` runs these files too.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const only = process.env.TRAIN_DOCTOR_HOST_GREP;
  if (only) mocha.grep(only);
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      const s = runner.stats!;
      console.log(`host tests: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending`);
      if (failures > 0) reject(new Error(`${failures} host tests failed`));
      else resolve();
    });
  });
}

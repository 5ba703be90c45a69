import * as vscode from 'vscode';
import * as fs from 'node:fs';

/** The extension under test, activated. */
export async function extension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension('train-doctor.train-doctor');
  if (!ext) throw new Error('train-doctor.train-doctor is not loaded in this extension host');
  await ext.activate();
  return ext;
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/**
 * Resolves with the first value `produce` returns that is not undefined, checked now and on every event of
 * `event`; rejects after `ms` with `what` in the message. Listeners are always disposed.
 */
export function waitFor<T>(event: vscode.Event<unknown>, produce: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void): void => {
      if (done) return;
      done = true;
      sub.dispose();
      clearTimeout(timer);
      f();
    };
    const check = (): void => {
      try {
        const v = produce();
        if (v !== undefined) finish(() => resolve(v));
      } catch (e) {
        finish(() => reject(e));
      }
    };
    const sub = event(check);
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`))), ms);
    check();
  });
}

/** Diagnostics of one file from one source, once `predicate` holds for them. */
export function diagnosticsFor(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(vscode.languages.onDidChangeDiagnostics, () => {
    const ds = vscode.languages.getDiagnostics(uri).filter(d => d.source === 'train-doctor');
    return predicate(ds) ? ds : undefined;
  }, what);
}

/**
 * When the runner was started with --screenshot, pause here (the UI stays as it is) until it has taken the
 * picture. Does nothing otherwise.
 */
export async function screenshotPause(): Promise<void> {
  const done = process.env.VSCODE_TEST_SCREENSHOT_DONE;
  if (!done) return;
  console.log('__SCREENSHOT__');
  const started = Date.now();
  while (!fs.existsSync(done) && Date.now() - started < 90_000) await new Promise(r => setTimeout(r, 200));
}

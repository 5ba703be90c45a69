import * as vscode from 'vscode';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import { isConsoleCapture, looksLikeLog, looksLikeLogTail, SCAN_LIMITS } from '../core/logs/discovery';
import type { Services } from './services';

const HEAD_BYTES = SCAN_LIMITS.headBytes;

/**
 * Keeps the context key `trainDoctor.activeEditorIsLog` true while the active tab shows a file that sniffs as a
 * training log (its editor-title buttons depend on it), and announces each log the user opens through
 * `services.onDidOpenLog`. Works from the tab, not the TextDocument, so logs too large for VS Code to sync to
 * extensions (about 50 MB) are recognised as well.
 */
export function registerLogDetection(services: Services): vscode.Disposable {
  const verdicts = new Map<string, Promise<string | null>>();
  const announced = new Set<string>();
  const disposables: vscode.Disposable[] = [];
  let generation = 0;

  const update = async (): Promise<void> => {
    const mine = ++generation;
    const uri = activeTabUri();
    const format = uri ? await cached(uri) : null;
    if (mine !== generation) return; // a newer tab change won
    await vscode.commands.executeCommand('setContext', 'trainDoctor.activeEditorIsLog', format !== null);
    services.activeLog = format && uri ? uri : undefined;
    if (format && uri && !announced.has(uri.toString())) {
      announced.add(uri.toString());
      services.fireDidOpenLog(uri);
    }
  };

  const cached = (uri: vscode.Uri): Promise<string | null> => {
    const key = uri.toString();
    let v = verdicts.get(key);
    if (!v) {
      v = sniffUri(uri);
      verdicts.set(key, v);
    }
    return v;
  };

  vscode.window.tabGroups.onDidChangeTabs(() => void update(), null, disposables);
  vscode.window.onDidChangeActiveTextEditor(() => void update(), null, disposables);
  vscode.workspace.onDidCloseTextDocument(d => announced.delete(d.uri.toString()), null, disposables);
  // a file's content can change what it is (an empty log that starts receiving lines)
  vscode.workspace.onDidChangeTextDocument(e => {
    if (verdicts.has(e.document.uri.toString())) {
      verdicts.delete(e.document.uri.toString());
      void update();
    }
  }, null, disposables);
  void update();
  return vscode.Disposable.from(...disposables);
}

/** The file shown by the active tab, whatever editor shows it (text, our curves editor, a large-file notice). */
export function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * The id of the log format a file sniffs as, or null. Reads only the first few KB of local files, and for a
 * console capture that they do not settle (a long preamble before the first metric line) its last few KB.
 */
export async function sniffUri(uri: vscode.Uri): Promise<string | null> {
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote' && uri.scheme !== 'untitled') return null;
  const name = path.basename(uri.path);
  // the head decides; the tail only for a console capture longer than the head
  const verdict = async (head: Uint8Array, longer: boolean, tail: () => Promise<Uint8Array>): Promise<string | null> => {
    const v = looksLikeLog(head, name);
    if (v || !longer || !isConsoleCapture(name)) return v?.format.id ?? null;
    return looksLikeLogTail(await tail(), name)?.format.id ?? null;
  };
  try {
    if (uri.scheme === 'file') {
      const fh = await fs.open(uri.fsPath, 'r');
      try {
        const buf = Buffer.alloc(HEAD_BYTES);
        const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
        return await verdict(buf.subarray(0, bytesRead), bytesRead === HEAD_BYTES, async () => {
          const { size } = await fh.stat();
          if (size <= HEAD_BYTES) return new Uint8Array(0);
          const tail = await fh.read(buf, 0, HEAD_BYTES, size - HEAD_BYTES);
          return buf.subarray(0, tail.bytesRead);
        });
      } finally {
        await fh.close();
      }
    }
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    if (!doc) return null;
    const head = Buffer.from(doc.getText(new vscode.Range(0, 0, 200, 0)).slice(0, HEAD_BYTES));
    return await verdict(head, doc.lineCount > 200, async () => {
      const end = doc.getText(new vscode.Range(Math.max(200, doc.lineCount - 100), 0, doc.lineCount, 0));
      // the tail reader skips its first (partial) line: a slice that starts on a line start gets an empty one
      return Buffer.from(end.length > HEAD_BYTES ? end.slice(-HEAD_BYTES) : `\n${end}`);
    });
  } catch {
    return null; // a folder, a deleted file, no permission: not a log we can show
  }
}

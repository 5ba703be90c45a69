import * as vscode from 'vscode';
import { sniffUri } from '../log-detection';

/** Files that may hold a training run, for the compare picker (the same extensions the custom editor offers). */
export const LOG_GLOB = '**/*.{log,txt,out,csv,json,jsonl,md}';
const EXCLUDE = '**/{node_modules,.git,.venv,venv,__pycache__,dist,out}/**';
const MAX_FILES = 500;

interface RunItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
}

/**
 * "Compare Runs…": picks log files to show together. Lists the workspace's candidate files (open logs first)
 * with a "Browse…" entry for files outside it. Returns the picked URIs, without the ones given as `exclude`.
 */
export async function pickRuns(exclude: readonly vscode.Uri[] = []): Promise<vscode.Uri[]> {
  const skip = new Set(exclude.map(u => u.toString()));
  const open = new Set(vscode.workspace.textDocuments.map(d => d.uri.toString()));
  const files = (await candidateRuns()).filter(u => !skip.has(u.toString())).sort((a, b) => Number(open.has(b.toString())) - Number(open.has(a.toString())) || a.path.localeCompare(b.path));
  const browse: RunItem = { label: '$(folder-opened) Browse…', description: 'pick log files anywhere', alwaysShow: true };
  const items: RunItem[] = [browse, ...files.map(uri => ({ label: vscode.workspace.asRelativePath(uri), description: open.has(uri.toString()) ? 'open' : undefined, uri }))];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Train Doctor: Compare Runs', placeHolder: 'Pick the training logs to overlay' });
  if (!picked || picked.length === 0) return [];
  const uris = picked.flatMap(p => (p.uri ? [p.uri] : []));
  if (picked.includes(browse)) {
    const more = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Compare', title: 'Training logs to compare' });
    uris.push(...(more ?? []));
  }
  return uris.filter(u => !skip.has(u.toString()));
}

/**
 * The workspace's files that read as training logs (their first 4 KB sniffed, as the Training Runs view
 * does): a README or a notes file next to the logs is not offered for comparison.
 */
export async function candidateRuns(): Promise<vscode.Uri[]> {
  const found = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(LOG_GLOB, EXCLUDE, MAX_FILES) : [];
  const logs: vscode.Uri[] = [];
  // a few reads at a time: 500 candidates cost 500 small reads
  for (let i = 0; i < found.length; i += 16) {
    const batch = found.slice(i, i + 16);
    const verdicts = await Promise.all(batch.map(u => sniffUri(u)));
    batch.forEach((u, k) => {
      if (verdicts[k]) logs.push(u);
    });
  }
  return logs;
}

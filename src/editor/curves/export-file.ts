import * as vscode from 'vscode';
import type { Services } from '../services';

const FILTERS: Record<'png' | 'svg' | 'csv', Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  svg: { 'SVG image': ['svg'] },
  csv: { 'CSV table': ['csv'] },
};

/**
 * Saves an export through VS Code's save dialog and file system (so it works in remote windows too, where the
 * webview cannot download anything). `base` is the suggested path without extension.
 */
export async function saveExport(services: Services, base: vscode.Uri, kind: 'png' | 'svg' | 'csv', bytes: Uint8Array, notify: (text: string) => void): Promise<vscode.Uri | undefined> {
  const target = await vscode.window.showSaveDialog({ defaultUri: base.with({ path: `${base.path}.${kind}` }), filters: FILTERS[kind], saveLabel: `Export ${kind.toUpperCase()}` });
  if (!target) return undefined;
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
  } catch (e) {
    const message = `Train Doctor: could not save ${target.fsPath}: ${e instanceof Error ? e.message : String(e)}`;
    services.output.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  services.output.info(`exported ${kind} to ${target.fsPath} (${bytes.length} bytes)`);
  notify(`Saved ${vscode.workspace.asRelativePath(target)}`);
  return target;
}

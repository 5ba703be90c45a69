import * as vscode from 'vscode';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import { mentionedScripts, rankScriptCandidates, type CandidateFile } from '../../core/diagnose/script-discovery';
import type { ScriptAnalyzer, ScriptFoundBy, ScriptInput } from '../../core/diagnose/symptom';

export type { ScriptAnalyzer };


/** A script found for a log: what the diagnosis reads, and where it is. */
export interface FoundScript {
  input: ScriptInput;
  uri: vscode.Uri;
}

/** Candidates analysed at most per search (each costs a parse). */
const MAX_ANALYSED = 6;
/** Python files of the workspace considered as a last resort. */
const MAX_WORKSPACE_FILES = 300;
/** The log's head and tail are read for script names. */
const LOG_TEXT_BYTES = 64 * 1024;
const PICKED_KEY = 'trainDoctor.diagnose.pickedScripts';
/** `workspaceState` value for "the user chose no script for this log". */
const NONE = '';

/**
 * Finds the training script of a log, in the order issue 6 gives: the user's own choice for this log (kept in
 * workspace state), the `trainDoctor.diagnose.script` setting, a script the log names, the log's folder, its
 * parent and grandparent, the most recent script with a training loop in the workspace. Candidates are ranked
 * by the pure core (script-discovery.ts); only the first few are parsed.
 */
export class ScriptFinder {
  constructor(private readonly state: vscode.Memento, private readonly analyze: ScriptAnalyzer) {}

  async find(log: vscode.Uri): Promise<FoundScript | null> {
    const picked = this.state.get<Record<string, string>>(PICKED_KEY, {})[log.toString()];
    if (picked === NONE) return null;
    if (picked !== undefined) {
      const s = await this.read(vscode.Uri.parse(picked), 'picked');
      if (s) return s;
    }
    const setting = vscode.workspace.getConfiguration('trainDoctor.diagnose', log).get<string>('script', '').trim();
    const settingPath = setting ? this.resolveSetting(setting, log) : null;
    const text = await logText(log);
    // First the cheap places: the setting, scripts the log names, the log's folder and its two parents; the
    // whole workspace is listed (and its scripts read) only when none of those has a training loop.
    const near = await this.nearby(log, text);
    if (settingPath) near.push({ path: settingPath });
    const found = await this.firstWithLoop(log, rankScriptCandidates({ logPath: log.path, logText: text, files: near, setting: settingPath }));
    if (found) return found;
    const all = [...near, ...(await this.workspaceScripts(log, new Set(near.map(f => f.path))))];
    return this.firstWithLoop(log, rankScriptCandidates({ logPath: log.path, logText: text, files: all }).filter(c => c.foundBy === 'workspace' || c.foundBy === 'log-mention'));
  }

  private async firstWithLoop(log: vscode.Uri, ranked: { path: string; foundBy: ScriptFoundBy }[]): Promise<FoundScript | null> {
    for (const cand of ranked.slice(0, MAX_ANALYSED)) {
      const s = await this.read(log.with({ path: cand.path }), cand.foundBy);
      if (s && (s.input.facts.hasTrainingLoop || cand.foundBy === 'setting')) return s;
    }
    return null;
  }

  /** Remembers the user's choice for this log: a script, or `null` for curves only. */
  async remember(log: vscode.Uri, script: vscode.Uri | null): Promise<void> {
    const all = { ...this.state.get<Record<string, string>>(PICKED_KEY, {}) };
    all[log.toString()] = script ? script.toString() : NONE;
    await this.state.update(PICKED_KEY, all);
  }

  /** Asks which script to use for this log; resolves to the choice, or undefined when the user cancels. */
  async pick(log: vscode.Uri, labels: { noScript: string; title: string }): Promise<vscode.Uri | null | undefined> {
    const found = await vscode.workspace.findFiles('**/*.py', '**/{node_modules,.git,.venv,venv,env,site-packages,__pycache__}/**', MAX_WORKSPACE_FILES);
    const logDir = path.posix.dirname(log.path);
    found.sort((a, b) => closeness(b.path, logDir) - closeness(a.path, logDir) || a.path.localeCompare(b.path));
    type Item = vscode.QuickPickItem & { uri: vscode.Uri | null };
    const items: Item[] = [
      ...found.map(u => ({ label: path.posix.basename(u.path), description: vscode.workspace.asRelativePath(u, true), uri: u as vscode.Uri | null })),
      { label: labels.noScript, uri: null },
    ];
    const choice = await vscode.window.showQuickPick(items, { title: labels.title, matchOnDescription: true });
    if (!choice) return undefined;
    await this.remember(log, choice.uri);
    return choice.uri;
  }

  private resolveSetting(setting: string, log: vscode.Uri): string {
    if (path.isAbsolute(setting)) return setting.replace(/\\/g, '/');
    const folder = vscode.workspace.getWorkspaceFolder(log);
    return path.posix.join(folder ? folder.uri.path : path.posix.dirname(log.path), setting.replace(/\\/g, '/'));
  }

  /** Reads and analyses one script. */
  async read(uri: vscode.Uri, foundBy: ScriptFoundBy): Promise<FoundScript | null> {
    let source: string;
    try {
      source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return null;
    }
    const { findings, facts } = await this.analyze(source);
    return { uri, input: { path: vscode.workspace.asRelativePath(uri, false), source, facts, findings, foundBy } };
  }

  /** `.py` files of the log's folder, its parent and grandparent, and those the log names that exist. */
  private async nearby(log: vscode.Uri, text: string): Promise<CandidateFile[]> {
    const out = new Map<string, CandidateFile>();
    let dir = vscode.Uri.joinPath(log, '..');
    for (let level = 0; level < 3; level++) {
      const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(dir)).then(e => e, () => null);
      if (!entries) break;
      for (const [name, type] of entries) {
        if (type !== vscode.FileType.File || !name.endsWith('.py')) continue;
        const uri = vscode.Uri.joinPath(dir, name);
        out.set(uri.path, { path: uri.path, mtimeMs: await mtime(uri) });
      }
      const up = vscode.Uri.joinPath(dir, '..');
      if (up.path === dir.path) break;
      dir = up;
    }
    const folder = vscode.workspace.getWorkspaceFolder(log);
    for (const m of mentionedScripts(text)) {
      const bases = [vscode.Uri.joinPath(log, '..'), ...(folder ? [folder.uri] : [])];
      for (const base of bases) {
        const uri = m.startsWith('/') ? log.with({ path: m }) : vscode.Uri.joinPath(base, m);
        if (out.has(uri.path)) continue;
        const t = await mtime(uri);
        if (t !== undefined) out.set(uri.path, { path: uri.path, mtimeMs: t });
      }
    }
    return [...out.values()];
  }

  /** Training scripts anywhere in the log's workspace folder (a cheap look at the text decides). */
  private async workspaceScripts(log: vscode.Uri, known: Set<string>): Promise<CandidateFile[]> {
    const folder = vscode.workspace.getWorkspaceFolder(log);
    if (!folder) return [];
    const out: CandidateFile[] = [];
    const ws = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.py'), '**/{node_modules,.git,.venv,venv,env,site-packages,__pycache__}/**', MAX_WORKSPACE_FILES);
    for (const uri of ws) {
      if (known.has(uri.path)) continue;
      const text = await readText(uri, 256 * 1024);
      if (text !== null && /\.backward\(\)|\.fit\(|Trainer\(/.test(text)) out.push({ path: uri.path, mtimeMs: await mtime(uri), hasTrainingLoop: true });
    }
    return out;
  }
}

function closeness(file: string, dir: string): number {
  const a = path.posix.dirname(file).split('/');
  const b = dir.split('/');
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

async function mtime(uri: vscode.Uri): Promise<number | undefined> {
  try {
    return (await vscode.workspace.fs.stat(uri)).mtime;
  } catch {
    return undefined;
  }
}

async function readText(uri: vscode.Uri, max: number): Promise<string | null> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return new TextDecoder().decode(bytes.subarray(0, max));
  } catch {
    return null;
  }
}

/** The head and tail of the log (its whole text when small); local files are read partially. */
async function logText(log: vscode.Uri): Promise<string> {
  if (log.scheme === 'file') {
    let h: fs.FileHandle | undefined;
    try {
      h = await fs.open(log.fsPath, 'r');
      const size = (await h.stat()).size;
      const head = Buffer.alloc(Math.min(size, LOG_TEXT_BYTES));
      await h.read(head, 0, head.length, 0);
      if (size <= 2 * LOG_TEXT_BYTES) {
        const rest = Buffer.alloc(size - head.length);
        await h.read(rest, 0, rest.length, head.length);
        return head.toString('utf8') + rest.toString('utf8');
      }
      const tail = Buffer.alloc(LOG_TEXT_BYTES);
      await h.read(tail, 0, tail.length, size - LOG_TEXT_BYTES);
      return `${head.toString('utf8')}\n${tail.toString('utf8')}`;
    } catch {
      return '';
    } finally {
      await h?.close();
    }
  }
  const all = await readText(log, 4 * LOG_TEXT_BYTES);
  return all ?? '';
}

import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { webviewHtml, makeNonce } from '../../src/editor/curves/webview-html';
import { parseViewToHost, type HostToView, type RenderReport, type ViewToHost } from '../../src/shared/protocol';

/**
 * The curves webview in a real browser, as VS Code would host it: the built dist/webview.js, media/ and the
 * codicons served from a localhost server, in the page src/editor/curves/webview-html.ts writes, under the
 * same Content-Security-Policy (the server's origin stands for the webview's cspSource). The test plays the
 * extension host: it posts protocol messages into the page and receives what the webview posts back.
 */

// the repository: this file runs from out/test/webview (tests) or bundled in dist/bench.js (benchmarks)
const ROOT = findRoot(__dirname);
const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.json': 'application/json', '.map': 'application/json' };

export type ThemeName = 'dark' | 'light' | 'high-contrast';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'train-doctor') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no train-doctor package.json above ${from}`);
  }
}

export function themes(): Record<ThemeName, unknown> {
  const load = (n: ThemeName) => JSON.parse(readFileSync(path.join(ROOT, 'test/webview/themes', `${n}.json`), 'utf8'));
  return { dark: load('dark'), light: load('light'), 'high-contrast': load('high-contrast') };
}

/** The local server: the page (a fresh nonce per load), the bundle, media, codicons and the VS Code shim. */
export async function startServer(): Promise<{ server: Server; origin: string }> {
  if (!existsSync(path.join(ROOT, 'dist/webview.js'))) throw new Error('dist/webview.js is missing: run `node scripts/build.mjs` first');
  const shim = `const __TD_THEMES = ${JSON.stringify(themes())};\n${readFileSync(path.join(ROOT, 'test/webview/vscode-shim.mjs'), 'utf8')}`;
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      const nonce = makeNonce(n => randomBytes(n));
      const page = webviewHtml({ cspSource: origin, nonce, script: '/dist/webview.js', styles: ['/media/curves.css'], codicons: '/dist/codicons/codicon.css', title: 'Training curves' })
        // VS Code injects acquireVsCodeApi with its own script; the shim does it here, under the same nonce
        .replace('<script nonce=', `<script nonce="${nonce}" src="/vscode-shim.js"></script>\n    <script nonce=`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // a browser asks; a webview would not
      return;
    }
    if (url.pathname === '/vscode-shim.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(shim);
      return;
    }
    const file = path.normalize(path.join(ROOT, decodeURIComponent(url.pathname)));
    const allowed = ['dist', 'media'].some(d => file.startsWith(path.join(ROOT, d) + path.sep));
    if (!allowed || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no server address');
  origin = `http://127.0.0.1:${addr.port}`;
  return { server, origin };
}

export class Browser {
  private constructor(private readonly context: BrowserContext, private readonly dir: string) {}

  static async launch(): Promise<Browser> {
    const dir = mkdtempSync(path.join(tmpdir(), 'td-chromium-'));
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1100, height: 900 } });
    return new Browser(context, dir);
  }

  async open(origin: string, o: { theme?: ThemeName; width?: number; height?: number } = {}): Promise<WebviewPage> {
    const page = await this.context.newPage();
    await page.setViewportSize({ width: o.width ?? 1100, height: o.height ?? 900 });
    const view = new WebviewPage(page);
    await view.attach();
    await page.goto(`${origin}/?theme=${o.theme ?? 'dark'}`);
    return view;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Waiter {
  pred: (m: ViewToHost) => boolean;
  resolve: (m: ViewToHost) => void;
}

/** One webview page: what it posted, CSP violations, console errors; waits on messages (never on time). */
export class WebviewPage {
  readonly received: ViewToHost[] = [];
  readonly violations: string[] = [];
  readonly errors: string[] = [];
  readonly invalid: string[] = [];
  private waiters: Waiter[] = [];

  constructor(readonly page: Page) {}

  async attach(): Promise<void> {
    await this.page.exposeFunction('__tdToHost', (raw: unknown) => {
      let msg: ViewToHost;
      try {
        msg = parseViewToHost(raw);
      } catch (e) {
        this.invalid.push(String(e));
        return;
      }
      if (msg.type === 'viewError') this.errors.push(`viewError: ${msg.message}`);
      this.received.push(msg);
      this.waiters = this.waiters.filter(w => (w.pred(msg) ? (w.resolve(msg), false) : true));
    });
    await this.page.exposeFunction('__tdViolation', (text: string) => this.violations.push(text));
    this.page.on('console', m => {
      if (m.type() === 'error') this.errors.push(`console.error: ${m.text()}`);
      if (m.type() === 'warning') this.errors.push(`console.warn: ${m.text()}`);
    });
    this.page.on('pageerror', e => this.errors.push(`pageerror: ${e.message}`));
  }

  /** The next message (from now, or already received when `past`) matching the predicate. */
  waitFor<T extends ViewToHost['type']>(type: T, pred: (m: Extract<ViewToHost, { type: T }>) => boolean = () => true, o: { past?: boolean; timeout?: number } = {}): Promise<Extract<ViewToHost, { type: T }>> {
    const match = (m: ViewToHost): m is Extract<ViewToHost, { type: T }> => m.type === type && pred(m as Extract<ViewToHost, { type: T }>);
    if (o.past) {
      const found = this.received.find(match);
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter(w => w !== waiter);
        reject(new Error(`no '${type}' message within ${o.timeout ?? 15000} ms; errors: ${this.errors.join(' | ') || 'none'}`));
      }, o.timeout ?? 15000);
      const waiter: Waiter = { pred: match, resolve: m => (clearTimeout(timer), resolve(m as Extract<ViewToHost, { type: T }>)) };
      this.waiters.push(waiter);
    });
  }

  /** Posts a message into the page the way the webview receives host messages (a window `message` event). */
  async post(msg: HostToView): Promise<void> {
    await this.page.evaluate(m => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), msg as unknown);
  }

  /** Posts and waits for the paint it causes. */
  async postAndRender(msg: HostToView, trigger: RenderReport['trigger'] = 'data'): Promise<RenderReport> {
    const painted = this.waitFor('rendered', m => m.report.trigger === trigger);
    await this.post(msg);
    return (await painted).report;
  }

  async setTheme(name: ThemeName): Promise<RenderReport> {
    const painted = this.waitFor('rendered', m => m.report.trigger === 'theme');
    await this.page.evaluate(n => (globalThis as unknown as { __tdSetTheme(n: string): void }).__tdSetTheme(n), name);
    return (await painted).report;
  }

  /** Everything that should never happen in a page: CSP violations, errors, invalid messages. */
  problems(): string[] {
    return [...this.violations.map(v => `CSP: ${v}`), ...this.errors, ...this.invalid.map(i => `invalid message: ${i}`)];
  }
}

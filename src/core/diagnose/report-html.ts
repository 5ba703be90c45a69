import type { Diagnosis, Finding } from './diagnose';
import { Translator } from './l10n';
import { evidenceText } from './text';

/**
 * The report as an HTML page for the editor's webview. Everything that comes from the log or the script is
 * escaped; the page holds no script of its own except the nonce'd click handler the host passes in, and its
 * links carry data attributes (file, line, log line, command) that the handler posts back to the extension.
 */
export interface HtmlOptions {
  /** Content-Security-Policy source of the webview (`webview.cspSource`). */
  cspSource: string;
  nonce: string;
  /** Display path of the log (relative to the workspace when inside it). */
  logLabel: string;
  /** Run and log are still growing: the report says it updates itself. */
  live?: boolean;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 24px; line-height: 1.45; }
h1 { font-size: 1.3em; margin: 16px 0 4px; }
.meta { color: var(--vscode-descriptionForeground); margin: 0 0 12px; }
.toolbar a { margin-right: 14px; }
a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
a:hover { text-decoration: underline; }
section.finding { border-left: 3px solid var(--vscode-editorInfo-foreground); padding: 4px 12px; margin: 14px 0; background: var(--vscode-editor-inactiveSelectionBackground); }
section.finding.error { border-left-color: var(--vscode-editorError-foreground); }
section.finding.warning { border-left-color: var(--vscode-editorWarning-foreground); }
.sev { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.04em; margin-right: 8px; }
.error .sev { color: var(--vscode-editorError-foreground); }
.warning .sev { color: var(--vscode-editorWarning-foreground); }
.info .sev { color: var(--vscode-editorInfo-foreground); }
h2 { font-size: 1.05em; margin: 6px 0; }
code, .src { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
.where, .evidence { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
.evidence { font-family: var(--vscode-editor-font-family); word-break: break-word; }
ol.causes li { margin: 6px 0; }
.why { color: var(--vscode-descriptionForeground); }
.rule { font-size: 0.85em; color: var(--vscode-descriptionForeground); margin-left: 6px; }
ul.skipped { color: var(--vscode-descriptionForeground); }
`;

export function diagnosisToHtml(d: Diagnosis, o: HtmlOptions): string {
  const t = new Translator(d.lang);
  const e = escapeHtml;
  const epochs = d.epochs === null ? t.ui('ui.steps-only') : t.ui('ui.epochs-count', { n: d.epochs });
  const scriptLine = d.script
    ? `${e(t.ui('ui.script', { path: '\u0000', how: t.ui(`ui.found.${d.scriptFoundBy ?? 'argument'}`) })).replace('\u0000', `<a data-file="${e(d.script)}" data-line="1">${e(d.script)}</a>`)}`
    : e(t.ui('ui.curves-only').replace(/ \(pass --script.*\)$/, ''));
  const body: string[] = [
    `<h1>${e(o.logLabel)}</h1>`,
    `<p class="meta">${e(d.format)}, ${e(epochs)}${o.live ? ` · ${e(t.ui('ui.live'))}` : ''}</p>`,
    `<p class="meta">${scriptLine}</p>`,
    `<p class="toolbar"><a data-command="pickScript">${e(t.ui('ui.pick-script'))}</a><a data-command="showCurves">${e(t.ui('ui.show-curves'))}</a><a data-command="rerun">${e(t.ui('ui.rerun'))}</a></p>`,
  ];
  if (d.findings.length === 0) body.push(`<p>${e(t.ui('ui.no-findings'))}</p>`);
  for (const f of d.findings) body.push(findingHtml(t, f, d.segments));
  if (d.skipped.length > 0) {
    body.push(`<h2>${e(t.ui('ui.skipped'))}</h2><ul class="skipped">`);
    for (const s of d.skipped) body.push(`<li><code>${e(s.symptom)}</code>: ${e(s.reason)}</li>`);
    body.push('</ul>');
  }
  const csp = `default-src 'none'; style-src 'nonce-${o.nonce}'; script-src 'nonce-${o.nonce}'; img-src ${o.cspSource};`;
  return `<!DOCTYPE html>
<html lang="${e(d.lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${o.nonce}">${CSS}</style>
<title>${e(o.logLabel)}</title></head>
<body>
${body.join('\n')}
<script nonce="${o.nonce}">${CLICK_SCRIPT}</script>
</body></html>`;
}

function findingHtml(t: Translator, f: Finding, segments: number): string {
  const e = escapeHtml;
  const where: string[] = [];
  if (segments > 1 && f.segment !== null) where.push(e(t.ui('ui.segment', { n: f.segment + 1, total: segments })));
  if (f.epochs) where.push(e(t.ui('ui.where.epochs', { from: f.epochs[0], to: f.epochs[1] })));
  if (f.steps) where.push(e(t.ui('ui.where.steps', { from: f.steps[0], to: f.steps[1] })));
  if (f.logLines) where.push(`<a data-log-line="${f.logLines[0]}">${e(t.ui('ui.where.lines', { from: f.logLines[0], to: f.logLines[1] }))}</a>`);
  const parts = [
    `<section class="finding ${f.severity}" id="${e(f.symptom)}-${f.segment ?? 'script'}">`,
    `<h2><span class="sev">${e(t.ui(`ui.severity.${f.severity}`))}</span>${e(f.title)}</h2>`,
    `<p class="where"><code>${e(f.symptom)}</code>${where.length ? ` · ${where.join(' · ')}` : ''}${f.symptom !== 'code-finding' ? ` · <a data-doc="${e(f.symptom)}">${e(t.ui('ui.docs'))}</a>` : ''}</p>`,
    `<p>${e(f.explanation)}</p>`,
  ];
  const ev = Object.entries(f.evidence).filter(([, v]) => v !== null).map(([k, v]) => `${e(k)}=${e(evidenceText(v))}`).join(', ');
  if (ev) parts.push(`<p class="evidence">${ev}</p>`);
  if (f.causes.length > 0) {
    parts.push(`<h3>${e(t.ui('ui.causes'))}</h3><ol class="causes">`);
    for (const c of f.causes) {
      parts.push(`<li><a data-file="${e(c.file)}" data-line="${c.line}"><span class="src">${e(c.file)}:${c.line}</span></a> <code>${e(c.text)}</code>${c.rule ? `<span class="rule">${e(c.rule)}</span>` : ''}<br><span class="why">${e(c.why)}</span></li>`);
    }
    parts.push('</ol>');
  }
  if (f.advice.length > 0) {
    parts.push(`<h3>${e(t.ui('ui.check'))}</h3><ul>`);
    for (const a of f.advice) parts.push(`<li>${e(a)}</li>`);
    parts.push('</ul>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * Clicks become messages to the extension: `{ type: 'openSource', file, line }`, `{ type: 'revealLogLine', line }`,
 * `{ type: 'openDoc', symptom }`, `{ type: 'command', command }`. The extension validates every field.
 */
const CLICK_SCRIPT = `(() => {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', ev => {
    const a = ev.target instanceof Element ? ev.target.closest('a') : null;
    if (!a) return;
    ev.preventDefault();
    const d = a.dataset;
    if (d.file) vscode.postMessage({ type: 'openSource', file: d.file, line: Number(d.line) });
    else if (d.logLine) vscode.postMessage({ type: 'revealLogLine', line: Number(d.logLine) });
    else if (d.doc) vscode.postMessage({ type: 'openDoc', symptom: d.doc });
    else if (d.command) vscode.postMessage({ type: 'command', command: d.command });
  });
})();`;

/** Messages the report webview sends, validated at the boundary. */
export type ReportMessage =
  | { type: 'openSource'; file: string; line: number }
  | { type: 'revealLogLine'; line: number }
  | { type: 'openDoc'; symptom: string }
  | { type: 'command'; command: 'pickScript' | 'showCurves' | 'rerun' };

export function parseReportMessage(m: unknown): ReportMessage | null {
  if (typeof m !== 'object' || m === null) return null;
  const o = m as Record<string, unknown>;
  const line = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < 1e9;
  switch (o['type']) {
    case 'openSource':
      return typeof o['file'] === 'string' && o['file'].length > 0 && line(o['line']) ? { type: 'openSource', file: o['file'], line: o['line'] as number } : null;
    case 'revealLogLine':
      return line(o['line']) ? { type: 'revealLogLine', line: o['line'] as number } : null;
    case 'openDoc':
      return typeof o['symptom'] === 'string' && /^[a-z-]+$/.test(o['symptom']) ? { type: 'openDoc', symptom: o['symptom'] } : null;
    case 'command':
      return o['command'] === 'pickScript' || o['command'] === 'showCurves' || o['command'] === 'rerun' ? { type: 'command', command: o['command'] } : null;
    default:
      return null;
  }
}

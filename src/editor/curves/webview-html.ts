/**
 * The curves webview's page. Pure (no `vscode` import) so the browser tests serve exactly this page, under
 * exactly this policy, from a local server.
 *
 * The Content-Security-Policy: nothing by default; one script, allowed by a per-load nonce (no inline code,
 * no eval: Vega runs with its expression interpreter); styles and fonts only from the extension's own files
 * (`cspSource`), so no inline <style> and no style attributes in markup; images only from those files (the
 * PNG export reads the canvas, it loads nothing; the browser tests prove no data: or blob: source is needed).
 * No connect-src: the page talks to nothing but the extension, by messages.
 */
export interface PageResources {
  /** The webview's `cspSource` (VS Code) or the test server's origin. */
  cspSource: string;
  nonce: string;
  script: string;
  styles: string[];
  /** codicon.css, linked with the id @vscode-elements' icons look for. */
  codicons: string;
  title: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
  ].join('; ');
}

export function webviewHtml(r: PageResources): string {
  const styles = r.styles.map(href => `<link rel="stylesheet" href="${attr(href)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(r.cspSource, r.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(r.codicons)}">
    ${styles}
    <title>${text(r.title)}</title>
  </head>
  <body>
    <main id="root"></main>
    <script nonce="${attr(r.nonce)}" src="${attr(r.script)}"></script>
  </body>
</html>`;
}

/** A fresh nonce per page load: 128 random bits, base64 (the CSP's nonce-source grammar). */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  return Buffer.from(randomBytes(16)).toString('base64');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

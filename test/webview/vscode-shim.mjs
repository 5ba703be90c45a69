// Stands in for what VS Code's webview host injects into the page: acquireVsCodeApi (messages to the host
// go to the test through an exposed binding, JSON round-tripped as VS Code does; state kept in
// sessionStorage, as VS Code keeps it across a reload) and the theme: --vscode-* variables set on <html>
// and the theme class on <body>. The test server writes the themes in front of this file (__TD_THEMES).
/* global __TD_THEMES, sessionStorage, location, URLSearchParams */
(() => {
  const themes = __TD_THEMES;
  const params = new URLSearchParams(location.search);
  let state = JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null');
  window.acquireVsCodeApi = () => ({
    postMessage: m => window.__tdToHost(JSON.parse(JSON.stringify(m))),
    getState: () => state,
    setState: s => {
      state = s;
      sessionStorage.setItem('vscode-state', JSON.stringify(s));
    },
  });
  document.addEventListener('securitypolicyviolation', e => window.__tdViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
  window.__tdSetTheme = name => {
    const t = themes[name];
    const html = document.documentElement;
    for (const prop of [...html.style]) if (prop.startsWith('--vscode-')) html.style.removeProperty(prop);
    for (const [k, v] of Object.entries(t.variables)) html.style.setProperty(k, v);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    document.body.classList.add(t.kind);
    document.body.dataset.vscodeThemeKind = t.kind;
  };
  window.__tdSetTheme(params.get('theme') ?? 'dark');
})();

import { FALLBACK_DARK, type ChartTheme } from '../src/core/chart/chart-theme';

const FALLBACK_LIGHT: ChartTheme = {
  ...FALLBACK_DARK,
  kind: 'light',
  background: '#ffffff',
  foreground: '#3b3b3b',
  muted: '#717171',
  grid: '#e5e5e5',
  palette: ['#1a85ff', '#d18616', '#e51400', '#388a34', '#652d90', '#bf8803', '#007acc', '#a31515'],
  splits: { train: '#1a85ff', val: '#d18616', test: '#388a34', other: '#652d90' },
  nonFinite: '#e51400',
  best: '#388a34',
  crosshair: '#717171',
  symptoms: { error: '#e51400', warning: '#bf8803', info: '#1a85ff' },
};

/** VS Code's theme kind, from the class it puts on <body> (`vscode-light`, `vscode-dark`, `vscode-high-contrast`...). */
export function themeKind(): string {
  const attr = document.body.dataset['vscodeThemeKind'];
  const cls = [...document.body.classList].find(c => c.startsWith('vscode-'));
  return (attr ?? cls ?? 'vscode-dark').replace(/^vscode-/, '');
}

/**
 * The chart theme from the VS Code theme: the `--vscode-*` variables VS Code sets on the webview's <html>
 * (charts.* colours are the ones VS Code defines for charts), with the matching fallback for each one missing.
 */
export function readTheme(): ChartTheme {
  const kind = themeKind();
  const light = kind === 'light' || kind === 'high-contrast-light';
  const base = light ? FALLBACK_LIGHT : FALLBACK_DARK;
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const blue = v('charts-blue', base.splits.train);
  const orange = v('charts-orange', base.splits.val);
  const green = v('charts-green', base.splits.test);
  const red = v('charts-red', base.nonFinite);
  const purple = v('charts-purple', base.splits.other);
  const yellow = v('charts-yellow', base.symptoms.warning);
  const fontSize = parseFloat(v('font-size', '13px'));
  return {
    kind,
    background: v('editor-background', base.background),
    foreground: v('editor-foreground', v('foreground', base.foreground)),
    muted: v('descriptionForeground', base.muted),
    grid: v('charts-lines', base.grid),
    fontFamily: v('font-family', base.fontFamily),
    fontSize: Number.isFinite(fontSize) && fontSize > 6 ? fontSize : 13,
    palette: [blue, orange, green, purple, yellow, red, v('terminal-ansiCyan', base.palette[6]!), v('terminal-ansiMagenta', base.palette[7]!)],
    splits: { train: blue, val: orange, test: green, other: purple },
    nonFinite: red,
    best: green,
    crosshair: v('descriptionForeground', base.crosshair),
    symptoms: { error: red, warning: yellow, info: blue },
    highContrast: kind.startsWith('high-contrast'),
  };
}

import type { Config } from 'vega-lite';

/**
 * The chart's colours and fonts, taken from the VS Code theme by the webview (its `--vscode-*` CSS
 * variables), and the Vega config they make. Pure data, so the spec builder and its tests need no DOM.
 */
export interface ChartTheme {
  /** `light` | `dark` | `high-contrast` | `high-contrast-light`, as VS Code names the theme kinds. */
  kind: string;
  background: string;
  foreground: string;
  /** Axis labels and titles. */
  muted: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
  /** One colour per run when runs are compared (VS Code's chart colours first). */
  palette: string[];
  /** One colour per split when a single run is shown. */
  splits: { train: string; val: string; test: string; other: string };
  nonFinite: string;
  best: string;
  crosshair: string;
  symptoms: { error: string; warning: string; info: string };
  /** High contrast themes get thicker lines and no faint raw curve below 0.5 opacity. */
  highContrast: boolean;
}

/** Used when the page has no VS Code variables (the bench, a browser test without a theme). */
export const FALLBACK_DARK: ChartTheme = {
  kind: 'dark',
  background: '#1f1f1f',
  foreground: '#cccccc',
  muted: '#9d9d9d',
  grid: '#2b2b2b',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 12,
  palette: ['#3794ff', '#cca700', '#f14c4c', '#89d185', '#b180d7', '#d18616', '#4ec9b0', '#ce9178'],
  splits: { train: '#3794ff', val: '#d18616', test: '#89d185', other: '#b180d7' },
  nonFinite: '#f14c4c',
  best: '#89d185',
  crosshair: '#9d9d9d',
  symptoms: { error: '#f14c4c', warning: '#cca700', info: '#3794ff' },
  highContrast: false,
};

export function vegaConfig(t: ChartTheme): Config {
  const label = { labelColor: t.muted, titleColor: t.muted, labelFont: t.fontFamily, titleFont: t.fontFamily, labelFontSize: t.fontSize - 1, titleFontSize: t.fontSize - 1, titleFontWeight: 'normal' as const };
  return {
    // aria descriptions are computed per point by Vega's expression interpreter: thousands of calls per
    // paint for text nobody reads on a canvas chart (the panel has its own accessible summary)
    aria: false,
    background: t.background,
    font: t.fontFamily,
    view: { stroke: t.grid, strokeOpacity: 0.5 },
    axis: { ...label, gridColor: t.grid, domainColor: t.grid, tickColor: t.grid, gridOpacity: t.highContrast ? 0.5 : 0.3, domainOpacity: 0.6, tickOpacity: 0.6 },
    text: { font: t.fontFamily, fontSize: t.fontSize - 1, color: t.foreground },
    line: { strokeWidth: t.highContrast ? 2 : 1.5 },
  };
}

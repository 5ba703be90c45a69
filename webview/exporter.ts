import type { ChartTheme } from '../src/core/chart/chart-theme';
import type { PanelView } from './panel-view';

const SCALE = 2;
const TITLE_HEIGHT = 28;

/**
 * The shown panels as one image, stacked, under a title line naming the runs: PNG (base64, drawn on a canvas
 * from each panel's Vega canvas at twice the size) or SVG (each panel's Vega SVG nested at its offset). Text
 * is added as text nodes / canvas text, so run names stay data in the exported file too.
 */
export async function exportImage(panels: readonly PanelView[], format: 'png' | 'svg', theme: ChartTheme, title: string): Promise<string> {
  return format === 'png' ? png(panels, theme, title) : svg(panels, theme, title);
}

async function png(panels: readonly PanelView[], theme: ChartTheme, title: string): Promise<string> {
  const canvases = (await Promise.all(panels.map(p => p.chart.canvas(SCALE)))).filter((c): c is HTMLCanvasElement => c !== null);
  const width = Math.max(1, ...canvases.map(c => c.width));
  const height = TITLE_HEIGHT * SCALE + canvases.reduce((n, c) => n + c.height, 0);
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = theme.foreground;
  ctx.font = `${13 * SCALE}px ${theme.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 8 * SCALE, (TITLE_HEIGHT * SCALE) / 2);
  let y = TITLE_HEIGHT * SCALE;
  for (const c of canvases) {
    ctx.drawImage(c, 0, y);
    y += c.height;
  }
  const url = out.toDataURL('image/png');
  return url.slice(url.indexOf(',') + 1);
}

async function svg(panels: readonly PanelView[], theme: ChartTheme, title: string): Promise<string> {
  const NS = 'http://www.w3.org/2000/svg';
  const doc = document.implementation.createDocument(NS, 'svg', null);
  const root = doc.documentElement;
  let y = TITLE_HEIGHT;
  let width = 1;
  const parts = await Promise.all(panels.map(p => p.chart.image('svg', 1)));
  const bg = doc.createElementNS(NS, 'rect');
  root.append(bg);
  const text = doc.createElementNS(NS, 'text');
  text.setAttribute('x', '8');
  text.setAttribute('y', String(TITLE_HEIGHT / 2 + 5));
  text.setAttribute('fill', theme.foreground);
  text.setAttribute('font-family', theme.fontFamily);
  text.setAttribute('font-size', '13');
  text.textContent = title;
  root.append(text);
  for (const part of parts) {
    const parsed = new DOMParser().parseFromString(part, 'image/svg+xml').documentElement;
    if (parsed.nodeName !== 'svg') continue;
    const w = Number(parsed.getAttribute('width')) || 0;
    const hgt = Number(parsed.getAttribute('height')) || 0;
    const nested = doc.importNode(parsed, true) as unknown as Element;
    nested.setAttribute('y', String(y));
    root.append(nested);
    y += hgt;
    width = Math.max(width, w);
  }
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(y));
  bg.setAttribute('fill', theme.background);
  root.setAttribute('xmlns', NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(y));
  root.setAttribute('viewBox', `0 0 ${width} ${y}`);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
}

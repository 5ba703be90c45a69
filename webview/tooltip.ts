import type { XAxisKind } from '../src/shared/protocol';
import { clear, h } from './dom';
import type { PanelView } from './panel-view';

/**
 * The crosshair's tooltip: for the panel under the pointer, each series' drawn point nearest to the
 * crosshair with its exact value as read from the log (never interpolated), the smoothed value, and the log
 * line it came from; non-finite values at that x are listed too. Text only.
 */
export class Tooltip {
  readonly el = h('div', { class: 'tooltip', attrs: { role: 'tooltip', 'aria-hidden': 'true' } });

  show(panel: PanelView, x: number, axis: XAxisKind, xTitle: string, smoothing: number, clientX: number, clientY: number): void {
    clear(this.el);
    let shownX: number | null = null;
    const rows = h('div', { class: 'tooltip-rows' });
    for (const d of panel.series) {
      const i = d.data.nearest(x);
      if (i < 0) continue;
      const px = d.data.xs[i]!;
      shownX ??= px;
      const swatch = h('span', { class: 'swatch' });
      swatch.style.setProperty('--swatch', d.color);
      const value = h('span', { class: 'tooltip-value', text: fmt(d.data.ys[i]!) });
      const row = h('div', { class: 'tooltip-row' }, swatch, h('span', { class: 'tooltip-name', text: d.label }), value);
      if (smoothing > 0) {
        const sm = d.data.smoothed(smoothing);
        const j = nearestIndex(sm.xs, px);
        if (j >= 0) row.append(h('span', { class: 'tooltip-smoothed', text: `smoothed ${approx(sm.ys[j]!)}` }));
      }
      if (px !== shownX) row.append(h('span', { class: 'tooltip-at', text: `@ ${fmt(px)}` }));
      row.append(h('span', { class: 'tooltip-line', text: `line ${d.data.lines[i]}` }));
      rows.append(row);
      for (const e of d.data.events) {
        if (Math.abs(e.x - px) > 1e-9 && Math.abs(e.x - x) > Math.abs(px - x)) continue;
        rows.append(h('div', { class: 'tooltip-row event' }, h('span', { class: 'tooltip-name', text: `${d.label}: ${e.kind}${e.count > 1 ? ` ×${e.count}` : ''} at ${fmt(e.x)}` }), h('span', { class: 'tooltip-line', text: `line ${e.line}` })));
      }
    }
    this.el.append(h('div', { class: 'tooltip-title', text: `${xTitle} ${axis === 'wall' ? approx(shownX ?? x) : fmt(shownX ?? x)}` }), rows);
    this.el.dataset['axis'] = axis;
    this.el.classList.add('visible');
    // keep it inside the window, beside the pointer
    const w = this.el.offsetWidth;
    const hgt = this.el.offsetHeight;
    const left = clientX + 16 + w > window.innerWidth ? clientX - 16 - w : clientX + 16;
    const top = Math.min(Math.max(4, clientY - hgt / 2), window.innerHeight - hgt - 4);
    this.el.style.left = `${Math.max(4, left)}px`;
    this.el.style.top = `${top}px`;
  }

  hide(): void {
    this.el.classList.remove('visible');
  }
}

/** A value read from the log, exactly: JavaScript's shortest round-trip form is the number as written. */
function fmt(v: number): string {
  return String(v);
}

/** A computed value (smoothed, elapsed time): six significant digits. */
function approx(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

function nearestIndex(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(xs[lo - 1]! - x) <= Math.abs(xs[lo]! - x) ? lo - 1 : lo;
}

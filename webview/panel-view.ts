import type { TopLevelSpec } from 'vega-lite';
import { panelSpec, SIGNALS, DATA } from '../src/core/chart/spec';
import type { ChartTheme } from '../src/core/chart/chart-theme';
import type { PanelSpec } from '../src/core/chart/panels';
import type { PanelReport, YScaleKind } from '../src/shared/protocol';
import { ChartPanel, type Row } from './chart-panel';
import { actionIcon, checkbox } from './controls';
import { h } from './dom';
import { appendedRows, eventRow, panelMarks, panelRows, smoothable, type DrawnSeries, type PanelRows, type RowOptions } from './panel-rows';
import type { Appended } from './series-store';

export interface PanelLayout {
  xTitle: string;
  theme: ChartTheme;
  percent: boolean;
}

export const PANEL_HEIGHT = 230;

/** The spec a panel needs, and the key that says whether an embedded view already has it. */
export function panelChartSpec(scale: YScaleKind, theme: ChartTheme, steps: boolean, width: number): { spec: TopLevelSpec; key: string } {
  return { spec: panelSpec({ width, height: PANEL_HEIGHT, yScale: scale, theme, steps }), key: JSON.stringify([scale, steps, theme]) };
}

/** What the panel asks of the view: pointer and keyboard input is interpreted by the view across panels. */
export interface PanelHost {
  pointerAt(panel: PanelView, x: number | null, clientX: number, clientY: number): void;
  click(panel: PanelView, clientX: number, clientY: number): void;
  zoomBy(panel: PanelView, factor: number, center: number | null): void;
  panBy(panel: PanelView, fraction: number): void;
  panTo(panel: PanelView, domain: [number, number]): void;
  resetZoom(): void;
  stepCrosshair(panel: PanelView, direction: -1 | 1): void;
  activateCrosshair(panel: PanelView): void;
  setScale(panel: PanelView, scale: YScaleKind): void;
  close(panel: PanelView): void;
}

/** One panel (one metric): its header and controls, its Vega view, its rows. */
export class PanelView {
  readonly root: HTMLElement;
  readonly chart: ChartPanel;
  private readonly chartEl: HTMLElement;
  private readonly info: HTMLElement;
  private readonly scaleBox: HTMLElement & { checked: boolean };
  private layout: PanelLayout | null = null;
  series: DrawnSeries[] = [];
  rows: PanelRows | null = null;
  scale: YScaleKind;
  private xDomain: [number, number] | null = null;

  /** `warm`: a view embedded ahead of the data (see CurvesView.warmUp), adopted when its spec fits. */
  constructor(readonly spec: PanelSpec, scale: YScaleKind, private readonly host: PanelHost, closable: boolean, warm?: ChartPanel) {
    this.scale = scale;
    this.chart = warm ?? new ChartPanel(h('div'));
    this.chartEl = this.chart.container;
    this.chartEl.className = 'chart';
    this.chartEl.tabIndex = 0;
    this.chartEl.setAttribute('role', 'img');
    this.chartEl.setAttribute('aria-label', `${spec.title} chart. Arrow keys move the crosshair, Enter opens the point's log line, plus and minus zoom, 0 resets.`);
    this.info = h('span', { class: 'panel-info' });
    this.scaleBox = checkbox('Log scale', scale === 'log', on => this.host.setScale(this, on ? 'log' : 'linear'), 'Show the y axis on a true log scale');
    const actions = h('div', { class: 'panel-actions' }, this.scaleBox, closable ? actionIcon('close', `Hide the ${spec.title} panel`, () => this.host.close(this)) : null);
    this.root = h('section', { class: 'panel', attrs: { 'data-metric': spec.metric } }, h('header', { class: 'panel-header' }, h('h2', { text: spec.title }), this.info, actions), this.chartEl);
    this.listen();
  }

  get metric(): string {
    return this.spec.metric;
  }

  setScaleChecked(scale: YScaleKind): void {
    this.scale = scale;
    this.scaleBox.checked = scale === 'log';
  }

  /** Embeds again when the spec changed (scale, theme); returns whether it did. */
  async ensureSpec(layout: PanelLayout, width: number): Promise<boolean> {
    this.layout = layout;
    const { spec, key } = panelChartSpec(this.scale, layout.theme, this.spec.metric === 'lr', width);
    if (key === this.chart.specKey && this.chart.view) {
      await this.chart.resize(width, false);
      return false;
    }
    await this.chart.embed(spec, key);
    return true;
  }

  /** Draws every row for the current view. */
  async draw(series: DrawnSeries[], o: RowOptions): Promise<void> {
    this.series = series;
    this.rows = panelRows(series, o);
    this.xDomain = o.xDomain;
    this.updateInfo();
    const r = this.rows;
    await this.chart.replace(
      { [DATA.raw]: r.raw, [DATA.smooth]: r.smooth, [DATA.events]: r.events, [DATA.eventSpans]: r.eventSpans, [DATA.clipped]: r.clipped, [DATA.best]: r.best, [DATA.symptoms]: r.symptoms, [DATA.hover]: [] },
      {
        [SIGNALS.xDomain]: o.xDomain, [SIGNALS.yDomain]: r.yDomain ?? defaultY(this.scale), [SIGNALS.rawOpacity]: rawOpacity(series.some(smoothable) ? o.smoothing : 0, series.length, o.faint),
        [SIGNALS.xTitle]: this.layout?.xTitle ?? '', [SIGNALS.yTitle]: `${this.spec.title.toLowerCase()}${this.layout?.percent ? ' (%)' : ''}`,
      },
    );
  }

  /**
   * Adds appended points: inserted rows for the new raw and smoothed points and markers (Vega changeset, no
   * re-embed); the marks that depend on every point (y range, clipped markers, best point) are recomputed
   * from numbers. The y range only moves when the new points leave it or it became much too wide, so a
   * growing run does not make Vega re-encode every point on each new line.
   */
  async append(changes: { d: DrawnSeries; a: Appended }[], o: RowOptions): Promise<void> {
    const raw: Row[] = [];
    const smooth: Row[] = [];
    const events: Row[] = [];
    for (const { d, a } of changes) {
      const rows = appendedRows(d, a.from, a.smoothFrom, o);
      raw.push(...rows.raw);
      smooth.push(...rows.smooth);
      for (const e of a.events) events.push(eventRow(d, e));
    }
    const marks = panelMarks(this.series, o);
    const shown = this.rows?.yDomain ?? null;
    const yDomain = shown && marks.yDomain && !o.ignoreOutliers && covers(shown, marks.yDomain, this.scale) ? shown : marks.yDomain;
    const keep = yDomain === shown;
    if (this.rows) {
      this.rows.raw.push(...raw);
      this.rows.smooth.push(...smooth);
      this.rows.events.push(...events);
      Object.assign(this.rows, keep ? { ...marks, yDomain: shown } : marks);
    }
    this.updateInfo();
    const signals: Record<string, unknown> = {};
    if (!sameRange(this.xDomain, o.xDomain)) signals[SIGNALS.xDomain] = o.xDomain;
    if (!keep) signals[SIGNALS.yDomain] = yDomain ?? defaultY(this.scale);
    this.xDomain = o.xDomain;
    await this.chart.insert(
      { [DATA.raw]: raw, [DATA.smooth]: smooth, [DATA.events]: events },
      { [DATA.clipped]: keep && shown ? atEdges(marks.clipped, shown) : marks.clipped, [DATA.best]: marks.best, [DATA.eventSpans]: marks.eventSpans },
      signals,
    );
  }

  async crosshair(x: number | null, hover: Row[]): Promise<void> {
    await this.chart.insert({}, { [DATA.hover]: hover }, { [SIGNALS.crossX]: x });
  }

  report(keyOf: (sid: number) => string | undefined): PanelReport {
    const { marks, perSeries } = this.chart.sceneCounts();
    const series: PanelReport['series'] = [];
    for (const d of this.series) {
      const c = perSeries.get(d.sid) ?? { raw: 0, smoothed: 0, events: 0, clipped: 0 };
      series.push({ key: keyOf(d.sid) ?? '', ...c });
    }
    return { metric: this.metric, scale: this.scale, yDomain: this.rows?.yDomain ?? null, marks, series };
  }

  private updateInfo(): void {
    let total = 0;
    let drawn = 0;
    let reduced = false;
    for (const d of this.series) {
      total += d.data.total;
      drawn += d.data.xs.length;
      reduced ||= d.data.reduced;
    }
    const n = this.series.length;
    const parts = [`${n} series`, `${fmtCount(total)} points`];
    if (reduced) parts.push(`${fmtCount(drawn)} drawn (every spike kept)`);
    this.info.textContent = parts.join(' · ');
  }

  private listen(): void {
    const el = this.chartEl;
    let drag: { startX: number; domain: [number, number]; width: number; moved: boolean } | null = null;
    el.addEventListener('pointermove', e => {
      if (drag && e.buttons & 1) {
        const dx = e.clientX - drag.startX;
        if (Math.abs(dx) > 3) drag.moved = true;
        if (drag.moved && drag.width > 0) {
          const shift = (-dx / drag.width) * (drag.domain[1] - drag.domain[0]);
          this.host.panTo(this, [drag.domain[0] + shift, drag.domain[1] + shift]);
        }
        return;
      }
      this.host.pointerAt(this, this.chart.xAt(e.clientX), e.clientX, e.clientY);
    });
    el.addEventListener('pointerleave', () => this.host.pointerAt(this, null, 0, 0));
    el.addEventListener('pointerdown', e => {
      if (e.button !== 0) return;
      const domain = this.chart.xDomain();
      if (!domain) return;
      drag = { startX: e.clientX, domain, width: this.chart.plotWidth(), moved: false };
      el.setPointerCapture(e.pointerId);
    });
    el.addEventListener('pointerup', e => {
      const d = drag;
      drag = null;
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      if (d && !d.moved) this.host.click(this, e.clientX, e.clientY);
    });
    el.addEventListener('wheel', e => {
      e.preventDefault();
      this.host.zoomBy(this, Math.exp(e.deltaY * 0.0015), this.chart.xAt(e.clientX));
    }, { passive: false });
    el.addEventListener('dblclick', () => this.host.resetZoom());
    el.addEventListener('keydown', e => {
      const handled = (() => {
        switch (e.key) {
          case 'ArrowLeft':
          case 'ArrowRight': {
            const dir = e.key === 'ArrowLeft' ? -1 : 1;
            if (e.shiftKey) this.host.panBy(this, dir * 0.1);
            else this.host.stepCrosshair(this, dir);
            return true;
          }
          case '+':
          case '=':
            this.host.zoomBy(this, 1 / 1.25, null);
            return true;
          case '-':
          case '_':
            this.host.zoomBy(this, 1.25, null);
            return true;
          case '0':
          case 'Home':
            this.host.resetZoom();
            return true;
          case 'Enter':
            this.host.activateCrosshair(this);
            return true;
          case 'Escape':
            this.host.pointerAt(this, null, 0, 0);
            return true;
          default:
            return false;
        }
      })();
      if (handled) e.preventDefault();
    });
  }

  dispose(): void {
    this.chart.finalize();
    this.root.remove();
  }
}

/** Clipped markers moved to the edges of the range actually shown. */
function atEdges(clipped: Row[], shown: [number, number]): Row[] {
  return clipped.map(r => ({ ...r, y: r['shape'] === 'triangle-up' ? shown[1] : shown[0] }));
}

function sameRange(a: [number, number] | null, b: [number, number] | null): boolean {
  return a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1]);
}

/** Whether the shown y range still holds the needed one without being more than a third too wide. */
function covers(shown: [number, number], needed: [number, number], scale: YScaleKind): boolean {
  const t = scale === 'log' ? Math.log10 : (v: number) => v;
  const [s0, s1] = [t(shown[0]), t(shown[1])];
  const [n0, n1] = [t(needed[0]), t(needed[1])];
  return s0 <= n0 && s1 >= n1 && s1 - s0 <= (n1 - n0) * 1.35;
}

function defaultY(scale: YScaleKind): [number, number] {
  return scale === 'log' ? [0.1, 1] : [0, 1];
}

/** The raw curve is faint under a smoothed one, full when nothing is smoothed. */
function rawOpacity(smoothing: number, seriesCount: number, faint?: number): number {
  if (smoothing <= 0) return 1;
  return faint ?? (seriesCount > 4 ? 0.2 : 0.3);
}

/** 1234567 → "1,234,567" (toLocaleString costs tens of milliseconds on its first call: ICU loads). */
export function fmtCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

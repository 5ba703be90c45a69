import { axisTitle } from '../src/core/chart/axes';
import { clampWeight } from '../src/core/chart/ema';
import { panelsFor, visiblePanels, type PanelSpec } from '../src/core/chart/panels';
import { budgetForWidth } from '../src/core/chart/series-slice';
import type { ChartTheme } from '../src/core/chart/chart-theme';
import {
  assertNever, DEFAULT_VIEW_STATE, PROTOCOL_VERSION,
  type AppendSlice, type DataSlice, type HostToView, type RenderReport, type RunInfo, type SeriesInfo, type SymptomMarker, type ViewState, type XAxisKind, type YScaleKind,
} from '../src/shared/protocol';
import { actionIcon, button, checkbox, select, slider } from './controls';
import { clear, h } from './dom';
import { exportImage } from './exporter';
import type { DrawnSeries, RowOptions } from './panel-rows';
import { ChartPanel } from './chart-panel';
import { PanelView, fmtCount, panelChartSpec, type PanelHost } from './panel-view';
import { SeriesData } from './series-store';
import { readTheme } from './theme';
import { Tooltip } from './tooltip';
import { postToHost, saveState } from './vscode-api';

const DASH_BY_SPLIT = { train: 'solid', val: 'dash', test: 'dot' } as const;

/**
 * The curves view: holds the runs and their data for the current x axis, the user's view state, and one
 * PanelView per metric shown. Messages from the host come in through `handle`; everything it draws is
 * reported back (`rendered`) so the host and the tests can check a real chart was painted.
 */
export class CurvesView implements PanelHost {
  private runs: RunInfo[] = [];
  private readonly series = new Map<string, SeriesData>();
  private readonly sids = new Map<string, number>();
  private readonly keysBySid = new Map<number, string>();
  private axis: XAxisKind = 'epoch';
  /** The x range the current data was cut to (null: all of it). */
  private dataRange: [number, number] | null = null;
  private dataSeq = 0;
  private querySeq = 0;
  private state: ViewState = { ...DEFAULT_VIEW_STATE };
  private readonly panels = new Map<string, PanelView>();
  private readonly symptoms = new Map<string, SymptomMarker[]>();
  private theme: ChartTheme = readTheme();
  private readonly tooltip = new Tooltip();
  private crossX: number | null = null;
  private crossPanel: PanelView | null = null;
  private queryTimer: number | undefined;
  private initialised = false;
  /** A fresh reduction was asked for because appends outgrew the last one. */
  private reducing = false;

  private readonly header = h('header', { class: 'view-header' });
  private readonly toolbar = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Chart controls' } });
  private readonly notices = h('div', { class: 'notices', attrs: { 'aria-live': 'polite' } });
  private readonly legend = h('div', { class: 'legend', attrs: { role: 'group', 'aria-label': 'Runs and series' } });
  private readonly panelBox = h('div', { class: 'panels' });
  /** Off-screen home of the view embedded ahead of the data. */
  private readonly warmBox = h('div', { class: 'warm', attrs: { 'aria-hidden': 'true' } });
  private warm: ChartPanel | null = null;
  private readonly axisSlot = h('span', { class: 'slot' });
  private readonly metricSlot = h('span', { class: 'slot' });
  private smoothingSlider: ReturnType<typeof slider> | null = null;
  private outliersBox: (HTMLElement & { checked: boolean }) | null = null;
  private resetButton: HTMLElement | null = null;

  constructor(root: HTMLElement) {
    root.append(this.header, this.toolbar, this.notices, this.legend, this.panelBox, this.tooltip.el, this.warmBox);
    this.buildToolbar();
    this.showMessage('Loading the run…');
    new ResizeObserver(() => this.onResize()).observe(this.panelBox);
    // while the host reads the log, embed the chart most runs start with (a linear panel in this theme)
    setTimeout(() => void this.warmUp(), 0);
  }

  /**
   * Embeds one panel's Vega view before any data arrives: Vega-Lite's compile and Vega's parse take about
   * 200 ms on a cold page, and the host spends that time reading the log anyway. The first panel whose spec
   * matches adopts the view; its titles, domains and rows are all signals and data.
   */
  private async warmUp(): Promise<void> {
    if (this.warm || this.initialised) return;
    const chart = new ChartPanel(h('div'));
    this.warmBox.append(chart.container);
    const { spec, key } = panelChartSpec('linear', this.theme, false, this.chartWidth());
    this.warm = chart;
    await chart.embed(spec, key);
  }

  /** The warm view, if it fits a panel's spec (taken once). */
  private takeWarm(scale: YScaleKind, metric: string): ChartPanel | undefined {
    const w = this.warm;
    if (!w || w.specKey !== panelChartSpec(scale, this.theme, metric === 'lr', 0).key) return undefined;
    this.warm = null;
    return w;
  }

  // ---- messages ------------------------------------------------------------------------------------------

  async handle(msg: HostToView, received: number): Promise<void> {
    switch (msg.type) {
      case 'init':
        if (msg.version !== PROTOCOL_VERSION) this.notice('warning', `The extension speaks protocol ${msg.version}, this view ${PROTOCOL_VERSION}: reopen the panel.`);
        if (msg.state) this.state = { ...DEFAULT_VIEW_STATE, ...msg.state };
        this.initialised = true;
        this.setRuns(msg.runs);
        this.setData(msg.data);
        await this.renderAll('data', received);
        return;
      case 'runs':
        this.setRuns(msg.runs);
        this.setData(msg.data);
        await this.renderAll('data', received);
        return;
      case 'data':
        // a reply to an older query (the user zoomed again since) is dropped
        if (msg.data.seq !== 0 && msg.data.seq < this.querySeq) return;
        this.setData(msg.data);
        await this.renderAll('data', received);
        return;
      case 'append':
        await this.append(msg.runId, msg.series, received);
        return;
      case 'live': {
        const run = this.runs.find(r => r.id === msg.runId);
        if (run) run.live = msg.live;
        this.renderHeader();
        return;
      }
      case 'symptoms':
        this.symptoms.set(msg.runId, msg.markers);
        await this.renderAll('view', received);
        return;
      case 'notice':
        this.notice(msg.level, msg.text);
        return;
      default:
        assertNever(msg);
    }
  }

  /** The state to restore from (getState), before the host's `init` arrives. */
  restore(state: ViewState | null): void {
    if (state) this.state = { ...DEFAULT_VIEW_STATE, ...state };
  }

  get viewState(): ViewState {
    return this.state;
  }

  /** Points per series the host should send for the panels' width. */
  budget(): number {
    return budgetForWidth(this.chartWidth());
  }

  private setRuns(runs: RunInfo[]): void {
    this.runs = runs;
    for (const r of runs) for (const s of r.series) this.sidOf(s.key);
    this.persist();
  }

  private setData(data: DataSlice): void {
    this.reducing = false;
    this.axis = data.axis;
    this.dataRange = data.range;
    this.dataSeq = data.seq;
    this.series.clear();
    const infos = new Map<string, { info: SeriesInfo; run: RunInfo }>();
    for (const r of this.runs) for (const s of r.series) infos.set(s.key, { info: s, run: r });
    for (const slice of data.series) {
      const found = infos.get(slice.key);
      if (found) this.series.set(slice.key, new SeriesData(found.info, found.run.id, slice));
    }
  }

  private async append(runId: string, slices: AppendSlice[], received: number): Promise<void> {
    const byPanel = new Map<PanelView, { d: DrawnSeries; a: ReturnType<SeriesData['append']> }[]>();
    let tooMany = false;
    for (const slice of slices) {
      const data = this.series.get(slice.key);
      if (!data || data.runId !== runId) continue;
      const a = data.append(slice);
      data.info.count = slice.total;
      if (data.xs.length > 2 * this.budget()) tooMany = true;
      const panel = this.panels.get(data.info.metric);
      const drawn = panel?.series.find(d => d.data === data);
      if (panel && drawn) {
        let list = byPanel.get(panel);
        if (!list) byPanel.set(panel, (list = []));
        list.push({ d: drawn, a });
      }
    }
    const run = this.runs.find(r => r.id === runId);
    if (run && !run.live) {
      run.live = true;
      this.renderHeader();
    }
    await Promise.all([...byPanel].map(([panel, changes]) => panel.append(changes, this.rowOptions(panel))));
    await this.report('append', received);
    // A series that grew far past what was reduced for it gets a fresh reduction (once: the reply resets it).
    if (tooMany && !this.reducing) {
      this.reducing = true;
      this.query();
    }
  }

  // ---- rendering -----------------------------------------------------------------------------------------

  private panelSpecs(): PanelSpec[] {
    const infos = this.runs.flatMap(r => r.series).filter(s => s.axes.includes(this.axis));
    return panelsFor(infos.length > 0 ? infos : this.runs.flatMap(r => r.series));
  }

  private async renderAll(trigger: RenderReport['trigger'], received: number): Promise<void> {
    const width = this.chartWidth(); // before the DOM changes below
    this.renderHeader();
    this.renderNotices();
    const all = this.panelSpecs();
    const shown = visiblePanels(all, this.state.panels);
    // panels: keep, add, remove, in order
    for (const [metric, p] of this.panels) {
      if (!shown.some(s => s.metric === metric)) {
        p.dispose();
        this.panels.delete(metric);
      }
    }
    clear(this.panelBox);
    if (shown.length === 0) {
      this.showMessage(this.emptyMessage());
    }
    for (const spec of shown) {
      let p = this.panels.get(spec.metric);
      if (!p) {
        const scale = this.state.scales[spec.metric] ?? spec.defaultScale;
        p = new PanelView(spec, scale, this, shown.length > 1, this.takeWarm(scale, spec.metric));
        this.panels.set(spec.metric, p);
      }
      this.panelBox.append(p.root);
    }
    this.renderToolbar();
    this.renderLegend();
    await Promise.all(
      [...this.panels.values()].map(async p => {
        await p.ensureSpec({ xTitle: this.xTitle(), theme: this.theme, percent: this.isPercent(p.metric) }, width);
        await p.draw(this.drawnSeries(p.metric), this.rowOptions(p));
      }),
    );
    await this.report(trigger, received);
  }

  private drawnSeries(metric: string): DrawnSeries[] {
    const compare = this.colourGroups() > 1;
    const out: DrawnSeries[] = [];
    this.runs.forEach((run, runIndex) => {
      if (this.state.hidden.includes(run.path)) return;
      for (const info of run.series) {
        if (info.metric !== metric) continue;
        const data = this.series.get(info.key);
        if (!data || this.state.hidden.includes(hiddenKey(run, info))) continue;
        const group = this.groupIndex(runIndex, info.segment);
        const color = compare ? this.theme.palette[group % this.theme.palette.length]! : info.split ? this.theme.splits[info.split] : this.theme.splits.other;
        const dash = compare && info.split ? DASH_BY_SPLIT[info.split] : 'solid';
        out.push({ data, sid: this.sidOf(info.key), color, dash, label: this.seriesLabel(run, info) });
      }
    });
    return out;
  }

  /** Colour groups: one per (run, segment). One group: colour by split; several: colour by group, dash by split. */
  private colourGroups(): number {
    return this.runs.reduce((n, r) => n + Math.max(1, r.segments), 0);
  }

  private groupIndex(runIndex: number, segment: number): number {
    let g = 0;
    for (let i = 0; i < runIndex; i++) g += Math.max(1, this.runs[i]!.segments);
    return g + segment;
  }

  private seriesLabel(run: RunInfo, info: SeriesInfo): string {
    const seg = run.segments > 1 ? ` (run ${info.segment + 1})` : '';
    return this.runs.length > 1 ? `${run.label}: ${info.name}${seg}` : `${info.name}${seg}`;
  }

  private rowOptions(p: PanelView): RowOptions {
    const symptoms: RowOptions['symptoms'] = [];
    for (const run of this.runs) {
      if (this.state.hidden.includes(run.path)) continue;
      for (const m of this.symptoms.get(run.id) ?? []) {
        if ((m.axis ?? 'epoch') !== this.axis) continue;
        symptoms.push({ marker: m, color: this.theme.symptoms[m.severity] });
      }
    }
    const xDomain = this.state.zoom ?? this.stableExtent() ?? [0, 1];
    return { smoothing: clampWeight(this.state.smoothing), scale: p.scale, ignoreOutliers: this.state.ignoreOutliers, zoom: this.state.zoom, xDomain, symptoms, faint: this.theme.highContrast ? 0.5 : undefined };
  }

  private async report(trigger: RenderReport['trigger'], received: number): Promise<void> {
    // the paint is on screen after the next frame
    await new Promise<void>(r => requestAnimationFrame(() => r()));
    const painted = performance.now();
    const panels = [...this.panels.values()].map(p => p.report(sid => this.keysBySid.get(sid)));
    postToHost({ type: 'rendered', report: { seq: this.dataSeq, trigger, axis: this.axis, smoothing: clampWeight(this.state.smoothing), theme: this.theme.kind, panels, received, painted } });
  }

  private renderHeader(): void {
    clear(this.header);
    const title = h('div', { class: 'title' });
    for (const r of this.runs) {
      const item = h('span', { class: 'run-title', title: r.path }, h('span', { class: 'run-name', text: r.label }), r.format ? h('span', { class: 'run-format', text: r.format }) : null);
      if (r.live) item.append(h('span', { class: 'live', text: 'live', title: 'The log is growing: new points are drawn as they are written', attrs: { role: 'status' } }));
      title.append(item);
    }
    this.header.append(title);
  }

  /** The controls that do not depend on the runs: built once. */
  private buildToolbar(): void {
    this.smoothingSlider = slider('Smoothing', clampWeight(this.state.smoothing), v => this.setSmoothing(v));
    this.outliersBox = checkbox('Ignore outliers', this.state.ignoreOutliers, on => this.update({ ignoreOutliers: on }), 'Scale the y axis to the 5th-95th percentile band; values outside are marked at the edge');
    this.resetButton = button('Reset zoom', () => this.resetZoom(), { icon: 'zoom-out', secondary: true, title: 'Show the whole x range (double-click a chart, or press 0)' });
    this.resetButton.toggleAttribute('disabled', true);
    this.toolbar.append(
      this.axisSlot,
      this.smoothingSlider.root,
      this.outliersBox,
      this.metricSlot,
      h('span', { class: 'spacer' }),
      this.resetButton,
      button('Compare…', () => postToHost({ type: 'addRun' }), { icon: 'add', secondary: true, title: 'Add another run to compare' }),
      h('span', { class: 'export' },
        h('span', { class: 'control-label', text: 'Export' }),
        button('PNG', () => void this.exportImage('png'), { secondary: true, title: 'Save the charts as a PNG image' }),
        button('SVG', () => void this.exportImage('svg'), { secondary: true, title: 'Save the charts as an SVG image' }),
        button('CSV', () => this.exportCsv(), { secondary: true, title: 'Save the plotted series as CSV, every point of the visible range' })),
    );
  }

  /** The controls that depend on the runs: the x axes they have, the metrics not shown yet. */
  private renderToolbar(): void {
    this.smoothingSlider?.set(clampWeight(this.state.smoothing));
    if (this.outliersBox) this.outliersBox.checked = this.state.ignoreOutliers;
    this.resetButton?.toggleAttribute('disabled', this.state.zoom === null);
    clear(this.axisSlot);
    const axes = new Set(this.runs.flatMap(r => r.series.flatMap(s => s.axes)));
    const wallUnit = this.runs.find(r => r.wallUnit)?.wallUnit;
    const axisOptions = (['epoch', 'step', 'wall'] as const).filter(a => axes.has(a)).map(a => ({ value: a, label: axisTitle(a, wallUnit) }));
    if (axisOptions.length > 1) this.axisSlot.append(h('label', { class: 'control' }, h('span', { class: 'control-label', text: 'x axis' }), select('x axis', axisOptions, this.axis, v => this.setAxis(v as XAxisKind))));
    clear(this.metricSlot);
    const shown = new Set(this.panels.keys());
    const others = this.panelSpecs().filter(p => !shown.has(p.metric));
    if (others.length > 0) {
      this.metricSlot.append(select('Add a metric panel', [{ value: '', label: 'Add metric…' }, ...others.map(p => ({ value: p.metric, label: p.title }))], '', v => {
        if (v) this.update({ panels: [...shown, v] });
      }));
    }
  }

  /**
   * The legend: one toggle per series (swatch and name as written in the log), and per run when runs are
   * compared. Toggles are buttons with aria-pressed, so the keyboard reaches them and screen readers say
   * whether a curve is shown.
   */
  private renderLegend(): void {
    clear(this.legend);
    const compare = this.runs.length > 1;
    const metrics = new Set(this.panels.keys());
    this.runs.forEach((run, runIndex) => {
      const runHidden = this.state.hidden.includes(run.path);
      const entries = h('div', { class: 'legend-series' });
      for (const info of run.series) {
        if (!metrics.has(info.metric) || !this.series.has(info.key)) continue;
        const key = hiddenKey(run, info);
        const grouped = this.colourGroups() > 1;
        const color = grouped ? this.theme.palette[this.groupIndex(runIndex, info.segment) % this.theme.palette.length]! : info.split ? this.theme.splits[info.split] : this.theme.splits.other;
        const points = this.series.get(info.key)?.total ?? info.count;
        const label = `${info.name}${run.segments > 1 ? ` (run ${info.segment + 1})` : ''}`;
        entries.append(this.toggle(label, color, grouped && info.split ? DASH_BY_SPLIT[info.split] : 'solid', !this.state.hidden.includes(key), `${info.metric} · ${info.split ?? 'no split'} · ${fmtCount(points)} points`, on => this.toggleHidden(key, !on)));
      }
      if (compare) {
        const runToggle = this.toggle(run.label, null, 'solid', !runHidden, run.path, on => this.toggleHidden(run.path, !on));
        runToggle.classList.add('legend-run-name');
        const remove = actionIcon('close', `Remove ${run.label} from the comparison`, () => postToHost({ type: 'removeRun', runId: run.id }));
        remove.classList.add('legend-remove');
        this.legend.append(h('div', { class: `legend-run${runHidden ? ' off' : ''}` }, runToggle, entries, remove));
      } else {
        this.legend.append(entries);
      }
    });
  }

  private toggle(label: string, color: string | null, dash: string, on: boolean, title: string, onToggle: (on: boolean) => void): HTMLElement {
    const b = h('button', { class: `legend-item${on ? '' : ' off'}`, title: `${title}. Click to ${on ? 'hide' : 'show'}.`, attrs: { type: 'button', 'aria-pressed': String(on) } });
    if (color) {
      const swatch = h('span', { class: `swatch dash-${dash}` });
      swatch.style.setProperty('--swatch', color);
      b.append(swatch);
    }
    b.append(h('span', { class: 'legend-name', text: label }));
    b.addEventListener('click', () => onToggle(!on));
    return b;
  }

  private renderNotices(): void {
    clear(this.notices);
    for (const r of this.runs) {
      if (r.error) this.notices.append(h('div', { class: 'notice error', text: `${r.label}: ${r.error}` }));
      if (r.warningCount > 0) {
        const first = r.warnings[0];
        const text = `${r.label}: ${fmtCount(r.warningCount)} line${r.warningCount === 1 ? '' : 's'} not understood${first ? ` (line ${first.line}: ${first.message})` : ''}`;
        this.notices.append(h('div', { class: 'notice warning', text }));
      }
      const missing = r.series.filter(s => !s.axes.includes(this.axis)).length;
      if (!r.error && missing > 0 && missing < r.series.length) this.notices.append(h('div', { class: 'notice info', text: `${r.label}: ${missing} series have no ${axisTitle(this.axis, r.wallUnit)} values and are not drawn on this axis.` }));
    }
  }

  private notice(level: 'error' | 'warning' | 'info', text: string): void {
    const n = h('div', { class: `notice ${level} transient`, text });
    this.notices.append(n);
    setTimeout(() => n.remove(), 8000);
  }

  private showMessage(text: string): void {
    clear(this.panelBox);
    this.panelBox.append(h('p', { class: 'empty', text }));
  }

  private emptyMessage(): string {
    const errors = this.runs.filter(r => r.error);
    if (errors.length > 0 && errors.length === this.runs.length) return 'No curves to draw: see the message above.';
    if (this.runs.some(r => r.live)) return 'No metrics yet: waiting for the log to grow…';
    return 'No metrics found in this log.';
  }

  // ---- view state ----------------------------------------------------------------------------------------

  private update(change: Partial<ViewState>): void {
    this.state = { ...this.state, ...change };
    this.persist();
    void this.renderAll('view', performance.now());
  }

  private persist(): void {
    saveState({ version: PROTOCOL_VERSION, runs: this.runs.map(r => r.id), view: this.state });
  }

  private setSmoothing(v: number): void {
    this.state = { ...this.state, smoothing: clampWeight(v) };
    this.persist();
    // redraw only: smoothing is computed here on the reduced data
    const asked = performance.now();
    void this.redraw().then(() => this.report('view', asked));
  }

  private redrawing: Promise<void> | null = null;
  private redrawAgain = false;

  /**
   * Redraws every panel's rows at the next frame; calls while one is running coalesce into one more pass, so a
   * slider or a wheel that fires faster than Vega paints never queues up paints.
   */
  private redraw(): Promise<void> {
    if (this.redrawing) {
      this.redrawAgain = true;
      return this.redrawing;
    }
    this.redrawing = (async () => {
      do {
        this.redrawAgain = false;
        await new Promise(r => requestAnimationFrame(r));
        await Promise.all([...this.panels.values()].map(p => p.draw(p.series, this.rowOptions(p))));
      } while (this.redrawAgain);
    })().finally(() => {
      this.redrawing = null;
    });
    return this.redrawing;
  }

  private setAxis(axis: XAxisKind): void {
    this.state = { ...this.state, axis, zoom: null };
    this.persist();
    this.query(axis, null);
  }

  private toggleHidden(key: string, hide: boolean): void {
    const hidden = this.state.hidden.filter(k => k !== key);
    if (hide) hidden.push(key);
    this.update({ hidden });
  }

  setScale(panel: PanelView, scale: YScaleKind): void {
    panel.setScaleChecked(scale);
    this.update({ scales: { ...this.state.scales, [panel.metric]: scale } });
  }

  close(panel: PanelView): void {
    this.update({ panels: [...this.panels.keys()].filter(m => m !== panel.metric) });
  }

  /** Asks the host for the points of the current axis and zoom (exact values when zoomed in). */
  private query(axis = this.axis, range = this.state.zoom): void {
    postToHost({ type: 'query', seq: ++this.querySeq, axis, range, budget: this.budget() });
  }

  // ---- zoom, crosshair, click ----------------------------------------------------------------------------

  private setZoom(zoom: [number, number] | null): void {
    this.state = { ...this.state, zoom };
    this.resetButton?.toggleAttribute('disabled', zoom === null);
    // repaint at most once per frame while the wheel or a drag is moving
    const painted = this.redraw();
    clearTimeout(this.queryTimer);
    this.queryTimer = window.setTimeout(() => {
      this.persist();
      if (this.needsQuery()) this.query();
      else void painted.then(() => this.report('view', performance.now()));
    }, 200);
  }

  private needsQuery(): boolean {
    const zoom = this.state.zoom;
    if (this.dataRange && (!zoom || zoom[0] < this.dataRange[0] || zoom[1] > this.dataRange[1])) return true;
    // reduced data: zooming in asks for the exact points of the range
    return zoom !== null && [...this.series.values()].some(s => s.reduced);
  }

  resetZoom(): void {
    if (this.state.zoom === null) return;
    this.setZoom(null);
  }

  zoomBy(panel: PanelView, factor: number, center: number | null): void {
    const dom = panel.chart.xDomain();
    if (!dom) return;
    const c = center ?? (dom[0] + dom[1]) / 2;
    const next: [number, number] = [c - (c - dom[0]) * factor, c + (dom[1] - c) * factor];
    const full = this.fullExtent();
    if (full && factor > 1 && next[0] <= full[0] && next[1] >= full[1]) this.setZoom(null);
    else if (next[1] - next[0] > 0) this.setZoom(next);
  }

  panBy(panel: PanelView, fraction: number): void {
    const dom = panel.chart.xDomain();
    if (!dom) return;
    const shift = (dom[1] - dom[0]) * fraction;
    this.setZoom([dom[0] + shift, dom[1] + shift]);
  }

  panTo(_panel: PanelView, domain: [number, number]): void {
    this.setZoom(domain);
  }

  private liveDomain: [number, number] | null = null;

  /**
   * The x range when not zoomed: the full extent, with room to grow while a run is live. The range then
   * moves in steps of 15% rather than with every appended point: a moved range makes Vega re-encode every
   * point, a kept one only the new ones.
   */
  private stableExtent(): [number, number] | null {
    const full = this.fullExtent();
    if (!full || !this.runs.some(r => r.live)) {
      this.liveDomain = null;
      return full;
    }
    const d = this.liveDomain;
    const span = full[1] - full[0];
    if (d && d[0] === full[0] && d[1] >= full[1] && d[1] - d[0] <= span * 1.3) return d;
    this.liveDomain = [full[0], full[0] + span * 1.15];
    return this.liveDomain;
  }

  /** The x extent of every series drawn (points and non-finite markers), padded when it is a single x. */
  private fullExtent(): [number, number] | null {
    let lo = Infinity;
    let hi = -Infinity;
    const see = (x: number) => {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    };
    for (const p of this.panels.values()) {
      for (const d of this.drawnSeries(p.metric)) {
        const xs = d.data.xs;
        if (xs.length > 0) {
          see(xs[0]!);
          see(xs[xs.length - 1]!);
        }
        for (const e of d.data.events) see(e.x);
      }
    }
    if (lo > hi) return null;
    if (lo === hi) return [lo - 0.5, hi + 0.5];
    // room for a marker's half width (about 8 px) so markers on the first and last points are not cut
    const pad = (hi - lo) * Math.max(0.012, 8 / this.chartWidth());
    return [lo - pad, hi + pad];
  }

  pointerAt(panel: PanelView, x: number | null, clientX: number, clientY: number): void {
    this.crossX = x;
    this.crossPanel = x === null ? null : panel;
    this.drawCrosshair(clientX, clientY);
  }

  private drawCrosshair(clientX: number, clientY: number): void {
    const x = this.crossX;
    for (const p of this.panels.values()) {
      const hover = x === null ? [] : p.series.flatMap(d => {
        const i = d.data.nearest(x);
        return i < 0 ? [] : [{ x: d.data.xs[i]!, y: d.data.ys[i]!, c: d.color }];
      });
      void p.crosshair(x, hover);
    }
    const panel = this.crossPanel;
    if (x === null || !panel) {
      this.tooltip.hide();
      return;
    }
    this.tooltip.show(panel, x, this.axis, this.xTitle(), clampWeight(this.state.smoothing), clientX, clientY);
  }

  stepCrosshair(panel: PanelView, direction: -1 | 1): void {
    const first = panel.series[0];
    if (!first) return;
    const xs = first.data.xs;
    let i = this.crossX === null ? (direction > 0 ? 0 : xs.length - 1) : first.data.nearest(this.crossX) + direction;
    i = Math.max(0, Math.min(xs.length - 1, i));
    const x = xs[i]!;
    this.crossX = x;
    this.crossPanel = panel;
    const at = panel.chart.clientPoint(x, first.data.ys[i]!) ?? [0, 0];
    this.drawCrosshair(at[0], at[1]);
  }

  activateCrosshair(panel: PanelView): void {
    if (this.crossX === null) return;
    const at = this.nearestPoint(panel, this.crossX, null);
    if (at) postToHost({ type: 'revealLine', runId: at.runId, line: at.line });
  }

  click(panel: PanelView, clientX: number, clientY: number): void {
    const x = panel.chart.xAt(clientX);
    if (x === null) return;
    const at = this.nearestPoint(panel, x, clientY);
    if (at) postToHost({ type: 'revealLine', runId: at.runId, line: at.line });
  }

  /** The drawn point (or non-finite marker) nearest to the pointer: by x, then by distance in y on screen. */
  private nearestPoint(panel: PanelView, x: number, clientY: number | null): { runId: string; line: number } | null {
    let best: { runId: string; line: number; dist: number } | null = null;
    for (const d of panel.series) {
      const i = d.data.nearest(x);
      if (i < 0) continue;
      const p = panel.chart.clientPoint(d.data.xs[i]!, d.data.ys[i]!);
      const dist = clientY === null || !p ? 0 : Math.abs(p[1] - clientY);
      if (!best || dist < best.dist) best = { runId: d.data.runId, line: d.data.lines[i]!, dist };
      for (const e of d.data.events) {
        const ep = panel.chart.clientPoint(e.x, panel.rows?.yDomain?.[1] ?? 0);
        const xp = panel.chart.clientPoint(x, 0);
        if (ep && xp && Math.abs(ep[0] - xp[0]) < 5) best = { runId: d.data.runId, line: e.line, dist: -1 };
      }
    }
    return best;
  }

  // ---- export --------------------------------------------------------------------------------------------

  private async exportImage(format: 'png' | 'svg'): Promise<void> {
    const data = await exportImage([...this.panels.values()], format, this.theme, this.runs.map(r => r.label).join(' vs '));
    postToHost({ type: 'exportImage', format, data });
  }

  private exportCsv(): void {
    const keys = [...this.panels.values()].flatMap(p => p.series.map(d => d.data.key));
    postToHost({ type: 'exportCsv', axis: this.axis, range: this.state.zoom, keys, smoothing: clampWeight(this.state.smoothing) });
  }

  // ---- theme and size ------------------------------------------------------------------------------------

  /** VS Code changed the theme (body class and CSS variables): re-embed with the new colours. */
  onThemeChange(): void {
    const next = readTheme();
    if (JSON.stringify(next) === JSON.stringify(this.theme)) return;
    this.theme = next;
    if (this.initialised) void this.renderAll('theme', performance.now());
  }

  private resizeFrame = 0;
  private onResize(): void {
    this.width = 0;
    if (!this.initialised || this.resizeFrame) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = 0;
      this.width = 0;
      const w = this.chartWidth();
      void Promise.all([...this.panels.values()].map(p => p.chart.resize(w)));
    });
  }

  /**
   * The panels' width, read once per layout change (ResizeObserver) rather than after each DOM update:
   * reading clientWidth after changing the DOM forces a synchronous layout in the middle of a render.
   */
  private chartWidth(): number {
    // a panel's content box: the panels' width less its border and padding (media/curves.css: 1 + 8 px a side)
    if (this.width === 0) this.width = Math.max(280, (this.panelBox.clientWidth || 800) - 18);
    return this.width;
  }

  private width = 0;

  private xTitle(): string {
    return axisTitle(this.axis, this.runs.find(r => r.wallUnit)?.wallUnit);
  }

  private isPercent(metric: string): boolean {
    return this.runs.some(r => r.series.some(s => s.metric === metric && s.scale === 'percent'));
  }

  private sidOf(key: string): number {
    let sid = this.sids.get(key);
    if (sid === undefined) {
      sid = this.sids.size;
      this.sids.set(key, sid);
      this.keysBySid.set(sid, key);
    }
    return sid;
  }
}

function hiddenKey(run: RunInfo, info: SeriesInfo): string {
  return `${run.path}#${info.name}#${info.segment}`;
}

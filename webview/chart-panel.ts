import embed, { type EmbedOptions, type Result } from 'vega-embed';
import { closureInterpreter } from '../src/core/chart/closure-interpreter';
import { changeset, type View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { DATA, MARK_NAMES, SIGNALS, dropValidityFilters } from '../src/core/chart/spec';
import type { PanelReport } from '../src/shared/protocol';

export type Row = Record<string, unknown>;
export type DatasetName = (typeof DATA)[keyof typeof DATA];

/**
 * The options that make Vega work under the webview's CSP: expressions as ASTs run by an interpreter instead
 * of `new Function` (no 'unsafe-eval'; ours compiles each AST to closures once, vega-interpreter's semantics
 * at a fraction of the cost per evaluation, see src/core/chart/closure-interpreter.ts), no injected <style>
 * (defaultStyle: false; media/curves.css has what we need), no actions menu (exports go through VS Code's
 * save dialog), no Vega tooltip (ours shows exact values across series), and the canvas renderer (half the
 * time of SVG for the same chart).
 */
const EMBED_OPTIONS = {
  renderer: 'canvas' as const,
  ast: true,
  expr: closureInterpreter as unknown as EmbedOptions['expr'],
  actions: false,
  defaultStyle: false,
  tooltip: false,
  patch: dropValidityFilters,
};

interface SceneItem {
  datum?: Row;
  items?: SceneItem[];
  mark?: { name?: string };
  marktype?: string;
  name?: string;
}

/** One Vega view: embeds a panel spec, takes rows and signals, and reads back what it drew. */
export class ChartPanel {
  private result: Result | null = null;
  private embedding: Promise<void> = Promise.resolve();
  /** What the embedded spec was made from (scale, theme...): equal keys need no new embed. */
  specKey = '';

  constructor(readonly container: HTMLElement) {}

  get view(): View | null {
    return this.result?.view ?? null;
  }

  /** (Re-)embeds the spec: the previous view is finalized first (its listeners and timers go with it). */
  embed(spec: TopLevelSpec, key: string): Promise<void> {
    this.specKey = key;
    this.embedding = this.embedding.then(async () => {
      this.result?.finalize();
      this.result = null;
      this.result = await embed(this.container, spec, EMBED_OPTIONS);
    });
    return this.embedding;
  }

  /** Replaces every row of the given datasets and sets signals; paints once. */
  async replace(data: Partial<Record<DatasetName, Row[]>>, signals: Record<string, unknown> = {}): Promise<void> {
    await this.embedding;
    const view = this.view;
    if (!view) return;
    for (const [name, rows] of Object.entries(data)) view.data(name, rows);
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    await view.runAsync();
  }

  /** Adds rows at the end of datasets (a growing log): Vega's changeset insert, no re-embed. */
  async insert(data: Partial<Record<DatasetName, Row[]>>, replaceData: Partial<Record<DatasetName, Row[]>> = {}, signals: Record<string, unknown> = {}): Promise<void> {
    await this.embedding;
    const view = this.view;
    if (!view) return;
    for (const [name, rows] of Object.entries(data)) if (rows.length > 0) view.change(name, changeset().insert(rows));
    for (const [name, rows] of Object.entries(replaceData)) view.data(name, rows);
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    await view.runAsync();
  }

  /** Sets signals only (crosshair, zoom, opacity): the cheapest repaint. */
  async signals(signals: Record<string, unknown>): Promise<void> {
    await this.embedding;
    const view = this.view;
    if (!view) return;
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    await view.runAsync();
  }

  /** Resizes; painted now, or with the next run when `paint` is false. */
  async resize(width: number, paint = true): Promise<void> {
    await this.embedding;
    const view = this.view;
    if (!view || view.width() === width) return;
    view.width(width);
    if (paint) await view.runAsync();
  }

  /** The x data value under a pointer position (client coordinates), null outside the plot. */
  xAt(clientX: number): number | null {
    const view = this.view;
    if (!view) return null;
    const canvas = this.container.querySelector('canvas');
    if (!canvas) return null;
    const left = canvas.getBoundingClientRect().left + view.origin()[0];
    const px = clientX - left;
    const scale = view.scale('x') as { invert(v: number): number; range(): number[] };
    const [r0, r1] = scale.range() as [number, number];
    if (px < Math.min(r0, r1) - 2 || px > Math.max(r0, r1) + 2) return null;
    return scale.invert(px);
  }

  /** Client coordinates of a data point. */
  clientPoint(x: number, y: number): [number, number] | null {
    const view = this.view;
    const canvas = this.container.querySelector('canvas');
    if (!view || !canvas) return null;
    const rect = canvas.getBoundingClientRect();
    const [ox, oy] = view.origin();
    const sx = view.scale('x') as (v: number) => number;
    const sy = view.scale('y') as (v: number) => number;
    return [rect.left + ox + sx(x), rect.top + oy + sy(y)];
  }

  /** The x domain currently drawn. */
  xDomain(): [number, number] | null {
    const d = (this.view?.scale('x') as { domain(): number[] } | undefined)?.domain();
    return d && d.length === 2 ? [d[0]!, d[1]!] : null;
  }

  /** Plot width in pixels (inside the axes). */
  plotWidth(): number {
    const r = (this.view?.scale('x') as { range(): number[] } | undefined)?.range();
    return r ? Math.abs(r[1]! - r[0]!) : 0;
  }

  /** Counts the items of each layer in the rendered scene graph, per series where the rows carry one. */
  sceneCounts(): { marks: PanelReport['marks']; perSeries: Map<number, { raw: number; smoothed: number; events: number; clipped: number }> } {
    const marks = { raw: 0, smoothed: 0, events: 0, clipped: 0, best: 0, symptoms: 0 };
    const perSeries = new Map<number, { raw: number; smoothed: number; events: number; clipped: number }>();
    const bump = (d: Row | undefined, field: 'raw' | 'smoothed' | 'events' | 'clipped') => {
      const s = d?.['s'];
      if (typeof s !== 'number') return;
      let c = perSeries.get(s);
      if (!c) perSeries.set(s, (c = { raw: 0, smoothed: 0, events: 0, clipped: 0 }));
      c[field]++;
    };
    const visit = (node: SceneItem) => {
      const name = node.marktype ? node.name : undefined;
      for (const item of node.items ?? []) {
        switch (name) {
          case MARK_NAMES.raw: marks.raw++; bump(item.datum, 'raw'); break;
          case MARK_NAMES.smooth: marks.smoothed++; bump(item.datum, 'smoothed'); break;
          case MARK_NAMES.events: marks.events++; bump(item.datum, 'events'); break;
          case MARK_NAMES.clipped: marks.clipped++; bump(item.datum, 'clipped'); break;
          case MARK_NAMES.best: marks.best++; break;
          case MARK_NAMES.symptoms: marks.symptoms++; break;
        }
        visit(item);
      }
    };
    const root = (this.view?.scenegraph() as { root?: SceneItem } | undefined)?.root;
    if (root) visit(root);
    return { marks, perSeries };
  }

  /** PNG (as a data URL) or SVG text of this panel, at the given scale. */
  async image(format: 'png' | 'svg', scale: number): Promise<string> {
    await this.embedding;
    const view = this.view;
    if (!view) return '';
    return format === 'svg' ? view.toSVG(scale) : view.toImageURL('png', scale);
  }

  async canvas(scale: number): Promise<HTMLCanvasElement | null> {
    await this.embedding;
    return this.view ? ((await this.view.toCanvas(scale)) as unknown as HTMLCanvasElement) : null;
  }

  finalize(): void {
    this.result?.finalize();
    this.result = null;
  }
}

export { DATA, SIGNALS };

import assert from 'node:assert/strict';
import type { compile as Compile } from 'vega-lite';
import { FALLBACK_DARK } from '../../../src/core/chart/chart-theme';
import { DATA, MARK_NAMES, SIGNALS, dropValidityFilters, panelSpec, type PanelSpecOptions } from '../../../src/core/chart/spec';

interface VgData { name: string; source?: string; transform?: { type: string; expr?: string }[] }
interface VgMark { name?: string; type: string; marks?: VgMark[] }
interface VgScale { name: string; type?: string; domain?: unknown; zero?: boolean }

// vega-lite is ESM with top-level await in its graph: loaded with import(), once.
let compile: typeof Compile;

function compiled(o: Partial<PanelSpecOptions> = {}) {
  const warnings: string[] = [];
  const logger = {
    level: () => logger, info: () => logger, debug: () => logger,
    warn: (...m: unknown[]) => (warnings.push(m.join(' ')), logger),
    error: (...m: unknown[]) => (warnings.push(m.join(' ')), logger),
  };
  const spec = panelSpec({ width: 600, height: 200, xTitle: 'epoch', yTitle: 'loss', yScale: 'linear', theme: FALLBACK_DARK, ...o });
  const vg = dropValidityFilters(compile(spec, { logger: logger as never }).spec) as unknown as { data: VgData[]; marks: VgMark[]; scales: VgScale[]; signals: { name: string }[] };
  return { vg, warnings };
}

function markNames(marks: VgMark[]): string[] {
  return marks.flatMap(m => [m.name ?? '', ...markNames(m.marks ?? [])]);
}

describe('panel spec (Vega-Lite, compiled here with vega-lite itself)', () => {
  before(async () => {
    ({ compile } = await import('vega-lite'));
  });

  it('compiles without a warning, with every dataset, signal and named mark the webview uses', () => {
    const { vg, warnings } = compiled();
    assert.deepEqual(warnings, []);
    const names = vg.data.map(d => d.name);
    for (const d of Object.values(DATA)) assert.ok(names.includes(d), `dataset ${d}`);
    for (const s of Object.values(SIGNALS)) assert.ok(vg.signals.some(g => g.name === s), `signal ${s}`);
    const marks = markNames(vg.marks);
    for (const m of Object.values(MARK_NAMES)) assert.ok(marks.includes(m), `mark ${m}`);
  });

  it('takes both domains from our signals, never from the data', () => {
    const { vg } = compiled();
    const x = vg.scales.find(s => s.name === 'x')!;
    const y = vg.scales.find(s => s.name === 'y')!;
    assert.deepEqual(x.domain, { signal: SIGNALS.xDomain });
    assert.deepEqual(y.domain, { signal: SIGNALS.yDomain });
  });

  it('has no per-row expression left in front of the data (no Vega transforms at all)', () => {
    const { vg } = compiled();
    for (const d of vg.data) assert.equal(d.transform, undefined, `dataset ${d.name} has ${JSON.stringify(d.transform)}`);
  });

  it('makes a true log scale for the learning rate, without the zero a log scale cannot have', () => {
    const { vg, warnings } = compiled({ yScale: 'log', steps: true });
    assert.deepEqual(warnings, []);
    const y = vg.scales.find(s => s.name === 'y')!;
    assert.equal(y.type, 'log');
    assert.equal(y.zero, undefined);
  });
});

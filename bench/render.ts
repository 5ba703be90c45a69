import { performance } from 'node:perf_hooks';
import { initMessage } from '../src/core/chart/host-messages';
import { appendSlice, budgetForWidth, seriesKey, type ChartRun } from '../src/core/chart/series-slice';
import { newSeries, type Run, type Series } from '../src/core/run/model';
import { PROTOCOL_VERSION, type HostToView, type RenderReport } from '../src/shared/protocol';
import { Browser, startServer, type WebviewPage } from '../test/webview/harness';
import { median, type BenchContext, type Measure } from './measure';

/**
 * The curves view in Debian's chromium (the browser tests' page, same CSP), for a run of 2 × 10^6 points:
 * train and val loss per step, noisy, with spikes and a few NaNs.
 *
 * render-1e6-first-paint-ms: from an already-loaded webview receiving the data to the chart's first paint,
 * downsampling and smoothing included. The downsampling runs where the extension runs it, in the host (here
 * Node, the same code): its time, plus serialising the message as VS Code does, is added to the webview's own
 * time from the message event to the frame after the paint (embed, EMA on the reduced data, y range, Vega).
 *
 * append-repaint-ms: one new line of the log (a point per series) from the run model's update to the repaint:
 * building the append message in the host, then in the webview from the message to the frame after the paint
 * (Vega changeset insert, no re-embed). Median of the appends of a live run after the first few (logged),
 * whose code paths are still cold.
 */

const POINTS = 1_000_000;
const RUNS = 5;
const APPENDS = 20;
/** Appends before the measured ones: the page's code paths are cold right after the first paint. */
const WARM_APPENDS = 5;

function bigRun(n: number): Run {
  const train = newSeries({ metric: 'loss', split: 'train', name: 'train/loss', segment: 0, x: 'step' });
  const val = newSeries({ metric: 'loss', split: 'val', name: 'val/loss', segment: 0, x: 'step' });
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const fill = (s: Series, offset: number) => {
    for (let i = 0; i < n; i++) {
      s.xs.push(i);
      const spike = i % 97_001 === 500 ? 6 : 0;
      s.ys.push(i % 250_013 === 77 ? NaN : 2.3 * Math.exp(-i / 200_000) + offset + 0.15 * (rand() - 0.5) + spike);
      s.lines.push(2 * i + (offset > 0.2 ? 2 : 1));
    }
  };
  fill(train, 0.1);
  fill(val, 0.25);
  return { file: 'big.log', format: 'bench', series: [train, val], warnings: [], segments: 1 };
}

function grow(run: Run, k: number): void {
  for (const [j, s] of run.series.entries()) {
    const i = s.xs.length;
    s.xs.push(i);
    s.ys.push(0.3 + 0.1 * Math.sin(k) + j * 0.1);
    s.lines.push(2 * i + 1 + j);
  }
}

/** A loaded webview and the points per series the host would send it (from the width it reported). */
interface OpenView {
  page: WebviewPage;
  budget: number;
}

async function withPage<T>(ctx: BenchContext, fn: (open: () => Promise<OpenView>) => Promise<T>): Promise<T> {
  const { server, origin } = await startServer();
  const browser = await Browser.launch();
  try {
    return await fn(async () => {
      const page = await browser.open(origin, { width: 1200, height: 800 });
      const ready = await page.waitFor('ready', () => true, { past: true, timeout: 30_000 });
      if (ready.version !== PROTOCOL_VERSION) throw new Error('protocol mismatch');
      return { page, budget: budgetForWidth(ready.width) };
    });
  } catch (e) {
    ctx.log(`render bench failed: ${String(e)}`);
    throw e;
  } finally {
    await browser.close();
    server.close();
  }
}

/** Posts a message the way the host does (serialised to JSON) and returns the host-side and webview-side ms. */
async function deliver(page: WebviewPage, build: () => HostToView, trigger: RenderReport['trigger']): Promise<{ host: number; view: number; report: RenderReport }> {
  const t0 = performance.now();
  const msg = build();
  const json = JSON.stringify(msg);
  const host = performance.now() - t0;
  const painted = page.waitFor('rendered', m => m.report.trigger === trigger, { timeout: 60_000 });
  await page.post(JSON.parse(json) as HostToView);
  const report = (await painted).report;
  return { host, view: report.painted - report.received, report };
}

export const renderMeasures: Measure[] = [
  {
    key: 'render-1e6-first-paint-ms',
    unit: 'ms',
    goal: '< 300',
    async run(ctx) {
      const run = bigRun(POINTS);
      const runs: ChartRun[] = [{ id: 'file:///bench/big.log', label: 'big.log', path: 'big.log', run, error: null, live: false }];
      return withPage(ctx, async open => {
        const totals: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          const { page, budget } = await open();
          const t = await deliver(page, () => initMessage(runs, null, budget), 'data');
          const loss = t.report.panels.find(p => p.metric === 'loss');
          if (!loss || loss.marks.raw < 1000 || loss.marks.smoothed < 500) throw new Error(`nothing drawn: ${JSON.stringify(loss)}`);
          ctx.log(`first paint ${r + 1}: host ${t.host.toFixed(1)} ms (downsample 2x${POINTS} + JSON) + webview ${t.view.toFixed(1)} ms; drew ${loss.marks.raw} raw + ${loss.marks.smoothed} smoothed points`);
          totals.push(t.host + t.view);
          const problems = page.problems();
          if (problems.length > 0) throw new Error(problems.join('\n'));
          await page.page.close();
        }
        return median(totals);
      });
    },
  },
  {
    key: 'append-repaint-ms',
    unit: 'ms',
    goal: '< 50',
    async run(ctx) {
      const run = bigRun(POINTS);
      const runs: ChartRun[] = [{ id: 'file:///bench/big.log', label: 'big.log', path: 'big.log', run, error: null, live: true }];
      return withPage(ctx, async open => {
        const { page, budget } = await open();
        await deliver(page, () => initMessage(runs, null, budget), 'data');
        const totals: number[] = [];
        for (let k = 0; k < WARM_APPENDS + APPENDS; k++) {
          const from = run.series[0]!.xs.length;
          grow(run, k);
          const t = await deliver(page, () => ({ type: 'append', runId: runs[0]!.id, series: run.series.map((s, i) => appendSlice(run, s, seriesKey(runs[0]!.id, i), from, 'step')!) }), 'append');
          const drawn = t.report.panels.find(p => p.metric === 'loss')?.series.map(s => s.raw) ?? [];
          if (drawn.length !== 2) throw new Error(`append not drawn: ${JSON.stringify(t.report.panels)}`);
          totals.push(t.host + t.view);
        }
        const problems = page.problems();
        if (problems.length > 0) throw new Error(problems.join('\n'));
        const warm = totals.slice(0, WARM_APPENDS);
        const measured = totals.slice(WARM_APPENDS);
        ctx.log(`append repaint: first ${WARM_APPENDS} (cold) ${warm.map(t => t.toFixed(0)).join(', ')} ms; then median ${median(measured).toFixed(1)} ms over ${APPENDS} (min ${Math.min(...measured).toFixed(1)}, max ${Math.max(...measured).toFixed(1)})`);
        return median(measured);
      });
    },
  },
];

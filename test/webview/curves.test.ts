import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Server } from 'node:http';
import { parseLogBytes } from '../../src/core/logs/log-session';
import { parseLogFile } from '../../src/core/logs/read-log-file';
import { newSeries, type Run } from '../../src/core/run/model';
import { initMessage } from '../../src/core/chart/host-messages';
import { appendSlice, dataSlice, seriesKey, type ChartRun } from '../../src/core/chart/series-slice';
import { parseCsv, plottedCsv, CSV_HEADER } from '../../src/core/chart/csv';
import { DEFAULT_VIEW_STATE, type PanelReport, type RenderReport } from '../../src/shared/protocol';
import { Browser, startServer, type WebviewPage } from './harness';

/**
 * The curves webview in Debian's chromium, under the webview's CSP, fed the messages the extension sends for
 * real runs parsed by the core (fixtures from test/fixtures/logs, see SOURCES.md). Every test ends by checking
 * the page had no CSP violation, console error or warning, uncaught error or invalid message.
 */

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/logs/pytorch-tutorial');
const RESULTS = path.join(ROOT, 'test-results');
const XSS = '<img src=x onerror=alert(1)>';

function load(name: string): Run {
  const r = parseLogFile(path.join(FIXTURES, name));
  if (!r.ok) throw new Error(r.error);
  return r.run;
}

function chartRun(run: Run, label: string, id = `file:///runs/${label}`): ChartRun {
  return { id, label, path: `runs/${label}`, run, error: null, live: false };
}

function panel(report: RenderReport, metric: string): PanelReport {
  const p = report.panels.find(q => q.metric === metric);
  assert.ok(p, `no ${metric} panel in ${report.panels.map(q => q.metric).join(', ')}`);
  return p;
}

/** Finite values of a series (what must be drawn). */
function finiteCount(run: Run, index: number): number {
  let n = 0;
  const s = run.series[index]!;
  for (let i = 0; i < s.ys.length; i++) if (Number.isFinite(s.ys.at(i))) n++;
  return n;
}

/** A long per-step run: train and val loss, noisy, with spikes at known steps. */
function stepRun(n: number): Run {
  const train = newSeries({ metric: 'loss', split: 'train', name: 'train/loss', segment: 0, x: 'step' });
  const val = newSeries({ metric: 'loss', split: 'val', name: 'val/loss', segment: 0, x: 'step' });
  let seed = 11;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < n; i++) {
    train.xs.push(i);
    train.ys.push(i === Math.floor(n * 0.6) ? 25 : 2 * Math.exp(-i / (n / 4)) + 0.2 + 0.1 * rand());
    train.lines.push(i + 1);
    if (i % 10 === 0) {
      val.xs.push(i);
      val.ys.push(2.1 * Math.exp(-i / (n / 4)) + 0.3 + 0.05 * rand());
      val.lines.push(i + 1);
    }
  }
  return { file: 'steps.log', format: 'test', series: [train, val], warnings: [], segments: 1 };
}

/** The bits of an XML document the SVG check reads (the root tsconfig has no DOM types). */
interface XmlDoc {
  documentElement: { nodeName: string; textContent: string | null };
  getElementsByTagName(name: string): { length: number };
}

/** Checks the PNG signature, every chunk's CRC, and inflates the image data to its exact expected size. */
function decodePng(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  let at = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const len = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + len);
    assert.equal(bytes.readUInt32BE(at + 8 + len), crc(bytes.subarray(at + 4, at + 8 + len)), `CRC of ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.equal(body[8], 8, 'bit depth');
      colorType = body[9]!;
    } else if (type === 'IDAT') idat.push(body);
    at += 12 + len;
    if (type === 'IEND') break;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  assert.ok(channels > 0, `colour type ${colorType}`);
  assert.equal(inflateSync(Buffer.concat(idat)).length, height * (1 + width * channels), 'inflated image data size');
  return { width, height };
}

describe('curves webview in chromium (strict CSP)', function () {
  this.timeout(90_000);
  let server: Server;
  let origin: string;
  let browser: Browser;
  let view: WebviewPage;

  before(async () => {
    ({ server, origin } = await startServer());
    browser = await Browser.launch();
    mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(o: Parameters<Browser['open']>[1] = {}): Promise<WebviewPage> {
    view = await browser.open(origin, o);
    await view.waitFor('ready', () => true, { past: true });
    return view;
  }

  afterEach(async function () {
    if (!view) return;
    const problems = view.problems();
    await view.page.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, [], 'the page must have no CSP violation, error or warning');
  });

  it('renders a real run: every point of train and val loss and accuracy, smoothed, best epochs marked', async () => {
    const run = load('icelandman2-helping-hands-resnet18extended-numbers.md');
    const v = await open();
    const report = await v.postAndRender(initMessage([chartRun(run, 'resnet18.md')], null));
    assert.equal(report.axis, 'epoch');
    assert.deepEqual(report.panels.map(p => p.metric), ['loss', 'accuracy']);
    const loss = panel(report, 'loss');
    assert.deepEqual(loss.series.map(s => [s.raw, s.smoothed]), [[100, 100], [100, 100]]);
    assert.equal(loss.marks.raw, finiteCount(run, 0) + finiteCount(run, 2));
    assert.equal(loss.marks.best, 1, 'min val loss marked');
    assert.equal(panel(report, 'accuracy').marks.best, 1, 'max val accuracy marked');
    assert.equal(loss.marks.events, 0);
    // the legend names the series as written in the log
    assert.deepEqual(await v.page.locator('.legend-name').allTextContents(), ['train loss', 'train acc', 'val loss', 'val acc']);
  });

  it('marks NaN losses at their epochs and draws the learning rate on a true log scale, unsmoothed', async () => {
    const run = load('digits-mlp-naive-logsoftmax-nan.log');
    const v = await open();
    const report = await v.postAndRender(initMessage([chartRun(run, 'digits.log')], null));
    const loss = panel(report, 'loss');
    // 6 finite epochs, then nan for 24 epochs, for train and for val
    assert.deepEqual(loss.series.map(s => [s.raw, s.events]), [[6, 24], [6, 24]]);
    assert.equal(loss.marks.events, 48);
    assert.equal(await v.page.locator('.panel[data-metric="loss"] .panel-info').textContent(), '2 series · 60 points');
    const lr = panel(report, 'lr');
    assert.equal(lr.scale, 'log');
    assert.deepEqual([lr.marks.raw, lr.marks.smoothed], [30, 0]);
    assert.ok(lr.yDomain && lr.yDomain[0] > 0, 'a log range is positive');
    assert.equal(panel(report, 'accuracy').marks.events, 0);
  });

  it('turns smoothing off and on from the slider, the raw curve always drawn', async () => {
    const run = load('digits-mlp-sgd.log');
    const v = await open();
    const first = await v.postAndRender(initMessage([chartRun(run, 'sgd.log')], null));
    assert.equal(first.smoothing, 0.6);
    assert.equal(panel(first, 'loss').marks.smoothed, 80);
    const off = v.waitFor('rendered', m => m.report.smoothing === 0);
    await v.page.locator('.slider input[type=range]').fill('0');
    const r0 = (await off).report;
    assert.deepEqual([panel(r0, 'loss').marks.raw, panel(r0, 'loss').marks.smoothed], [80, 0]);
    const on = v.waitFor('rendered', m => m.report.smoothing === 0.95);
    await v.page.locator('.slider input[type=range]').fill('0.95');
    const r1 = (await on).report;
    assert.deepEqual([panel(r1, 'loss').marks.raw, panel(r1, 'loss').marks.smoothed], [80, 80]);
  });

  it('draws a 2×10^5-point run reduced by the host, keeping its spike, and asks for exact points on zoom', async () => {
    const run = stepRun(200_000);
    const runs = [chartRun(run, 'steps.log')];
    const v = await open();
    const report = await v.postAndRender(initMessage(runs, null));
    assert.equal(report.axis, 'step');
    const loss = panel(report, 'loss');
    const train = loss.series[0]!;
    assert.ok(train.raw > 1000 && train.raw <= 2002, `train drawn with ${train.raw} points`);
    assert.ok(loss.series[1]!.raw <= 2002, 'val (20,000 points) reduced too');
    assert.ok(loss.yDomain && loss.yDomain[1] >= 25, 'the spike (25) is inside the y range: it was drawn');
    // zoom in with the wheel: the view asks the host for the points of the visible range
    const query = v.waitFor('query', m => m.range !== null);
    const box = (await v.page.locator('.panel[data-metric="loss"] .chart canvas').boundingBox())!;
    await v.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await v.page.mouse.wheel(0, -1200); // one wheel event, one query (the view debounces a gesture)
    const q = await query;
    assert.ok(q.range && q.range[1] - q.range[0] < 200_000 / 2, `range ${q.range}`);
    const exact = dataSlice(runs, { axis: q.axis, range: q.range, budget: q.budget }, q.seq);
    const zoomed = await v.postAndRender({ type: 'data', data: exact });
    const z = panel(zoomed, 'loss').series[0]!;
    const inRange = exact.series[0]!;
    assert.equal(z.raw, inRange.xs.length);
    if (!inRange.reduced) assert.equal(inRange.xs.length, inRange.total, 'exact: every point of the range');
    // drag pans (a query for the new range), 0 on the focused chart resets (a query for everything)
    const panned = v.waitFor('query', m => m.seq > q.seq && m.range !== null);
    await v.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await v.page.mouse.down();
    await v.page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await v.page.mouse.up();
    const p = await panned;
    assert.ok(p.range![0] > q.range![0], `panned right: ${p.range} after ${q.range}`);
    const reset = v.waitFor('query', m => m.range === null);
    await v.page.locator('.panel[data-metric="loss"] .chart').focus();
    await v.page.keyboard.press('0');
    const r = await reset;
    const all = dataSlice(runs, { axis: r.axis, range: null, budget: r.budget }, r.seq);
    const whole = await v.postAndRender({ type: 'data', data: all });
    assert.equal(panel(whole, 'loss').series[0]!.raw, all.series[0]!.xs.length, 'back to the whole run, reduced');
    assert.equal(all.series[0]!.total, 200_000);
  });

  it('inserts appended points into the live chart without re-embedding it', async () => {
    const full = load('digits-mlp-sgd.log');
    // the same run cut after 30 epochs: what the file held when the view opened
    const text = (await import('node:fs')).readFileSync(path.join(FIXTURES, 'digits-mlp-sgd.log'), 'utf8');
    const cut = text.split('\n').slice(0, 30 * 6).join('\n') + '\n';
    const parsed = parseLogBytes(Buffer.from(cut), 'sgd.log', 'sgd.log');
    assert.ok(parsed.ok);
    const v = await open();
    const r0 = await v.postAndRender(initMessage([chartRun(parsed.run, 'sgd.log', 'file:///runs/sgd.log')], null));
    assert.equal(panel(r0, 'loss').series[0]!.raw, 30);
    await v.page.locator('.panel[data-metric="loss"] canvas').evaluate(c => c.setAttribute('data-first-embed', 'yes'));
    const grown = full.series.map((s, i) => appendSlice(full, s, seriesKey('file:///runs/sgd.log', i), 30, 'epoch')!);
    const r1 = await v.postAndRender({ type: 'append', runId: 'file:///runs/sgd.log', series: grown }, 'append');
    assert.deepEqual(panel(r1, 'loss').series.map(s => [s.raw, s.smoothed]), [[40, 40], [40, 40]]);
    assert.equal(panel(r1, 'lr').marks.raw, 40);
    assert.equal(await v.page.locator('.panel[data-metric="loss"] canvas[data-first-embed=yes]').count(), 1, 'same canvas: no re-embed');
    assert.equal(await v.page.locator('.live').count(), 1, 'shows live while the file grows');
  });

  it('exports PNG, SVG and CSV of what is plotted', async () => {
    const run = load('digits-mlp-naive-logsoftmax-nan.log');
    const runs = [chartRun(run, 'digits.log', 'file:///runs/digits.log')];
    const v = await open({ theme: 'light' });
    await v.postAndRender(initMessage(runs, null));

    const png = v.waitFor('exportImage', m => m.format === 'png');
    await v.page.getByRole('button', { name: 'PNG' }).click();
    const { width, height } = decodePng(Buffer.from((await png).data, 'base64'));
    assert.ok(width >= 1000 && height >= 3 * 400, `${width}x${height}: three panels at twice the size`);

    const svg = v.waitFor('exportImage', m => m.format === 'svg');
    await v.page.getByRole('button', { name: 'SVG' }).click();
    const text = (await svg).data;
    // parsed by the browser's XML parser, in a blank page
    const blank = await v.page.context().newPage();
    const parsed = await blank.evaluate(s => {
      const doc = new (globalThis as unknown as { DOMParser: new () => { parseFromString(s: string, t: string): XmlDoc } }).DOMParser().parseFromString(s, 'image/svg+xml');
      return { error: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.nodeName, paths: doc.getElementsByTagName('path').length, svgs: doc.getElementsByTagName('svg').length, text: doc.documentElement.textContent ?? '' };
    }, text);
    await blank.close();
    assert.equal(parsed.error, 0);
    assert.equal(parsed.root, 'svg');
    assert.equal(parsed.svgs, 1 + 3, 'one nested svg per panel');
    assert.ok(parsed.paths > 10);
    assert.ok(parsed.text.includes('digits.log') && parsed.text.includes('NaN ×48'));

    const csvAsk = v.waitFor('exportCsv');
    await v.page.getByRole('button', { name: 'CSV' }).click();
    const ask = await csvAsk;
    assert.deepEqual(ask.keys.sort(), [0, 1, 2, 3, 4].map(i => seriesKey('file:///runs/digits.log', i)).sort());
    const csv = plottedCsv(run.series.map(series => ({ run: 'digits.log', series, clock: undefined })), { axis: ask.axis, range: ask.range, smoothing: ask.smoothing });
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], CSV_HEADER);
    assert.equal(rows.length, 1 + 5 * 30);
    assert.equal(rows.filter(r => r[7] === 'NaN').length, 48);
  });

  it(`shows a metric named ${XSS} as text, everywhere`, async () => {
    const log = `Epoch 0/1\n----------\ntrain Loss: 0.5 Acc: 0.7 ${XSS}: 3\nval Loss: 0.4 Acc: 0.8\n\nEpoch 1/1\n----------\ntrain Loss: 0.4 Acc: 0.8 ${XSS}: 2\nval Loss: 0.3 Acc: 0.9\n`;
    const parsed = parseLogBytes(Buffer.from(log), `${XSS}.log`, `${XSS}.log`);
    assert.ok(parsed.ok);
    const metric = parsed.run.series.find(s => s.name.includes('<img'))!.metric;
    const v = await open();
    let dialogs = 0;
    v.page.on('dialog', d => {
      dialogs++;
      void d.dismiss();
    });
    const state = { ...DEFAULT_VIEW_STATE, panels: ['loss', metric] };
    const report = await v.postAndRender(initMessage([chartRun(parsed.run, `${XSS}.log`)], state));
    assert.equal(panel(report, metric).marks.raw, 2);
    assert.equal(await v.page.locator('img').count(), 0, 'no <img> element was created');
    assert.equal(await v.page.locator('.run-name').textContent(), `${XSS}.log`);
    assert.ok((await v.page.locator('.legend-name').allTextContents()).includes(`train ${XSS}`));
    assert.equal(await v.page.locator(`.panel[data-metric="${metric}"] h2`).textContent(), metric);
    assert.equal(dialogs, 0);
  });

  it('overlays two runs, one colour per run, and the legend toggles a run', async () => {
    const a = load('digits-mlp-sgd.log');
    const b = load('digits-mlp-naive-logsoftmax-nan.log');
    const runs = [chartRun(a, 'sgd.log'), chartRun(b, 'nan.log')];
    const v = await open();
    const report = await v.postAndRender(initMessage(runs, null));
    assert.equal(panel(report, 'loss').series.length, 4);
    assert.deepEqual(await v.page.locator('.legend-run-name .legend-name').allTextContents(), ['sgd.log', 'nan.log']);
    const swatch = (i: number) => v.page.locator('.legend-run').nth(i).locator('.swatch').first().evaluate(e => (globalThis as unknown as { getComputedStyle(e: unknown): { borderTopColor: string } }).getComputedStyle(e).borderTopColor);
    assert.notEqual(await swatch(0), await swatch(1), 'a colour per run');
    const hidden = v.waitFor('rendered', m => m.report.trigger === 'view');
    await v.page.locator('.legend-run-name', { hasText: 'nan.log' }).click();
    const after = (await hidden).report;
    assert.deepEqual(panel(after, 'loss').series.map(s => s.key), [seriesKey('file:///runs/sgd.log', 0), seriesKey('file:///runs/sgd.log', 2)]);
    assert.equal(await v.page.locator('.legend-run-name', { hasText: 'nan.log' }).getAttribute('aria-pressed'), 'false');
  });

  it('reveals the source line of a point, from the keyboard and by clicking', async () => {
    const run = load('digits-mlp-sgd.log');
    const v = await open();
    await v.postAndRender(initMessage([chartRun(run, 'sgd.log', 'file:///runs/sgd.log')], null));
    const chart = v.page.locator('.panel[data-metric="loss"] .chart');
    await chart.focus();
    await v.page.keyboard.press('ArrowRight'); // crosshair on the first point
    await v.page.keyboard.press('ArrowRight');
    const reveal = v.waitFor('revealLine');
    await v.page.keyboard.press('Enter');
    const msg = await reveal;
    assert.equal(msg.runId, 'file:///runs/sgd.log');
    assert.equal(msg.line, run.series[0]!.lines.at(1), 'train loss of epoch 1');
    assert.equal(await v.page.locator('.tooltip.visible .tooltip-title').textContent(), 'epoch 1');
    // exact values, as written in the log (train loss of epoch 1 is on line 9: "train Loss: 1.7431 ...")
    const values = await v.page.locator('.tooltip.visible .tooltip-value').allTextContents();
    assert.ok(values.includes(String(run.series[0]!.ys.at(1))), `${values} has ${run.series[0]!.ys.at(1)}`);
    // the mouse: hover shows the epoch under the pointer, a click there opens that epoch's line
    const box = (await chart.locator('canvas').boundingBox())!;
    await v.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const title = await v.page.locator('.tooltip.visible .tooltip-title').textContent();
    const epoch = Number(/^epoch (\d+)$/.exec(title ?? '')?.[1]);
    assert.ok(epoch > 5 && epoch < 35, `hovered ${title}`);
    const click = v.waitFor('revealLine');
    await v.page.mouse.down();
    await v.page.mouse.up();
    const clicked = (await click).line;
    const atEpoch = run.series.filter(s => s.metric === 'loss').map(s => s.lines.at(s.xs.toArray().indexOf(epoch)));
    assert.ok(atEpoch.includes(clicked), `line ${clicked} is not epoch ${epoch}'s (${atEpoch})`);
  });

  it('ignores outliers only when asked, marking the clipped points at the edge', async () => {
    const run = stepRun(20_000); // a spike of 25 at 60% of the run, the rest below 2.5
    const v = await open();
    const before = await v.postAndRender(initMessage([chartRun(run, 'steps.log')], null));
    assert.ok(panel(before, 'loss').yDomain![1] >= 25);
    assert.equal(panel(before, 'loss').marks.clipped, 0);
    const after = v.waitFor('rendered', m => m.report.trigger === 'view');
    await v.page.locator('vscode-checkbox', { hasText: 'Ignore outliers' }).click();
    const r = (await after).report;
    const loss = panel(r, 'loss');
    assert.ok(loss.yDomain![1] < 5, `y range ${loss.yDomain}`);
    assert.ok(loss.marks.clipped >= 1, 'the spike is marked at the top edge');
    assert.equal(loss.series[0]!.raw, panel(before, 'loss').series[0]!.raw, 'nothing is dropped from the curve');
  });

  it('switches the x axis between step, epoch and wall time when the log has them', async () => {
    const run = stepRun(3000);
    const train = run.series[0]!;
    train.epochAt = new (train.xs.constructor as new () => typeof train.xs)();
    train.wallTime = new (train.xs.constructor as new () => typeof train.xs)();
    for (let i = 0; i < train.xs.length; i++) {
      train.epochAt.push(Math.floor(i / 1000));
      train.wallTime.push(1_700_000_000 + i * 2);
    }
    const runs = [chartRun(run, 'steps.log')];
    const v = await open();
    const first = await v.postAndRender(initMessage(runs, null));
    assert.equal(first.axis, 'step');
    const query = v.waitFor('query', m => m.axis === 'wall');
    await v.page.locator('vscode-single-select[aria-label="x axis"]').click();
    await v.page.locator('vscode-single-select[aria-label="x axis"]').getByRole('option', { name: 'wall time (min)' }).click();
    const q = await query;
    const wall = await v.postAndRender({ type: 'data', data: dataSlice(runs, { axis: q.axis, range: q.range, budget: q.budget }, q.seq) });
    assert.equal(wall.axis, 'wall');
    assert.deepEqual(panel(wall, 'loss').series.map(s => s.key), [seriesKey('file:///runs/steps.log', 0)], 'only the series with wall times');
    assert.equal(await v.page.locator('.notice.info').count(), 1, 'says which series have no wall time');
  });

  it('says clearly when a file is not a training log, and draws nothing', async () => {
    const v = await open();
    const error = 'notes.txt does not look like a training log (no known format matched its first KB)';
    const report = await v.postAndRender(initMessage([{ id: 'file:///runs/notes.txt', label: 'notes.txt', path: 'notes.txt', run: undefined, error, live: false }], null));
    assert.deepEqual(report.panels, []);
    assert.equal(await v.page.locator('.notice.error').textContent(), `notes.txt: ${error}`);
    assert.equal(await v.page.locator('.empty').textContent(), 'No curves to draw: see the message above.');
  });

  it('draws diagnosis markers from the symptoms message', async () => {
    const run = load('digits-mlp-naive-logsoftmax-nan.log');
    const v = await open();
    await v.postAndRender(initMessage([chartRun(run, 'digits.log', 'file:///runs/digits.log')], null));
    const report = await v.postAndRender({ type: 'symptoms', runId: 'file:///runs/digits.log', markers: [{ symptom: 'nan-loss', severity: 'error', segment: 0, x: [6, 29], label: 'loss became NaN' }] }, 'view');
    assert.equal(panel(report, 'loss').marks.symptoms, 1);
  });

  it('restores its view state after a reload and sends it with ready', async () => {
    const run = load('digits-mlp-sgd.log');
    const v = await open();
    await v.postAndRender(initMessage([chartRun(run, 'sgd.log', 'file:///runs/sgd.log')], null));
    const changed = v.waitFor('rendered', m => m.report.smoothing === 0.9);
    await v.page.locator('.slider input[type=range]').fill('0.9');
    await changed;
    const readyAgain = v.waitFor('ready', m => m.state !== null);
    await v.page.reload();
    const ready = await readyAgain;
    assert.equal(ready.state?.smoothing, 0.9);
  });

  it('follows the VS Code theme: light, dark and high contrast (screenshots in test-results/)', async () => {
    const a = load('digits-mlp-sgd.log');
    const b = load('digits-mlp-naive-logsoftmax-nan.log');
    const v = await open({ theme: 'dark', width: 1200, height: 1180 });
    await v.postAndRender(initMessage([chartRun(a, 'digits-mlp-sgd.log'), chartRun(b, 'digits-mlp-naive-logsoftmax-nan.log')], { ...DEFAULT_VIEW_STATE, smoothing: 0.6 }));
    await v.page.screenshot({ path: path.join(RESULTS, 'curves-compare-dark.png') });
    const light = await v.setTheme('light');
    assert.equal(light.theme, 'light');
    await v.page.screenshot({ path: path.join(RESULTS, 'curves-compare-light.png') });
    const hc = await v.setTheme('high-contrast');
    assert.equal(hc.theme, 'high-contrast');
    await v.page.screenshot({ path: path.join(RESULTS, 'curves-compare-high-contrast.png') });
    // a single run with the crosshair and tooltip, both themes
    const single = await open({ theme: 'dark', width: 1100, height: 1000 });
    await single.postAndRender(initMessage([chartRun(load('icelandman2-helping-hands-resnet18extended-numbers.md'), 'resnet18extended_numbers.md')], null));
    const box = (await single.page.locator('.panel[data-metric="loss"] canvas').boundingBox())!;
    await single.page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.5);
    await single.page.locator('.tooltip.visible').waitFor();
    await single.page.screenshot({ path: path.join(RESULTS, 'curves-dark.png') });
    await single.setTheme('light');
    await single.page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.55);
    await single.page.screenshot({ path: path.join(RESULTS, 'curves-light.png') });
    const problems = v.problems();
    await v.page.close();
    assert.deepEqual(problems, []);
  });
});

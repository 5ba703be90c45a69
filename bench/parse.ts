import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, copyFileSync, openSync, readSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseLogFile, READ_CHUNK } from '../src/core/logs/read-log-file';
import { LogSession } from '../src/core/logs/log-session';
import { LogTail } from '../src/core/logs/log-tail';
import { nodeFileSystem } from '../src/core/logs/node-file-system';
import { median, type BenchContext, type Measure } from './measure';
import { generate, GENERATORS } from './parse-generators';

/**
 * The log engine's benchmarks (issues 2 and 3).
 *
 * `parse-throughput-ratio-<format>`: parse throughput of a 200 MB generated log of that format divided by the
 * baseline's on the same file, in the same run: `fs.readSync` into a 64 KiB buffer, a UTF-8 StringDecoder,
 * split on newlines carrying the partial line, counting lines (issue 2's definition). Goal >= 0.5.
 * `parse-throughput-ratio`: the slowest of them.
 *
 * The main formats — the layouts most people's logs are in, each a different reader: the PyTorch tutorial
 * print (pytorch-tutorial), free-form print lines (print-lines), Keras console output with its per-update
 * lines (keras-console), CSV tables (keras-csvlogger; generic CSV, Lightning, YOLO and timm share its reader),
 * JSON lines (json-lines; detectron2, MMEngine, DeiT share its reader) and the Hugging Face console dicts
 * (hf-trainer-console). Whole-file JSON (trainer_state.json) and binary event files are not line-rate formats.
 */
const MAIN_FORMATS = ['pytorch-tutorial', 'print-lines', 'keras-console', 'keras-csvlogger', 'json-lines', 'hf-trainer-console'];
const SIZE = 200 * 2 ** 20;
const ROUNDS = 3;

/** The last line the baseline split off: kept outside the loop so each line really becomes a string. */
let lastLine = '';

/** Issue 2's baseline: 64 KiB reads, StringDecoder, split on newlines carrying the partial line, count lines. */
export function baselineLines(file: string): number {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(64 * 1024);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lines = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = carry + decoder.write(buf.subarray(0, n));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        lastLine = text.slice(start, nl); // the line as a string, as a parser gets it
        lines++;
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    const rest = carry + decoder.end();
    if (rest.length > 0) lines++;
  } finally {
    closeSync(fd);
  }
  return lines + (lastLine.length & 0);
}

/**
 * CPU time (user + system) of `f`, in ms: the machines are shared by several engineers, and wall-clock time of a
 * descheduled process measures the neighbours; both sides of a ratio are measured the same way, in the same run.
 */
function timeIt(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const ratios = new Map<string, number>();

async function ratioOf(format: string, ctx: BenchContext): Promise<number> {
  const cached = ratios.get(format);
  if (cached !== undefined) return cached;
  const gen = GENERATORS[format]!;
  const file = path.join(ctx.scratch, gen.fileName);
  generate(gen, file, SIZE, ctx.log);
  const mb = statSync(file).size / 2 ** 20;
  const base: number[] = [];
  const parse: number[] = [];
  let points = 0;
  for (let r = 0; r < ROUNDS; r++) {
    base.push(timeIt(() => baselineLines(file)));
    parse.push(timeIt(() => {
      const out = parseLogFile(file);
      if (!out.ok) throw new Error(out.error);
      if (out.run.format !== gen.format) throw new Error(`${file} was read as ${out.run.format}, not ${gen.format}`);
      points = out.run.series.reduce((n, s) => n + s.ys.length, 0);
    }));
  }
  const b = median(base);
  const p = median(parse);
  ctx.log(`${format}: ${mb.toFixed(0)} MB, baseline ${(mb / (b / 1000)).toFixed(0)} MB/s, parse ${(mb / (p / 1000)).toFixed(0)} MB/s of CPU time (${points} points)`);
  const ratio = b / p;
  ratios.set(format, ratio);
  return ratio;
}

/** Absorbing a 1 KB append to a 100 MB log through LogTail: stat, check, read the new bytes, parse, delta. */
async function appendMs(ctx: BenchContext): Promise<number> {
  const gen = GENERATORS['keras-console']!;
  const source = path.join(ctx.scratch, 'fit-100mb.log');
  generate(gen, source, 100 * 2 ** 20, ctx.log);
  const file = path.join(ctx.scratch, 'tailed.log');
  copyFileSync(source, file);
  const tail = new LogTail(nodeFileSystem, file);
  const first = await tail.poll();
  if (first.kind !== 'replace') throw new Error(`first read: ${JSON.stringify(first)}`);
  const append = gen.block(999_990, () => 0.5).slice(0, 1024);
  const cut = append.lastIndexOf('\n') + 1;
  const times: number[] = [];
  for (let k = 0; k < 30; k++) {
    appendFileSync(file, append.slice(0, cut));
    const t0 = process.hrtime.bigint();
    const d = await tail.poll();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (d.kind !== 'append' && d.kind !== 'none') throw new Error(`append: ${JSON.stringify(d)}`);
  }
  truncateSync(file, 0);
  rmSync(file, { force: true });
  return median(times);
}

/**
 * Peak memory growth while parsing a 1 GB Keras-format log, measured in a child process (a fresh heap): the
 * peak resident set size (getrusage maxrss) minus the resident size just before parsing.
 */
async function memoryMb(ctx: BenchContext): Promise<number> {
  const file = path.join(ctx.scratch, 'fit-1gb.log');
  generate(GENERATORS['keras-console']!, file, 1024 * 2 ** 20, ctx.log);
  const child = spawnSync(process.execPath, [process.argv[1]!], { env: { ...process.env, TD_BENCH_MEMORY_CHILD: file }, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { growthMb: number; points: number; seconds: number };
  ctx.log(`1 GB keras log: ${result.points} points in ${result.seconds.toFixed(1)} s, peak RSS growth ${result.growthMb.toFixed(0)} MB`);
  return result.growthMb;
}

// The memory child: bench/main imports this module first, so it measures and exits before any suite runs.
const child = process.env['TD_BENCH_MEMORY_CHILD'];
if (child) {
  const before = process.memoryUsage().rss;
  const t0 = Date.now();
  const session = new LogSession(child, path.basename(child));
  const fd = openSync(child, 'r');
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  for (;;) {
    const n = readSync(fd, buf, 0, READ_CHUNK, null);
    if (n === 0) break;
    session.push(buf.subarray(0, n));
  }
  closeSync(fd);
  session.end();
  const r = session.result();
  const peak = process.resourceUsage().maxRSS * 1024;
  const points = r.ok ? r.run.series.reduce((n, s) => n + s.ys.length, 0) : -1;
  process.stdout.write(JSON.stringify({ growthMb: (peak - before) / 2 ** 20, points, seconds: (Date.now() - t0) / 1000 }) + '\n');
  process.exit(r.ok ? 0 : 1);
}

export const parseMeasures: Measure[] = [
  {
    key: 'parse-throughput-ratio',
    unit: 'x baseline',
    goal: '>= 0.5',
    async run(ctx) {
      let worst = Infinity;
      for (const f of MAIN_FORMATS) worst = Math.min(worst, await ratioOf(f, ctx));
      return worst;
    },
  },
  ...MAIN_FORMATS.map(
    (f): Measure => ({ key: `parse-throughput-ratio-${f}`, unit: 'x baseline', goal: '>= 0.5', run: ctx => ratioOf(f, ctx) }),
  ),
  { key: 'append-1kb-ms', unit: 'ms', goal: '< 5', run: appendMs },
  { key: 'parse-1gb-memory-mb', unit: 'MB', goal: '< 300', run: memoryMb },
];

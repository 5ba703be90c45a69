import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PythonAnalyzer } from '../src/core/lint/analysis';
import { loadPythonLanguage } from '../src/core/lint/parser/python-language';
import { median, type BenchContext, type Measure } from './measure';

const root = path.resolve(__dirname, '..');
const scriptsDir = path.join(root, 'test/fixtures/lint/scripts');

/** The realistic training scripts of the test fixtures, in a fixed order. */
function scripts(): string[] {
  return readdirSync(scriptsDir).filter(f => f.endsWith('.py')).sort().map(f => readFileSync(path.join(scriptsDir, f), 'utf8'));
}

/**
 * A 10,000-line file made of renamed copies of the fixture scripts (tutorial, research repo, Kaggle export,
 * Lightning, HF Trainer, pytorch/examples...), so it has their mix of defs, classes, loops and calls.
 */
export function tenThousandLines(): string {
  const src = scripts();
  const parts: string[] = [];
  let lines = 0;
  for (let k = 0; lines < 10000; k++) {
    let s = src[k % src.length]!;
    const names = [...s.matchAll(/^(?:def|class) (\w+)/gm)].map(m => m[1]!);
    for (const n of new Set(names)) s = s.replace(new RegExp(`\\b${n}\\b`, 'g'), `${n}_${k}`);
    parts.push(s);
    lines += s.split('\n').length + 1;
  }
  return parts.join('\n');
}

/** About 300 lines: the research repo, the tutorial and the AMP script. */
function typicalScript(): string {
  const byName = (n: string) => readFileSync(path.join(scriptsDir, n), 'utf8');
  return [byName('research-cifar-argparse.py'), byName('tutorial-transfer-learning.py'), byName('amp-accumulation-clean.py')].join('\n');
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** CPU time of this process (all its threads, GC included) spent in f. */
function cpu(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function medianOf(n: number, f: () => void): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(time(f));
  return median(xs);
}

let bigFile: string | undefined;
function bigFileOnDisk(ctx: BenchContext): string {
  if (!bigFile) {
    bigFile = path.join(ctx.scratch, 'lint-10k.py');
    writeFileSync(bigFile, tenThousandLines());
  }
  return bigFile;
}

export const lintMeasures: Measure[] = [
  {
    key: 'lint-10k-cold-ms',
    unit: 'ms',
    // a fresh process: WASM runtime and grammar load, first parse, extraction, rules; node start-up subtracted
    async run(ctx) {
      const file = bigFileOnDisk(ctx);
      const cli = path.join(root, 'dist/cli.js');
      const wall = (args: string[]) => time(() => {
        const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
        if (r.status === null || r.status > 1) throw new Error(`cli failed: ${r.stderr}`);
      });
      const startup = median([0, 1, 2].map(() => wall(['--help'])));
      const lint = median([0, 1, 2].map(() => wall(['lint', file, '--format', 'json', '--no-config'])));
      ctx.log(`10k lines: ${Math.round(lint)} ms wall, ${Math.round(startup)} ms node start-up`);
      return lint - startup;
    },
  },
  {
    key: 'lint-rules-overhead-ratio',
    unit: 'ratio',
    goal: '<= 1.5',
    // warm: (parse + fact extraction + semantic model + all five rules) ÷ (parse alone), same file, same process
    async run(ctx) {
      const text = tenThousandLines();
      const a = await PythonAnalyzer.load();
      const { parser } = await loadPythonLanguage();
      const lint = () => {
        const d = a.open(text);
        d.lint();
        d.dispose();
      };
      const parse = () => parser.parse(text)!.delete();
      for (let i = 0; i < 2; i++) {
        lint();
        parse();
      }
      // interleaved, in CPU time of this process (other jobs on the shared machine stretch wall time, not this),
      // the least disturbed of 9 runs each
      const lints: number[] = [];
      const parses: number[] = [];
      const wall: number[] = [];
      for (let i = 0; i < 9; i++) {
        const w0 = performance.now();
        lints.push(cpu(lint));
        wall.push(performance.now() - w0);
        parses.push(cpu(parse));
      }
      const l = Math.min(...lints);
      const p = Math.min(...parses);
      ctx.log(`10k lines warm, CPU ms: lint ${l.toFixed(1)}, parse alone ${p.toFixed(1)} (medians ${median(lints).toFixed(0)} / ${median(parses).toFixed(0)}; lint wall median ${median(wall).toFixed(0)} ms)`);
      return l / p;
    },
  },
  {
    key: 'lint-10k-edit-ms',
    unit: 'ms',
    goal: '< 50',
    // a one-line edit → new findings: diff, tree.edit, incremental parse, re-extraction of the touched statement,
    // model and rules (the editor's debounce is not included)
    async run(ctx) {
      const base = tenThousandLines();
      const a = await PythonAnalyzer.load();
      const doc = a.open(base);
      doc.lint();
      const anchors: number[] = [];
      for (let i = base.indexOf('optimizer.step()'); i >= 0 && anchors.length < 12; i = base.indexOf('optimizer.step()', i + 20000)) anchors.push(i);
      const times: number[] = [];
      const updates: number[] = [];
      let findings = 0;
      for (const [k, at] of anchors.entries()) {
        const edited = base.slice(0, at) + `optimizer.step()  # edit ${k}` + base.slice(at + 'optimizer.step()'.length);
        let updated = 0;
        times.push(time(() => {
          updated = time(() => doc.update(edited));
          findings = doc.lint().findings.length;
        }));
        updates.push(updated);
        doc.update(base);
        doc.lint();
      }
      doc.dispose();
      const total = median(times);
      const update = median(updates);
      ctx.log(`${anchors.length} one-line edits across the file, ${findings} findings each: update (diff, incremental parse, changed statements' facts) ${update.toFixed(1)} ms + model and rules ${(total - update).toFixed(1)} ms`);
      return total;
    },
  },
  {
    key: 'lint-300-warm-ms',
    unit: 'ms',
    goal: '< 10',
    async run(ctx) {
      const text = typicalScript();
      const a = await PythonAnalyzer.load();
      const once = () => {
        const d = a.open(text);
        d.lint();
        d.dispose();
      };
      for (let i = 0; i < 5; i++) once();
      const ms = medianOf(21, once);
      ctx.log(`${text.split('\n').length} lines: parse, facts, model, five rules`);
      return ms;
    },
  },
];

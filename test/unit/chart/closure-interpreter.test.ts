import assert from 'node:assert/strict';
import { closureInterpreter } from '../../../src/core/chart/closure-interpreter';
import { dropValidityFilters, panelSpec, DATA, SIGNALS } from '../../../src/core/chart/spec';
import { FALLBACK_DARK } from '../../../src/core/chart/chart-theme';

/* eslint-disable @typescript-eslint/no-explicit-any -- Vega's runtime objects are untyped here */

// vega, vega-lite and vega-interpreter are ESM with top-level await in their graph: loaded with import().
let vega: any;
let vl: any;
let reference: any;

describe('closure interpreter (vega-interpreter\'s semantics, compiled once)', () => {
  before(async () => {
    vega = await import('vega');
    vl = await import('vega-lite');
    reference = (await import('vega-interpreter')).expressionInterpreter;
  });

  const functions = () => ({ context: {}, upper3: (s: string) => String(s).toUpperCase().slice(0, 3), sum: (...a: number[]) => a.reduce((x, y) => x + y, 0) });
  const ast = (src: string) => vega.parseExpression(src);

  const cases: [string, Record<string, unknown>, unknown][] = [
    ['datum.a + datum.b * 2', { a: 1, b: 3 }, 7],
    ['datum.a > 2 ? "big" : "small"', { a: 3 }, 'big'],
    ['datum.a == "3" && !(datum.b != null)', { a: 3, b: null }, true],
    ['datum.missing || PI', {}, Math.PI],
    ['NaN', {}, undefined], // vega-interpreter's quirk: a falsy constant falls through to the params
    ['[datum.a, -datum.a, ~datum.a, +"2"]', { a: 5 }, [5, -5, -6, 2]],
    ['{k: datum.a, "q": 1}', { a: 2 }, { k: 2, q: 1 }],
    ['datum["a" + "b"]', { ab: 9 }, 9],
    ['if(datum.a, "y", "n")', { a: 0 }, 'n'],
    ['clamp(datum.a, 0, 1) + max(1, 2, 3) + pow(2, 3)', { a: 7 }, 12],
    ['upper3(datum.s) + lower("X")', { s: 'hello' }, 'HELx'],
    ['sum(1, 2, 3, 4)', {}, 10],
    ['join([1, 2], "-") + slice("abcdef", 1, 3)', {}, '1-2bc'],
    ['test(/b+/g, "abbc") && test(/b+/g, "abbc")', {}, true],
    ['datum.a % 4 + (datum.a << 1) + (datum.a >>> 0)', { a: 6 }, 2 + 12 + 6],
    ['length(datum.list) + indexof(datum.list, 3)', { list: [1, 2, 3] }, 5],
  ];
  for (const [src, datum, expected] of cases) {
    it(`evaluates ${src} like vega-interpreter`, () => {
      const fn = functions();
      const ours = closureInterpreter.parameter({ functions: fn }, { ast: ast(src) })(datum, { $w: 2 });
      const theirs = reference.parameter({ functions: fn }, { ast: ast(src) })(datum, { $w: 2 });
      assert.deepEqual(ours, theirs);
      assert.deepEqual(ours, expected);
    });
  }

  it('refuses the same dangerous members and properties', () => {
    const fn = functions();
    const datum = { f: Function, o: { constructor: 1 } };
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      for (const src of ['datum.f', 'datum.o["constructor"]', '{__proto__: 1}', '{then: 1}', '{toString: 2}']) {
        const ours = closureInterpreter.parameter({ functions: fn }, { ast: ast(src) })(datum, {});
        const theirs = reference.parameter({ functions: fn }, { ast: ast(src) })(datum, {});
        assert.deepEqual(ours, theirs, src);
      }
    } finally {
      console.error = original;
    }
    assert.equal(errors.length, 2 * 4, errors.join('\n'));
  });

  it('reads params, event and item where Vega passes them', () => {
    const fn = functions();
    assert.equal(closureInterpreter.operator({ functions: fn }, { ast: ast('w * 3') })({ $w: 2 }), 6);
    const event = { type: 'click', item: { datum: { v: 4 } }, vega: { x: () => 11 } };
    assert.equal(closureInterpreter.handler({ functions: fn }, { ast: ast('datum.v + x() + w') })({ $w: 1 }, event), 16);
    assert.equal(closureInterpreter.event({ functions: fn }, { ast: ast('event.type') })(event), 'click');
  });

  it('draws our panel exactly as vega-interpreter does (every item of every mark)', async () => {
    const spec = panelSpec({ width: 500, height: 200, xTitle: 'step', yTitle: 'loss', yScale: 'log', theme: FALLBACK_DARK, steps: true });
    const vg = dropValidityFilters(vl.compile(spec).spec);
    const rows = Array.from({ length: 300 }, (_, i) => ({ s: i % 2, x: i, y: 1 + Math.sin(i / 10) + 0.1, c: i % 2 ? '#f00' : '#00f', d: i % 2 ? 'dash' : 'solid' }));
    const scene = async (expr: unknown) => {
      const view = new vega.View(vega.parse(vg, undefined, { ast: true }), { expr, renderer: 'none' });
      view.data(DATA.raw, rows).data(DATA.smooth, rows.slice(0, 100)).data(DATA.events, [{ s: 0, x: 40, c: '#f00' }]).data(DATA.eventSpans, [{ x0: 40, x1: 60, label: 'NaN ×2' }])
        .data(DATA.best, [{ s: 1, x: 5, y: 1.5, c: '#0f0', goal: 'min' }]).data(DATA.clipped, [{ s: 0, x: 7, y: 0.2, c: '#f00', shape: 'triangle-down' }])
        .data(DATA.symptoms, [{ x0: 100, x1: 150, c: '#ff0', label: 'plateau' }]);
      view.signal(SIGNALS.xDomain, [0, 300]).signal(SIGNALS.yDomain, [0.05, 3]).signal(SIGNALS.crossX, 120).signal(SIGNALS.xTitle, 'step');
      await view.runAsync();
      const items: unknown[] = [];
      const walk = (node: any) => {
        for (const item of node.items ?? []) {
          // what an encoder sets: the primitive properties (and dash arrays) of each item
          const props: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(item)) if (v === null || typeof v !== 'object' || (Array.isArray(v) && v.every(x => typeof x === 'number'))) props[k] = v;
          items.push([node.name ?? node.marktype ?? 'group', props]);
          walk(item);
        }
      };
      walk(view.scenegraph().root);
      view.finalize();
      return items;
    };
    const ours = await scene(closureInterpreter);
    const theirs = await scene(reference);
    assert.ok(ours.length > 400 + 20, `only ${ours.length} items`); // 300 raw + 100 smoothed + markers, axes, grid
    assert.deepEqual(ours, theirs);
  });
});

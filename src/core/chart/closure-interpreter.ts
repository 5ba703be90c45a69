/**
 * Vega's expressions without `new Function`, compiled once into closures instead of re-walked per call.
 *
 * The webview's CSP has no 'unsafe-eval', so Vega must run with an expression interpreter (`ast: true`).
 * vega-interpreter 2.3 walks the AST on every evaluation and, per evaluation, allocates a visitor closure,
 * an `Object.create` of the function table and six event-function closures. Vega evaluates an expression per
 * channel per item when it encodes marks, so a 2,000-point line costs tens of thousands of evaluations; that
 * was most of the first paint of a reduced 10^6-point run (measured: bench `render-1e6-first-paint-ms`).
 *
 * This module has the same interface (`operator`, `parameter`, `event`, `handler`, `encode`) and the same
 * semantics as vega-interpreter's Visitors, including its safety checks (no member that is `Function`,
 * `eval`, `setTimeout` or `setInterval`; no object property named like an Object.prototype method,
 * `__proto__` or `then`), but turns each AST into nested closures when Vega parses the spec. It evaluates
 * nothing the AST does not say: no string is ever turned into code. The unit tests run the same ASTs through
 * both interpreters and compare the results.
 *
 * Function table and constants: from vega-interpreter 2.3.2 (BSD-3-Clause, University of Washington
 * Interactive Data Lab).
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- Vega's expression values are untyped by nature */

interface Node {
  type: string;
  [k: string]: any;
}

type Fn = (...args: any[]) => any;
/** A compiled expression: (params, datum, event, item) → value. */
type Eval = (p: any, d: any, e: any, it: any) => any;

const Constants: Record<string, number> = {
  NaN: NaN, E: Math.E, LN2: Math.LN2, LN10: Math.LN10, LOG2E: Math.LOG2E, LOG10E: Math.LOG10E, PI: Math.PI,
  SQRT1_2: Math.SQRT1_2, SQRT2: Math.SQRT2, MIN_VALUE: Number.MIN_VALUE, MAX_VALUE: Number.MAX_VALUE,
};

const Ops: Record<string, (a: any, b: any) => any> = {
  '*': (a, b) => a * b, '+': (a, b) => a + b, '-': (a, b) => a - b, '/': (a, b) => a / b, '%': (a, b) => a % b,
  '>': (a, b) => a > b, '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>=': (a, b) => a >= b,
  // eslint-disable-next-line eqeqeq -- the expression language's own loose equality
  '==': (a, b) => a == b, '!=': (a, b) => a != b,
  '===': (a, b) => a === b, '!==': (a, b) => a !== b,
  '&': (a, b) => a & b, '|': (a, b) => a | b, '^': (a, b) => a ^ b, '<<': (a, b) => a << b, '>>': (a, b) => a >> b, '>>>': (a, b) => a >>> b,
};

const Unary: Record<string, (a: any) => any> = { '+': a => +a, '-': a => -a, '~': a => ~a, '!': a => !a };

const apply = (m: string, args: any[], cast?: (x: any) => any) => {
  const obj = cast ? cast(args[0]) : args[0];
  return obj[m](...args.slice(1));
};
const isString = (x: unknown): x is string => typeof x === 'string';
const ascending = (a: any, b: any) => (a < b || a == null) && b != null ? -1 : (a > b || b == null) && a != null ? 1 : ((b = b instanceof Date ? +b : b), (a = a instanceof Date ? +a : a)) !== a && b === b ? -1 : b !== b && a === a ? 1 : 0;
const datetime = (y: any, m = 0, d = 1, H = 0, M = 0, S = 0, ms = 0) => (isString(y) ? new Date(y) : new Date(y, m, d, H, M, S, ms));

const Functions: Record<string, Fn> = {
  isNaN: Number.isNaN, isFinite: Number.isFinite, abs: Math.abs, acos: Math.acos, asin: Math.asin, atan: Math.atan, atan2: Math.atan2,
  ceil: Math.ceil, cos: Math.cos, exp: Math.exp, floor: Math.floor, hypot: Math.hypot, log: Math.log, max: Math.max, min: Math.min,
  pow: Math.pow, random: Math.random, round: Math.round, sin: Math.sin, sqrt: Math.sqrt, tan: Math.tan,
  clamp: (a, b, c) => Math.max(b, Math.min(c, a)),
  now: Date.now, utc: Date.UTC, datetime,
  date: d => new Date(d).getDate(), day: d => new Date(d).getDay(), year: d => new Date(d).getFullYear(), month: d => new Date(d).getMonth(),
  hours: d => new Date(d).getHours(), minutes: d => new Date(d).getMinutes(), seconds: d => new Date(d).getSeconds(),
  milliseconds: d => new Date(d).getMilliseconds(), time: d => new Date(d).getTime(), timezoneoffset: d => new Date(d).getTimezoneOffset(),
  utcdate: d => new Date(d).getUTCDate(), utcday: d => new Date(d).getUTCDay(), utcyear: d => new Date(d).getUTCFullYear(),
  utcmonth: d => new Date(d).getUTCMonth(), utchours: d => new Date(d).getUTCHours(), utcminutes: d => new Date(d).getUTCMinutes(),
  utcseconds: d => new Date(d).getUTCSeconds(), utcmilliseconds: d => new Date(d).getUTCMilliseconds(),
  length: x => x.length,
  join: (...a) => apply('join', a),
  indexof: (...a) => apply('indexOf', a),
  lastindexof: (...a) => apply('lastIndexOf', a),
  slice: (...a) => apply('slice', a),
  reverse: x => x.slice().reverse(),
  sort: x => x.slice().sort(ascending),
  parseFloat, parseInt,
  upper: x => String(x).toUpperCase(), lower: x => String(x).toLowerCase(),
  substring: (...a) => apply('substring', a, String),
  split: (...a) => apply('split', a, String),
  replace: (...a) => apply('replace', a, String),
  trim: x => String(x).trim(),
  btoa: x => btoa(x), atob: x => atob(x),
  encodeURIComponent: x => encodeURIComponent(x),
  regexp: RegExp,
  test: (r, t) => RegExp(r).test(t),
};

const EventFunctions = new Set(['view', 'item', 'group', 'xy', 'x', 'y']);
// references to compare against, never called
const DisallowedMethods = new Set<unknown>([Function, eval, setTimeout, setInterval]);
const setImmediateFn = (globalThis as { setImmediate?: unknown }).setImmediate;
if (typeof setImmediateFn === 'function') DisallowedMethods.add(setImmediateFn);
const DisallowedObjectProperties = new Set([...Object.getOwnPropertyNames(Object.prototype).filter(name => typeof (Object.prototype as any)[name] === 'function'), '__proto__', 'then']);

/** Compiles an AST node; `fn` is the view's function table (Vega's ctx.functions). */
function compile(n: Node, fn: Record<string, any>): Eval {
  switch (n.type) {
    case 'Literal': {
      const v = n.value;
      // global and sticky regexps carry lastIndex across calls: a fresh one per evaluation, as Vega does
      if (n.regex && v && (v.global || v.sticky)) {
        const { pattern, flags } = n.regex;
        return () => new RegExp(pattern, flags);
      }
      return () => v;
    }
    case 'Identifier': {
      const id: string = n.name;
      if (id === 'datum') return (_p, d) => d;
      if (id === 'event') return (_p, _d, e) => e;
      if (id === 'item') return (_p, _d, _e, it) => it;
      const c = Constants[id];
      const key = '$' + id;
      // `Constants[id] || params[...]`, as vega-interpreter writes it (a falsy constant falls through)
      return c ? () => c : p => p[key];
    }
    case 'MemberExpression': {
      const object = compile(n.object, fn);
      const property: Eval = n.computed ? compile(n.property, fn) : constantName(n.property);
      return (p, d, e, it) => {
        const o = object(p, d, e, it);
        const k = property(p, d, e, it);
        const v = o[k];
        if (DisallowedMethods.has(v)) {
          console.error(`Prevented interpretation of member "${k}" which could lead to insecure code execution`);
          return undefined;
        }
        return v;
      };
    }
    case 'CallExpression': {
      let name: string = n.callee.name;
      if (name.startsWith('_')) name = name.slice(1);
      const args: Eval[] = n.arguments.map((a: Node) => compile(a, fn));
      if (name === 'if') {
        const [test, yes, no] = args as [Eval, Eval, Eval];
        return (p, d, e, it) => (test(p, d, e, it) ? yes(p, d, e, it) : no(p, d, e, it));
      }
      if (EventFunctions.has(name)) return (p, d, e, it) => e.vega[name](...args.map(a => a(p, d, e, it)));
      const known = fn[name] ?? Functions[name];
      if (typeof known !== 'function') {
        // looked up when called, as vega-interpreter does (a function registered after the parse)
        return (p, d, e, it) => (fn[name] ?? Functions[name])!.apply(fn, args.map(a => a(p, d, e, it)));
      }
      const target = known;
      switch (args.length) {
        case 0: return () => target.call(fn);
        case 1: { const [a] = args as [Eval]; return (p, d, e, it) => target.call(fn, a(p, d, e, it)); }
        case 2: { const [a, b] = args as [Eval, Eval]; return (p, d, e, it) => target.call(fn, a(p, d, e, it), b(p, d, e, it)); }
        default: return (p, d, e, it) => target.apply(fn, args.map(a => a(p, d, e, it)));
      }
    }
    case 'ArrayExpression': {
      const items: Eval[] = n.elements.map((x: Node) => compile(x, fn));
      return (p, d, e, it) => items.map(x => x(p, d, e, it));
    }
    case 'BinaryExpression': {
      const op = Ops[n.operator];
      if (!op) throw new Error(`Unsupported operator: ${n.operator}`);
      const l = compile(n.left, fn);
      const r = compile(n.right, fn);
      return (p, d, e, it) => op(l(p, d, e, it), r(p, d, e, it));
    }
    case 'UnaryExpression': {
      const op = Unary[n.operator];
      if (!op) throw new Error(`Unsupported operator: ${n.operator}`);
      const a = compile(n.argument, fn);
      return (p, d, e, it) => op(a(p, d, e, it));
    }
    case 'ConditionalExpression': {
      const t = compile(n.test, fn);
      const y = compile(n.consequent, fn);
      const f = compile(n.alternate, fn);
      return (p, d, e, it) => (t(p, d, e, it) ? y(p, d, e, it) : f(p, d, e, it));
    }
    case 'LogicalExpression': {
      const l = compile(n.left, fn);
      const r = compile(n.right, fn);
      return n.operator === '&&' ? (p, d, e, it) => l(p, d, e, it) && r(p, d, e, it) : (p, d, e, it) => l(p, d, e, it) || r(p, d, e, it);
    }
    case 'ObjectExpression': {
      const props: [Eval, Eval][] = n.properties.map((q: Node) => [q.key.type === 'Identifier' ? constantName(q.key) : compile(q.key, fn), compile(q.value, fn)]);
      return (p, d, e, it) => {
        const o: Record<string, unknown> = {};
        for (const [key, value] of props) {
          const k = key(p, d, e, it);
          const v = value(p, d, e, it);
          if (DisallowedObjectProperties.has(k)) console.error(`Prevented interpretation of property "${k}" which could lead to insecure code execution`);
          else if (DisallowedMethods.has(v)) console.error(`Prevented interpretation of method "${k}" which could lead to insecure code execution`);
          else o[k] = v;
        }
        return o;
      };
    }
    default:
      throw new Error(`Unsupported expression node: ${n.type}`);
  }
}

/** An identifier in a non-computed position (`a.b`, `{b: 1}`) stands for its name. */
function constantName(n: Node): Eval {
  const name = n.type === 'Identifier' ? n.name : n.value;
  return () => name;
}

/** x/y from x2/y2, xc/yc, width/height: vega-interpreter's adjustSpatial. */
function adjustSpatial(item: any, encode: Record<string, unknown>, swap: boolean): void {
  let t;
  if (encode.x2) {
    if (encode.x) {
      if (swap && item.x > item.x2) {
        t = item.x;
        item.x = item.x2;
        item.x2 = t;
      }
      item.width = item.x2 - item.x;
    } else item.x = item.x2 - (item.width || 0);
  }
  if (encode.xc) item.x = item.xc - (item.width || 0) / 2;
  if (encode.y2) {
    if (encode.y) {
      if (swap && item.y > item.y2) {
        t = item.y;
        item.y = item.y2;
        item.y2 = t;
      }
      item.height = item.y2 - item.y;
    } else item.y = item.y2 - (item.height || 0);
  }
  if (encode.yc) item.y = item.yc - (item.height || 0) / 2;
}

interface ExprCtx {
  functions: Record<string, any>;
}

/** Drop-in for vega-interpreter's `expressionInterpreter` (vega-embed's `expr` option). */
export const closureInterpreter = {
  operator(ctx: ExprCtx, expr: { ast: Node }) {
    const f = compile(expr.ast, ctx.functions);
    return (_: any) => f(_, undefined, undefined, undefined);
  },
  parameter(ctx: ExprCtx, expr: { ast: Node }) {
    const f = compile(expr.ast, ctx.functions);
    return (datum: any, _: any) => f(_, datum, undefined, undefined);
  },
  event(ctx: ExprCtx, expr: { ast: Node }) {
    const f = compile(expr.ast, ctx.functions);
    return (event: any) => f(undefined, undefined, event, undefined);
  },
  handler(ctx: ExprCtx, expr: { ast: Node }) {
    const f = compile(expr.ast, ctx.functions);
    return (_: any, event: any) => f(_, event.item && event.item.datum, event, undefined);
  },
  encode(ctx: ExprCtx, encode: { marktype: string; channels: Record<string, { ast: Node }> }) {
    const { marktype, channels } = encode;
    const swap = marktype === 'group' || marktype === 'image' || marktype === 'rect';
    const compiled = Object.entries(channels).map(([name, c]) => [name, compile(c.ast, ctx.functions)] as const);
    return (item: any, _: any) => {
      const datum = item.datum;
      let m = 0;
      for (const [name, f] of compiled) {
        const v = f(_, datum, undefined, item);
        if (item[name] !== v) {
          item[name] = v;
          m = 1;
        }
      }
      if (marktype !== 'rule') adjustSpatial(item, channels, swap);
      return m;
    };
  },
};

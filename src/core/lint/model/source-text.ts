import type { Span } from '../parser/python-document';
import type { ArgFact, ParamFact, ValueFact, ValueKind } from './facts';

/**
 * Arguments, parameters and values read from the source text of a node the parse tree has already delimited
 * (a call of an error-free statement, a def's parameter list), without a WASM call per child node. Only plain,
 * unambiguous Python is read here: string interpolations, line continuations, non-ASCII characters outside
 * strings, generator arguments and anything unbalanced make the readers return null, and the caller asks the
 * tree instead. The results are the ones the tree-based readers of extract.ts give (a test compares both on
 * every call and def of the fixtures).
 */

// token kinds
const NAME = 1;
const NUMBER = 2;
const STRING = 3;
const OPEN = 4;
const CLOSE = 5;
const OP = 6;

interface Tokens {
  kind: number[];
  start: number[];
  end: number[];
  /** Brackets: index of the matching bracket token. */
  match: number[];
}

/** Keywords that cannot be a name in an expression (True/False/None are handled as atoms). */
const KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

function isNameStart(c: number): boolean {
  return c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Tokens of `text` from `open` (an opening bracket) to its matching closing bracket, which must be at
 * `close`. Null when the text holds anything this reader does not handle.
 */
function tokenizeBracketed(text: string, open: number, close: number): Tokens | null {
  const t: Tokens = { kind: [], start: [], end: [], match: [] };
  const stack: number[] = [];
  let i = open;
  while (i <= close) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      while (i <= close && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    const start = i;
    let kind: number;
    if (isNameStart(c)) {
      while (i <= close && isNamePart(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if (q === 34 || q === 39) {
        const prefix = text.slice(start, i).toLowerCase();
        if (!STRING_PREFIXES.has(prefix)) return null;
        i = stringEnd(text, i, close, prefix.includes('f'));
        if (i < 0) return null;
        kind = STRING;
      } else kind = NAME;
    } else if (c === 34 || c === 39) {
      i = stringEnd(text, i, close, false);
      if (i < 0) return null;
      kind = STRING;
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i = numberEnd(text, i, close);
      if (i < 0) return null;
      kind = NUMBER;
    } else if (c === 40 || c === 91 || c === 123) {
      stack.push(t.kind.length);
      i++;
      kind = OPEN;
    } else if (c === 41 || c === 93 || c === 125) {
      const o = stack.pop();
      if (o === undefined || text.charCodeAt(t.start[o]!) !== (c === 41 ? 40 : c - 2)) return null;
      t.match[o] = t.kind.length;
      t.match.push(o);
      t.kind.push(CLOSE);
      t.start.push(i);
      t.end.push(i + 1);
      i++;
      if (stack.length === 0) return i === close + 1 ? t : null;
      continue;
    } else if (c > 32 && c < 127 && c !== 92 /* \ */) {
      i++;
      kind = OP;
    } else return null;
    t.kind.push(kind);
    t.start.push(start);
    t.end.push(i);
    t.match.push(-1);
  }
  return null;
}

/** End of a string literal whose quote is at `i`; -1 when unterminated or interpolated (f-string braces). */
function stringEnd(text: string, i: number, limit: number, fstring: boolean): number {
  const q = text.charCodeAt(i);
  const triple = text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q;
  let j = triple ? i + 3 : i + 1;
  while (j <= limit) {
    const c = text.charCodeAt(j);
    if (c === 92) j += 2;
    else if (fstring && (c === 123 || c === 125)) return -1;
    else if (c === q) {
      if (!triple) return j + 1;
      if (text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q) return j + 3;
      j++;
    } else if (!triple && (c === 10 || c === 13)) return -1;
    else j++;
  }
  return -1;
}

/** End of a number literal at `i` (decimal, float, hex/octal/binary, underscores, j/l suffix); -1 if unusual. */
function numberEnd(text: string, i: number, limit: number): number {
  let j = i;
  const c1 = text.charCodeAt(i + 1) | 0x20;
  if (text.charCodeAt(i) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
    j += 2;
    while (j <= limit && (isNamePart(text.charCodeAt(j)))) j++;
    return j;
  }
  let dots = 0;
  for (; j <= limit; j++) {
    const c = text.charCodeAt(j);
    if (isDigit(c) || c === 95) continue;
    if (c === 46) {
      if (++dots > 1) return -1;
      continue;
    }
    if ((c | 0x20) === 101 /* e */) {
      const s = text.charCodeAt(j + 1);
      if (s === 43 || s === 45) j++;
      continue;
    }
    break;
  }
  const s = text.charCodeAt(j) | 0x20;
  if (s === 106 /* j */ || s === 108 /* l */) j++;
  return isNamePart(text.charCodeAt(j)) || text.charCodeAt(j) === 46 ? -1 : j;
}

/**
 * The comma-separated items between bracket token `open` and its match, as token ranges [from, to). Commas of
 * lambda parameters do not separate items. Null for a comprehension or generator (a `for` at the top level).
 */
function items(t: Tokens, text: string, open: number): [number, number][] | null {
  const close = t.match[open]!;
  const out: [number, number][] = [];
  let from = open + 1;
  let lambda = 0;
  for (let k = open + 1; k < close; k++) {
    const kind = t.kind[k]!;
    if (kind === OPEN) {
      k = t.match[k]!;
      continue;
    }
    if (kind === NAME) {
      const w = text.slice(t.start[k], t.end[k]);
      if (w === 'for') return null;
      if (w === 'lambda') lambda++;
    } else if (kind === OP) {
      const c = text.charCodeAt(t.start[k]!);
      if (c === 58 /* : */ && lambda > 0) lambda--;
      else if (c === 44 /* , */ && lambda === 0) {
        if (k > from) out.push([from, k]);
        from = k + 1;
      }
    }
  }
  if (close > from) out.push([from, close]);
  return out;
}

/** Whether items() of this bracket would split: a top-level comma, a `for` or a `:` (not lambda/walrus). */
function topLevel(t: Tokens, text: string, open: number): { comma: boolean; forKw: boolean; colon: boolean; lambda: boolean } {
  const r = { comma: false, forKw: false, colon: false, lambda: false };
  const close = t.match[open]!;
  let params = 0;
  for (let k = open + 1; k < close; k++) {
    const kind = t.kind[k]!;
    if (kind === OPEN) {
      k = t.match[k]!;
      continue;
    }
    if (kind === NAME) {
      const w = text.slice(t.start[k], t.end[k]);
      if (w === 'for') r.forKw = true;
      else if (w === 'lambda') {
        r.lambda = true;
        params++;
      }
    } else if (kind === OP) {
      const c = text.charCodeAt(t.start[k]!);
      if (c === 58 && params > 0) params--;
      else if (c === 44 && params === 0) r.comma = true;
      // the first `:` before any lambda is a dict's (`{k: lambda x: x}`); in `{lambda x: x}` it is the lambda's
      else if (c === 58 && text.charCodeAt(t.start[k]! + 1) !== 61 /* := */ && !r.lambda) r.colon = true;
    }
  }
  return r;
}

type Atom = ValueKind | 'paren';

/**
 * The kind of the primary expression (atom and trailers: `.name`, `(...)`, `[...]`) starting at token `from`,
 * and the token after it; null when no primary starts there.
 */
function primary(t: Tokens, text: string, from: number, to: number): { kind: Atom; next: number } | null {
  let k = from;
  let kind: Atom;
  const tk = t.kind[k]!;
  if (tk === NAME) {
    const w = text.slice(t.start[k], t.end[k]);
    if (w === 'True') kind = 'true';
    else if (w === 'False') kind = 'false';
    else if (w === 'None') kind = 'none';
    else if (KEYWORDS.has(w)) return null;
    else kind = 'name';
    k++;
  } else if (tk === NUMBER) {
    kind = numberKind(text, t.start[k]!, t.end[k]!);
    k++;
  } else if (tk === STRING) {
    while (k < to && t.kind[k] === STRING) k++;
    kind = 'string';
  } else if (tk === OPEN) {
    const c = text.charCodeAt(t.start[k]!);
    const s = topLevel(t, text, k);
    const empty = t.match[k] === k + 1;
    if (c === 40) kind = empty || (s.comma && !s.forKw) ? 'tuple' : s.forKw ? 'other' : 'paren';
    else if (c === 91) kind = s.forKw ? 'other' : 'list';
    else kind = empty || (!s.forKw && (s.colon || isDoubleStar(t, text, k + 1))) ? 'dict' : 'other';
    k = t.match[k]! + 1;
  } else if (tk === OP && isEllipsis(t, text, k)) {
    kind = 'other';
    k += 3;
  } else return null;
  // trailers
  while (k < to) {
    const kk = t.kind[k]!;
    const c = text.charCodeAt(t.start[k]!);
    if (kk === OP && c === 46 && k + 1 < to && t.kind[k + 1] === NAME && !KEYWORDS.has(text.slice(t.start[k + 1], t.end[k + 1]))) {
      kind = 'attribute';
      k += 2;
    } else if (kk === OPEN && c === 40) {
      kind = 'call';
      k = t.match[k]! + 1;
    } else if (kk === OPEN && c === 91) {
      kind = 'subscript';
      k = t.match[k]! + 1;
    } else break;
  }
  return { kind, next: k };
}

function isDoubleStar(t: Tokens, text: string, k: number): boolean {
  return t.kind[k] === OP && t.kind[k + 1] === OP && text.charCodeAt(t.start[k]!) === 42 && text.charCodeAt(t.start[k + 1]!) === 42
    && t.end[k] === t.start[k + 1];
}

function isEllipsis(t: Tokens, text: string, k: number): boolean {
  return text.startsWith('...', t.start[k]) && t.end[k + 2] === t.start[k]! + 3;
}

function numberKind(text: string, start: number, end: number): ValueKind {
  const c1 = text.charCodeAt(start + 1) | 0x20;
  if (text.charCodeAt(start) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) return 'int';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || (c | 0x20) === 101) return 'float';
  }
  return 'int';
}

/** A value made of tokens [from, to): the kind the tree would give its node, with numbers and elements. */
function value(t: Tokens, text: string, from: number, to: number, depth: number): ValueFact | null {
  const span: Span = { start: t.start[from]!, end: t.end[to - 1]! };
  const str = text.slice(span.start, span.end);
  const first = t.kind[from]!;
  const c = text.charCodeAt(span.start);
  if (first === OP && c === 42 /* * */) return { kind: 'splat', span, text: str };
  if (first === NAME && str.startsWith('lambda') && !isNamePart(str.charCodeAt(6))) return { kind: 'lambda', span, text: str };
  const p = primary(t, text, from, to);
  if (p && p.next === to) {
    if (p.kind === 'paren') return numeric({ kind: 'other', span, text: str });
    const v: ValueFact = { kind: p.kind, span, text: str };
    if (p.kind === 'int' || p.kind === 'float') v.num = parseNumber(str);
    else if ((p.kind === 'list' || p.kind === 'tuple') && depth < 2) {
      const parts = items(t, text, from);
      if (!parts) return null;
      const els: ValueFact[] = [];
      for (const [a, b] of parts) {
        const e = value(t, text, a, b, depth + 1);
        if (!e) return null;
        els.push(e);
        if (els.length >= 64) break;
      }
      v.elements = els;
    }
    return v;
  }
  // unary operators: a negated number is a number; any other operator makes an expression of kind 'other'
  if (first === OP && (c === 45 || c === 43 || c === 126)) return numeric({ kind: 'other', span, text: str });
  return { kind: 'other', span, text: str };
}

/** `-1`, `(0.5)`: the number, as the tree-based reader computes it for unary and parenthesized expressions. */
function numeric(v: ValueFact): ValueFact {
  const n = parseNumber(v.text.replace(/[()\s]/g, ''));
  if (n !== undefined) {
    v.kind = Number.isInteger(n) && !/[.eE]/.test(v.text) ? 'int' : 'float';
    v.num = n;
  }
  return v;
}

/** Python numeric literals: underscores, exponents, hex/octal/binary; complex and invalid give undefined. */
export function parseNumber(t: string): number | undefined {
  const s = t.includes('_') ? t.replace(/_/g, '') : t;
  if (s === '') return undefined;
  const last = s.charCodeAt(s.length - 1) | 0x20;
  if (last === 106 /* j */) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** `name = ` at the start of an item: a keyword argument (not `==`). */
function keywordOf(t: Tokens, text: string, from: number, to: number): string | null {
  if (to - from < 3 || t.kind[from] !== NAME || t.kind[from + 1] !== OP) return null;
  const eq = t.start[from + 1]!;
  if (text.charCodeAt(eq) !== 61 || text.charCodeAt(eq + 1) === 61) return null;
  return text.slice(t.start[from], t.end[from]);
}

/**
 * A call's arguments from its text: `argsStart` is its `(`, `end` the call's end (after its `)`). Null when the
 * tree must be asked.
 */
export function argsFromText(text: string, argsStart: number, end: number): ArgFact[] | null {
  if (text.charCodeAt(argsStart) !== 40 || text.charCodeAt(end - 1) !== 41) return null;
  const t = tokenizeBracketed(text, argsStart, end - 1);
  if (!t) return null;
  const parts = items(t, text, 0);
  if (!parts) return null;
  const out: ArgFact[] = [];
  for (const [a, b] of parts) {
    const span = { start: t.start[a]!, end: t.end[b - 1]! };
    const keyword = keywordOf(t, text, a, b);
    const v = value(t, text, keyword !== null ? a + 2 : a, b, 0);
    if (!v) return null;
    out.push({ keyword, span, value: v });
  }
  return out;
}

/**
 * A def's name and parameters from its text (`node` starts at `def` or `async`); null when the tree must be
 * asked. Parameters follow the tree-based reader: `*` and `*args` start the keyword-only ones, `**kwargs` and
 * `/` are not parameters here.
 */
export function defFromText(text: string, start: number, end: number): { name: string; nameSpan: Span; params: ParamFact[] } | null {
  let i = start;
  if (text.startsWith('async', i)) i = skipSpaces(text, i + 5, end);
  if (!text.startsWith('def', i) || isNamePart(text.charCodeAt(i + 3))) return null;
  i = skipSpaces(text, i + 3, end);
  const nameStart = i;
  while (i < end && isNamePart(text.charCodeAt(i))) i++;
  if (i === nameStart || !isNameStart(text.charCodeAt(nameStart))) return null;
  const nameSpan = { start: nameStart, end: i };
  i = skipSpaces(text, i, end);
  if (text.charCodeAt(i) !== 40) return null;
  const close = matchingParen(text, i, end);
  if (close < 0) return null;
  const t = tokenizeBracketed(text, i, close);
  if (!t) return null;
  const parts = items(t, text, 0);
  if (!parts) return null;
  const params: ParamFact[] = [];
  let index = 0;
  let keywordOnly = false;
  for (const [a, b] of parts) {
    const c = text.charCodeAt(t.start[a]!);
    if (t.kind[a] === OP) {
      if (c === 42 && isDoubleStar(t, text, a)) continue;
      if (c === 42) keywordOnly = true;
      else if (c !== 47 /* / */) return null;
      continue;
    }
    if (t.kind[a] !== NAME) return null;
    const name = text.slice(t.start[a], t.end[a]);
    if (KEYWORDS.has(name)) return null;
    // `name`, `name: type`, `name=default`, `name: type = default`
    let eq = -1;
    for (let k = a + 1; k < b; k++) {
      if (t.kind[k] === OPEN) k = t.match[k]!;
      else if (t.kind[k] === OP && text.charCodeAt(t.start[k]!) === 61 && text.charCodeAt(t.start[k]! + 1) !== 61) {
        eq = k;
        break;
      }
    }
    if (b > a + 1 && eq !== a + 1 && text.charCodeAt(t.start[a + 1]!) !== 58) return null;
    const def = eq >= 0 ? value(t, text, eq + 1, b, 0) : null;
    if (eq >= 0 && (!def || eq + 1 >= b)) return null;
    params.push({ name, index: keywordOnly ? -1 : index++, default: def });
  }
  return { name: text.slice(nameSpan.start, nameSpan.end), nameSpan, params };
}

function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** Index of the `)` matching the `(` at `open`, over strings and comments; -1 when unusual. */
function matchingParen(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth === 0) return c === 41 ? i : -1;
    } else if (c === 34 || c === 39) {
      i = stringEnd(text, i, end - 1, true) - 1;
      if (i < 0) return -1;
    } else if (c === 35) {
      while (i < end && text.charCodeAt(i) !== 10) i++;
    } else if (c === 92) return -1;
  }
  return -1;
}

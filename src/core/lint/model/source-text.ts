import type { Span } from '../parser/python-document';
import type { ArgFact, ImportFact, ParamFact, ValueFact, ValueKind } from './facts';

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

/** The tokens of one read, in one buffer reused by every read (a read never starts another). */
class Tokens {
  kind = new Int32Array(256);
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** Brackets: index of the matching bracket token. */
  match = new Int32Array(256);
  n = 0;
  /** Comments were skipped. */
  comments = false;

  push(kind: number, start: number, end: number): void {
    if (this.n === this.kind.length) this.grow();
    this.kind[this.n] = kind;
    this.start[this.n] = start;
    this.end[this.n] = end;
    this.match[this.n] = -1;
    this.n++;
  }

  /** Ends the read: the kinds after the last token read as none, as if the arrays ended there. */
  done(): Tokens {
    while (this.n + 3 > this.kind.length) this.grow();
    this.kind.fill(0, this.n, this.n + 3);
    return this;
  }

  private grow(): void {
    const g = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.kind = g(this.kind);
    this.start = g(this.start);
    this.end = g(this.end);
    this.match = g(this.match);
  }
}

const buffer = new Tokens();

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

const BRACKETED = 0;
const HEADER = 1;
const RANGE = 2;

/**
 * The tokens of `text` from `start`, skipping whitespace and comments:
 * - BRACKETED: `start` is an opening bracket; the tokens end with its match, which must end at `end`;
 * - HEADER: the tokens of a compound statement's header, up to its `:` (before `end`);
 * - RANGE: the tokens of [start, end), whose brackets must balance.
 * Null when the text holds anything these readers do not handle.
 */
function tokenize(text: string, start: number, end: number, mode: number): Tokens | null {
  const t = buffer;
  t.n = 0;
  t.comments = false;
  const stack: number[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      t.comments = true;
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    const from = i;
    let kind: number;
    if (isNameStart(c)) {
      while (i < end && isNamePart(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if (q === 34 || q === 39) {
        const prefix = text.slice(from, i).toLowerCase();
        if (!STRING_PREFIXES.has(prefix)) return null;
        i = stringEnd(text, i, end - 1, prefix.includes('f'));
        if (i < 0) return null;
        kind = STRING;
      } else {
        kind = NAME;
        // a lambda's parameters end at a colon too: the header's colon cannot be told apart
        if (mode === HEADER && stack.length === 0 && i - from === 6 && text.startsWith('lambda', from)) return null;
      }
    } else if (c === 34 || c === 39) {
      i = stringEnd(text, i, end - 1, false);
      if (i < 0) return null;
      kind = STRING;
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i = numberEnd(text, i, end - 1);
      if (i < 0) return null;
      kind = NUMBER;
    } else if (c === 40 || c === 91 || c === 123) {
      stack.push(t.n);
      i++;
      kind = OPEN;
    } else if (c === 41 || c === 93 || c === 125) {
      const o = stack.pop();
      if (o === undefined || text.charCodeAt(t.start[o]!) !== (c === 41 ? 40 : c - 2)) return null;
      t.match[o] = t.n;
      t.push(CLOSE, i, i + 1);
      t.match[t.n - 1] = o;
      i++;
      if (mode === BRACKETED && stack.length === 0) return i === end ? t.done() : null;
      continue;
    } else if (c > 32 && c < 127 && c !== 92 /* \ */) {
      if (mode === HEADER && c === 58 && stack.length === 0 && text.charCodeAt(i + 1) !== 61 /* := */) return t.done();
      i++;
      kind = OP;
    } else return null;
    if (mode === BRACKETED && t.n === 0 && kind !== OPEN) return null;
    t.push(kind, from, i);
  }
  return mode === RANGE && stack.length === 0 ? t.done() : null;
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
function items(t: Tokens, text: string, open: number): number[] | null {
  const close = t.match[open]!;
  const out: number[] = [];
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
        if (k > from) out.push(from, k);
        from = k + 1;
      }
    }
  }
  if (close > from) out.push(from, close);
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
      for (let p = 0; p < parts.length; p += 2) {
        const e = value(t, text, parts[p]!, parts[p + 1]!, depth + 1);
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
  const t = tokenize(text, argsStart, end, BRACKETED);
  if (!t) return null;
  const parts = items(t, text, 0);
  if (!parts) return null;
  const out: ArgFact[] = [];
  for (let p = 0; p < parts.length; p += 2) {
    const a = parts[p]!;
    const b = parts[p + 1]!;
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
  const t = tokenize(text, i, close + 1, BRACKETED);
  if (!t) return null;
  const parts = items(t, text, 0);
  if (!parts) return null;
  const params: ParamFact[] = [];
  let index = 0;
  let keywordOnly = false;
  for (let p = 0; p < parts.length; p += 2) {
    const a = parts[p]!;
    const b = parts[p + 1]!;
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

/** A top-level comma (not one of a lambda's parameters) in tokens [from, to): an expression list. */
function hasTopLevelComma(t: Tokens, text: string, from: number, to: number): boolean {
  let lambda = 0;
  for (let k = from; k < to; k++) {
    const kind = t.kind[k]!;
    if (kind === OPEN) k = t.match[k]!;
    else if (kind === NAME && (t.end[k]! - t.start[k]!) === 6 && text.startsWith('lambda', t.start[k])) lambda++;
    else if (kind === OP) {
      const c = text.charCodeAt(t.start[k]!);
      if (c === 58 && lambda > 0) lambda--;
      else if (c === 44 && lambda === 0) return true;
    }
  }
  return false;
}

/** The value of a whole expression (a return value, a loop's iterable), as the tree-based valueOf reads it. */
function expression(t: Tokens, text: string, from: number, to: number): ValueFact | null {
  if (from >= to) return null;
  if (hasTopLevelComma(t, text, from, to)) {
    const span = { start: t.start[from]!, end: t.end[to - 1]! };
    return { kind: 'other', span, text: text.slice(span.start, span.end) };
  }
  return value(t, text, from, to, 0);
}

function isWord(t: Tokens, text: string, k: number, word: string): boolean {
  return t.kind[k] === NAME && (t.end[k]! - t.start[k]!) === word.length && text.startsWith(word, t.start[k]);
}

function textOf(t: Tokens, text: string, from: number, to: number): string {
  return from < to ? text.slice(t.start[from], t.end[to - 1]) : '';
}

/** The first top-level token in [from, to) that is the keyword `word`; -1 if none. */
function findWord(t: Tokens, text: string, from: number, to: number, word: string): number {
  for (let k = from; k < to; k++) {
    if (t.kind[k] === OPEN) k = t.match[k]!;
    else if (isWord(t, text, k, word)) return k;
  }
  return -1;
}

/** `for <target> in <iter>:` (also `async for`); null when the tree must be asked. */
export function forFromText(text: string, start: number, end: number): { target: string; iter: ValueFact | null } | null {
  const t = tokenize(text, start, end, HEADER);
  if (!t) return null;
  let k = isWord(t, text, 0, 'async') ? 1 : 0;
  if (!isWord(t, text, k, 'for')) return null;
  k++;
  const n = t.n;
  const inAt = findWord(t, text, k, n, 'in');
  if (inAt <= k || inAt + 1 >= n) return null;
  const iter = expression(t, text, inAt + 1, n);
  if (!iter) return null;
  return { target: textOf(t, text, k, inAt), iter };
}

/** The condition of `if <condition>:` / `while <condition>:`; null when the tree must be asked. */
export function conditionFromText(text: string, start: number, end: number, keyword: 'if' | 'while'): string | null {
  const t = tokenize(text, start, end, HEADER);
  if (!t || !isWord(t, text, 0, keyword) || t.n < 2) return null;
  return textOf(t, text, 1, t.n);
}

/** The value of `return <value>` (null value for a bare return); null when the tree must be asked. */
export function returnFromText(text: string, start: number, end: number): { value: ValueFact | null } | null {
  if (!text.startsWith('return', start)) return null;
  const t = tokenize(text, start + 6, end, RANGE);
  if (!t) return null;
  if (t.n === 0) return { value: null };
  const v = expression(t, text, 0, t.n);
  return v ? { value: v } : null;
}

/** `class Name(bases):`; bases as written, keyword arguments (metaclass=...) left out. Null: ask the tree. */
export function classFromText(text: string, start: number, end: number): { name: string; bases: string[] } | null {
  const t = tokenize(text, start, end, HEADER);
  if (!t || t.comments || !isWord(t, text, 0, 'class') || t.kind[1] !== NAME) return null;
  const name = textOf(t, text, 1, 2);
  const n = t.n;
  if (n === 2) return { name, bases: [] };
  if (t.kind[2] !== OPEN || text.charCodeAt(t.start[2]!) !== 40 || t.match[2] !== n - 1) return null;
  const parts = items(t, text, 2);
  if (!parts) return null;
  const bases: string[] = [];
  for (let p = 0; p < parts.length; p += 2) {
    if (keywordOf(t, text, parts[p]!, parts[p + 1]!) === null) bases.push(textOf(t, text, parts[p]!, parts[p + 1]!));
  }
  return { name, bases };
}

/**
 * The names an import statement binds: `import a.b` binds a, `import a.b as c` binds c to a.b, `from m import
 * x as y` binds y to m.x, `from m import *` binds '*'. Null when the tree must be asked.
 */
export function importsFromText(text: string, start: number, end: number): ImportFact[] | null {
  const t = tokenize(text, start, end, RANGE);
  if (!t) return null;
  const n = t.n;
  const out: ImportFact[] = [];
  const stmtSpan = { start, end };
  const dot = (k: number) => t.kind[k] === OP && text.charCodeAt(t.start[k]!) === 46;
  /** A dotted name from token k: its parts and the token after it. */
  const dotted = (k: number): { name: string; next: number } | null => {
    if (t.kind[k] !== NAME) return null;
    let name = textOf(t, text, k, k + 1);
    k++;
    while (k + 1 < n && dot(k) && t.kind[k + 1] === NAME) {
      name += '.' + textOf(t, text, k + 1, k + 2);
      k += 2;
    }
    return { name, next: k };
  };
  const span = (a: number, b: number) => ({ start: t.start[a]!, end: t.end[b - 1]! });
  if (isWord(t, text, 0, 'import')) {
    let k = 1;
    while (k < n) {
      const d = dotted(k);
      if (!d) return null;
      let next = d.next;
      if (isWord(t, text, next, 'as')) {
        if (t.kind[next + 1] !== NAME) return null;
        out.push({ local: textOf(t, text, next + 1, next + 2), qualified: d.name, span: span(k, next + 2), fromModule: null, stmtSpan });
        next += 2;
      } else {
        const root = d.name.split('.')[0]!;
        out.push({ local: root, qualified: root, span: span(k, next), fromModule: null, stmtSpan });
      }
      if (next < n && !(t.kind[next] === OP && text.charCodeAt(t.start[next]!) === 44)) return null;
      k = next + 1;
    }
    return out;
  }
  if (!isWord(t, text, 0, 'from')) return null;
  // the module: leading dots (relative imports) and a dotted name
  let k = 1;
  let module = '';
  while (k < n && dot(k)) {
    module += '.';
    k++;
  }
  if (t.kind[k] === NAME && !isWord(t, text, k, 'import')) {
    const d = dotted(k)!;
    module += d.name;
    k = d.next;
  }
  if (module === '' || !isWord(t, text, k, 'import')) return null;
  k++;
  if (k === n - 1 && t.kind[k] === OP && text.charCodeAt(t.start[k]!) === 42) {
    out.push({ local: '*', qualified: module, span: span(k, k + 1), fromModule: module, stmtSpan });
    return out;
  }
  let last = n;
  if (t.kind[k] === OPEN) {
    if (t.match[k] !== n - 1 || text.charCodeAt(t.start[k]!) !== 40) return null;
    k++;
    last = n - 1;
  }
  while (k < last) {
    if (t.kind[k] !== NAME) return null;
    const name = textOf(t, text, k, k + 1);
    let next = k + 1;
    if (isWord(t, text, next, 'as')) {
      if (t.kind[next + 1] !== NAME) return null;
      out.push({ local: textOf(t, text, next + 1, next + 2), qualified: `${module}.${name}`, span: span(k, next + 2), fromModule: module, stmtSpan });
      next += 2;
    } else out.push({ local: name, qualified: `${module}.${name}`, span: span(k, next), fromModule: module, stmtSpan });
    if (next < last && !(t.kind[next] === OP && text.charCodeAt(t.start[next]!) === 44)) return null;
    k = next + 1;
  }
  return out;
}

/** The value of an assignment (the text after its `=`), as valueOf reads the right-hand node. */
export function valueFromText(text: string, start: number, end: number): ValueFact | null {
  const t = tokenize(text, start, end, RANGE);
  return t ? expression(t, text, 0, t.n) : null;
}

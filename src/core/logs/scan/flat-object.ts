import { codeAt, scanEnd, scanNumber } from '../numbers';

/** What a value in a flat object line was. */
export const enum ValueKind {
  /** A number (also NaN / Infinity spelled as Python and JavaScript write them). */
  Number = 0,
  /** A string holding a number, as newer transformers write them (`'loss': '3.412'`): read as that number. */
  QuotedNumber = 1,
  /** Any other string; its text is in `strings`. */
  String = 2,
  /** true / false / null / True / False / None. */
  Literal = 3,
  /** An array: skipped (a confusion matrix is not a curve). */
  Nested = 4,
  /** A nested object: see `hasObject`; readers that want its fields parse the line fully. */
  Object = 5,
}

/**
 * Reads one line holding a flat JSON object (`{"loss": 0.5, "iteration": 19}`) or a Python dict repr
 * (`{'loss': 0.6931, 'learning_rate': 5e-05, 'epoch': 0.33}`) without building an object per line: the JSON
 * lines formats run at hundreds of MB/s this way, several times what `JSON.parse` plus a walk over the result
 * costs. Keys are remembered by position, so a log whose lines repeat the same keys allocates no key strings
 * after its first line.
 *
 * Accepts what Python writes and strict JSON rejects: `NaN`, `Infinity`, `-Infinity`, `nan`, `inf`, single
 * quotes, `True`/`False`/`None`, and number wrappers such as `tensor(0.5)` or `np.float64(0.5)`.
 */
export class FlatObjectScanner {
  /** Key of each field of the last line, in order. */
  readonly names: string[] = [];
  /** Per field: its key is written as it reads (no backslash escapes), so it can be compared as text. */
  private readonly plainNames: boolean[] = [];
  /** Numeric value of each field (NaN when it is not a number: check `kinds`). */
  values = new Float64Array(32);
  kinds = new Uint8Array(32);
  /** Text of string values (only for fields of kind String). */
  readonly strings: string[] = [];
  /** For each field: the key differs from the key the same position had on the previous line. */
  readonly renamed: boolean[] = [];
  /** Number of fields of the last line. */
  count = 0;
  /** Why the last line could not be read, when `scan` returned false. */
  error = '';
  /** The last line has a field whose value is an object. */
  hasObject = false;
  /**
   * Changes whenever a line's keys differ from the line before (another key at a position, more or fewer keys):
   * readers derive what each position means once per layout, not once per line.
   */
  layout = 0;
  private changed = false;

  /**
   * Reads `text` (one line, maybe with spaces around the object). False when it is not a complete flat object:
   * `error` says why (truncated, not an object); a line with nested values still succeeds, those fields being
   * of kind Nested.
   */
  scan(text: string): boolean {
    const n = text.length;
    let i = 0;
    while (i < n && isSpace(codeAt(text, i))) i++;
    if (codeAt(text, i) !== 123 /* { */) return this.failed('not an object');
    i++;
    this.hasObject = false;
    this.changed = false;
    let count = 0;
    for (;;) {
      while (i < n && isSpace(codeAt(text, i))) i++;
      let c = codeAt(text, i);
      if (c === 125 /* } */) break;
      if (count > 0) {
        if (c !== 44 /* , */) return this.failed(i >= n ? 'the line ends inside the object' : `expected , or } at column ${i + 1}`);
        i++;
        while (i < n && isSpace(codeAt(text, i))) i++;
        c = codeAt(text, i);
        if (c === 125) break; // trailing comma
      }
      if (c !== 34 && c !== 39) return this.failed(i >= n ? 'the line ends inside the object' : `expected a quoted key at column ${i + 1}`);
      // key
      const quote = c;
      const keyStart = i + 1;
      const prev = count < this.names.length ? this.names[count]! : undefined;
      let keyEnd: number;
      if (prev !== undefined && this.plainNames[count] === true && codeAt(text, keyStart + prev.length) === quote && text.startsWith(prev, keyStart)) {
        keyEnd = keyStart + prev.length;
        this.renamed[count] = false;
      } else {
        keyEnd = findQuote(text, keyStart, quote);
        if (keyEnd < 0) return this.failed('the line ends inside a key');
        const raw = text.slice(keyStart, keyEnd);
        const name = raw.includes('\\') ? unescape(raw, quote) : raw;
        this.renamed[count] = name !== prev;
        if (name !== prev) this.changed = true;
        this.names[count] = name;
        this.plainNames[count] = !name.includes('\\');
      }
      i = keyEnd + 1;
      while (i < n && isSpace(codeAt(text, i))) i++;
      if (codeAt(text, i) !== 58 /* : */) return this.failed(i >= n ? 'the line ends after a key' : `expected : at column ${i + 1}`);
      i++;
      while (i < n && isSpace(codeAt(text, i))) i++;
      if (count === this.values.length) this.grow();
      i = this.value(text, i, count);
      if (i < 0) return false;
      count++;
    }
    if (this.changed || count !== this.count) this.layout++;
    this.count = count;
    return true;
  }

  private indexLayout = -1;
  private readonly indexes = new Map<string, number>();

  /** Index of the field called `name` in the last line, or -1 (remembered per layout). */
  indexOf(name: string): number {
    if (this.indexLayout !== this.layout) {
      this.indexes.clear();
      this.indexLayout = this.layout;
    }
    let k = this.indexes.get(name);
    if (k === undefined) {
      k = -1;
      for (let j = 0; j < this.count; j++) {
        if (this.names[j] === name) {
          k = j;
          break;
        }
      }
      this.indexes.set(name, k);
    }
    return k;
  }

  /** The numeric value of field `name` in the last line (numbers and quoted numbers), or undefined. */
  number(name: string): number | undefined {
    const k = this.indexOf(name);
    if (k < 0) return undefined;
    const kind = this.kinds[k];
    return kind === ValueKind.Number || kind === ValueKind.QuotedNumber ? this.values[k] : undefined;
  }

  /** The string value of field `name` in the last line, or undefined. */
  string(name: string): string | undefined {
    const k = this.indexOf(name);
    return k >= 0 && this.kinds[k] === ValueKind.String ? this.strings[k] : undefined;
  }

  private value(text: string, i: number, k: number): number {
    const c = codeAt(text, i);
    if (c === 34 || c === 39) {
      const end = findQuote(text, i + 1, c);
      if (end < 0) return this.fail('the line ends inside a string');
      // quoted numbers: newer transformers log {'loss': '3.412'}
      const v = scanNumber(text, i + 1);
      if (scanEnd === end) {
        this.values[k] = v;
        this.kinds[k] = ValueKind.QuotedNumber;
      } else {
        const raw = text.slice(i + 1, end);
        this.strings[k] = raw.includes('\\') ? unescape(raw, c) : raw;
        this.values[k] = NaN;
        this.kinds[k] = ValueKind.String;
      }
      return end + 1;
    }
    if (c === 123 || c === 91 /* { [ */) {
      const end = skipNested(text, i);
      if (end < 0) return this.fail('the line ends inside a nested value');
      this.values[k] = NaN;
      if (c === 123) {
        this.kinds[k] = ValueKind.Object;
        this.hasObject = true;
      } else this.kinds[k] = ValueKind.Nested;
      return end;
    }
    const v = scanNumber(text, i);
    if (scanEnd >= 0) {
      this.values[k] = v;
      this.kinds[k] = ValueKind.Number;
      return scanEnd;
    }
    // a word: a literal, or a wrapper such as tensor(0.5) / np.float64(0.5)
    let j = i;
    while (j < text.length && isWordChar(codeAt(text, j))) j++;
    if (j === i) return this.fail(i >= text.length ? 'the line ends before a value' : `unexpected character at column ${i + 1}`);
    if (codeAt(text, j) === 40 /* ( */) {
      const w = scanNumber(text, j + 1);
      const close = scanEnd >= 0 ? skipToClose(text, scanEnd) : -1;
      if (close < 0) return this.fail(`cannot read the value at column ${i + 1}`);
      this.values[k] = w;
      this.kinds[k] = ValueKind.Number;
      return close;
    }
    this.values[k] = NaN;
    this.kinds[k] = ValueKind.Literal;
    return j;
  }

  private grow(): void {
    const v = new Float64Array(this.values.length * 2);
    v.set(this.values);
    this.values = v;
    const t = new Uint8Array(this.kinds.length * 2);
    t.set(this.kinds);
    this.kinds = t;
  }

  private fail(why: string): -1 {
    this.error = why;
    this.count = 0;
    this.layout++;
    return -1;
  }

  /** Marks the fields as changed (a reader refilled them from another parse). */
  touch(): void {
    this.layout++;
  }

  private failed(why: string): false {
    this.fail(why);
    return false;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46;
}

function findQuote(text: string, i: number, quote: number): number {
  for (;;) {
    const q = text.indexOf(quote === 34 ? '"' : "'", i);
    if (q < 0) return -1;
    let bs = 0;
    for (let b = q - 1; b >= i && codeAt(text, b) === 92; b--) bs++;
    if (bs % 2 === 0) return q;
    i = q + 1;
  }
}

function unescape(raw: string, quote: number): string {
  try {
    return JSON.parse(`"${quote === 39 ? raw.replace(/\\'/g, "'").replace(/"/g, '\\"') : raw}"`) as string;
  } catch {
    return raw;
  }
}

/** Index after the `}` / `]` closing the nested value at `i`, or -1 when the line ends first. */
function skipNested(text: string, i: number): number {
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const c = codeAt(text, i);
    if (c === 34 || c === 39) {
      const end = findQuote(text, i + 1, c);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

// `tensor(0.5, device='cuda:0')`: index after the closing parenthesis.
function skipToClose(text: string, i: number): number {
  const close = text.indexOf(')', i);
  return close < 0 ? -1 : close + 1;
}

/**
 * A JSON reader for what Python writes: `json.dumps` spells non-finite floats `NaN`, `Infinity`, `-Infinity`
 * (strict JSON.parse rejects them: detectron2's `"bbox/APs": NaN`, Hugging Face's `"grad_norm": NaN`), and
 * `print(dict)` writes single quotes, `nan`, `inf`, `True`, `False`, `None`. Values come out as plain JS values.
 *
 * `readValue` reads one value at a position and reports where it ended, so a caller can walk an array element
 * by element and keep what it read before a file that was cut mid-JSON ends.
 */
export class RelaxedJsonError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function parseRelaxedJson(text: string): JsonValue {
  const r = new RelaxedJsonReader(text);
  const v = r.readValue(r.skipSpace(0));
  const end = r.skipSpace(r.pos);
  if (end < text.length) throw new RelaxedJsonError(`unexpected text after the JSON value at offset ${end}`, end);
  return v;
}

export class RelaxedJsonReader {
  /** Offset after the last value read. */
  pos = 0;

  constructor(readonly text: string) {}

  skipSpace(i: number): number {
    const t = this.text;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
    return i;
  }

  /** Reads the value starting at `i` (no leading spaces); sets `pos` after it. Throws RelaxedJsonError. */
  readValue(i: number): JsonValue {
    const t = this.text;
    if (i >= t.length) throw new RelaxedJsonError('the text ends where a value should start', i);
    const c = t.charCodeAt(i);
    if (c === 123) return this.readObject(i);
    if (c === 91) return this.readArray(i);
    if (c === 34 || c === 39) return this.readString(i);
    return this.readWord(i);
  }

  private readObject(i: number): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    i = this.skipSpace(i + 1);
    if (this.text.charCodeAt(i) === 125) {
      this.pos = i + 1;
      return out;
    }
    for (;;) {
      const c = this.text.charCodeAt(i);
      if (c !== 34 && c !== 39) throw new RelaxedJsonError(i >= this.text.length ? 'the text ends inside an object' : `expected a key at offset ${i}`, i);
      const key = this.readString(i);
      i = this.skipSpace(this.pos);
      if (this.text.charCodeAt(i) !== 58) throw new RelaxedJsonError(i >= this.text.length ? 'the text ends inside an object' : `expected : at offset ${i}`, i);
      out[key] = this.readValue(this.skipSpace(i + 1));
      i = this.skipSpace(this.pos);
      const d = this.text.charCodeAt(i);
      if (d === 44) {
        i = this.skipSpace(i + 1);
        if (this.text.charCodeAt(i) === 125) {
          this.pos = i + 1;
          return out;
        }
        continue;
      }
      if (d === 125) {
        this.pos = i + 1;
        return out;
      }
      throw new RelaxedJsonError(i >= this.text.length ? 'the text ends inside an object' : `expected , or } at offset ${i}`, i);
    }
  }

  private readArray(i: number): JsonValue[] {
    const out: JsonValue[] = [];
    i = this.skipSpace(i + 1);
    if (this.text.charCodeAt(i) === 93) {
      this.pos = i + 1;
      return out;
    }
    for (;;) {
      out.push(this.readValue(i));
      i = this.skipSpace(this.pos);
      const d = this.text.charCodeAt(i);
      if (d === 44) {
        i = this.skipSpace(i + 1);
        if (this.text.charCodeAt(i) === 93) {
          this.pos = i + 1;
          return out;
        }
        continue;
      }
      if (d === 93) {
        this.pos = i + 1;
        return out;
      }
      throw new RelaxedJsonError(i >= this.text.length ? 'the text ends inside an array' : `expected , or ] at offset ${i}`, i);
    }
  }

  private readString(i: number): string {
    const t = this.text;
    const quote = t.charCodeAt(i);
    let j = i + 1;
    let escaped = false;
    for (;;) {
      if (j >= t.length) throw new RelaxedJsonError('the text ends inside a string', i);
      const c = t.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j += 2;
        continue;
      }
      if (c === quote) break;
      j++;
    }
    this.pos = j + 1;
    const raw = t.slice(i + 1, j);
    if (!escaped) return raw;
    const body = quote === 39 ? raw.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"') : raw;
    try {
      return JSON.parse(`"${body}"`) as string;
    } catch {
      return raw;
    }
  }

  private readWord(i: number): JsonValue {
    const t = this.text;
    let j = i;
    while (j < t.length) {
      const c = t.charCodeAt(j);
      if (c === 44 || c === 125 || c === 93 || c === 58 || c === 32 || c === 9 || c === 10 || c === 13) break;
      j++;
    }
    const word = t.slice(i, j);
    this.pos = j;
    switch (word) {
      case 'true': case 'True': return true;
      case 'false': case 'False': return false;
      case 'null': case 'None': return null;
      case 'NaN': case 'nan': return NaN;
      case 'Infinity': case 'inf': return Infinity;
      case '-Infinity': case '-inf': return -Infinity;
    }
    const v = Number(word);
    if (word.length === 0 || Number.isNaN(v)) {
      throw new RelaxedJsonError(j >= t.length && word.length === 0 ? 'the text ends where a value should start' : `cannot read '${word.slice(0, 20)}' at offset ${i}`, i);
    }
    return v;
  }
}

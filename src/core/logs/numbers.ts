/**
 * Hand-written number scanning for log lines: the formats that matter most run at a few hundred MB/s,
 * where a regular expression per line reaches about a quarter of that.
 */

const MAX_EXACT = 2 ** 53;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Veltkamp's splitting constant 2^27 + 1: `split(x)` cuts a double into two halves of 26 bits. */
const SPLITTER = 134217729;
/** 10^k cut into halves whose products with another half are exact (Dekker's product). */
const POW10_HI = POW10.map(d => SPLITTER * d - (SPLITTER * d - d));
const POW10_LO = POW10.map((d, k) => d - POW10_HI[k]!);
/** Relative margin of the long-mantissa path's rounding check: far above its error bound of about 2^-100. */
const MARGIN = 2 ** -80;

/** Where the last `scanNumber` ended (index after the number), or -1 when no number was found. */
export let scanEnd = -1;

/**
 * Reads a number starting at `pos` (after optional spaces): `12`, `-0.5`, `.5`, `1e-05`, `7.1277e-04`, and the
 * non-finite spellings `nan`, `NaN`, `inf`, `-inf`, `Infinity`. Returns NaN and sets `scanEnd = -1` when there
 * is none (check `scanEnd`, since NaN is also a value). The result equals `Number(text)` exactly: a mantissa up
 * to 2^53 with a small exponent is exact in doubles (Clinger's fast path); the 17-digit shortest reprs that
 * Python writes for most floats take an exact double-double division (`longMantissa`); anything else falls
 * back to Number().
 */
export function scanNumber(text: string, pos: number): number {
  // Every read is bounds-checked by hand: charCodeAt past the end returns NaN, and once a hot loop has seen
  // that, V8 recompiles it with float comparisons throughout (half the speed).
  const n = text.length;
  let i = pos;
  let c = i < n ? text.charCodeAt(i) : -1;
  while (c === 32 || c === 9) c = ++i < n ? text.charCodeAt(i) : -1;
  const start = i;
  let neg = false;
  if (c === 45 /* - */ || c === 43 /* + */) {
    neg = c === 45;
    c = ++i < n ? text.charCodeAt(i) : -1;
  }
  if (c === 110 || c === 78 || c === 105 || c === 73) return scanNonFinite(text, i, neg);
  // digits go into `mant` while it stays exact (<= 2^53); later ones into `rest` (`restDigits` of them)
  let mant = 0;
  let rest = 0;
  let restDigits = 0;
  let frac = 0;
  let any = false;
  while (c >= 48 && c <= 57) {
    if (restDigits === 0) {
      const next = mant * 10 + (c - 48);
      if (next > MAX_EXACT) {
        rest = c - 48;
        restDigits = 1;
      } else mant = next;
    } else {
      rest = rest * 10 + (c - 48);
      restDigits++;
    }
    any = true;
    c = ++i < n ? text.charCodeAt(i) : -1;
  }
  if (c === 46 /* . */) {
    c = ++i < n ? text.charCodeAt(i) : -1;
    while (c >= 48 && c <= 57) {
      if (restDigits === 0) {
        const next = mant * 10 + (c - 48);
        if (next > MAX_EXACT) {
          rest = c - 48;
          restDigits = 1;
        } else mant = next;
      } else {
        rest = rest * 10 + (c - 48);
        restDigits++;
      }
      frac++;
      any = true;
      c = ++i < n ? text.charCodeAt(i) : -1;
    }
  }
  if (!any) {
    scanEnd = -1;
    return NaN;
  }
  let exp = 0;
  if (c === 101 || c === 69 /* e E */) {
    let j = i + 1;
    let d = j < n ? text.charCodeAt(j) : -1;
    let eneg = false;
    if (d === 45 || d === 43) {
      eneg = d === 45;
      d = ++j < n ? text.charCodeAt(j) : -1;
    }
    if (d >= 48 && d <= 57) {
      while (d >= 48 && d <= 57) {
        if (exp < 100000) exp = exp * 10 + (d - 48);
        d = ++j < n ? text.charCodeAt(j) : -1;
      }
      if (eneg) exp = -exp;
      i = j;
    }
  }
  scanEnd = i;
  let v: number;
  if (restDigits === 0) {
    // Clinger: an exact mantissa scaled by an exact power of ten, |k| <= 22, is one correctly rounded operation
    const e10 = exp - frac;
    if (e10 < -22 || e10 > 22) return Number(text.slice(start, i));
    v = e10 < 0 ? mant / POW10[-e10]! : mant * POW10[e10]!;
  } else {
    // mantissa = mant * 10^restDigits + rest; a value of frac fraction digits
    const k = frac - exp;
    v = restDigits <= 3 && k >= 0 && k <= 22 ? longMantissa(mant, rest, restDigits, k) : NaN;
    if (v !== v) return Number(text.slice(start, i));
  }
  return neg ? -v : v;
}

/**
 * (hi * 10^restDigits + rest) / 10^k correctly rounded, for hi <= 2^53, restDigits <= 3, 0 <= k <= 22: the
 * 17-19 digit mantissas Python's repr writes (`0.21653064876173944`). NaN when the exact quotient is too close
 * to a rounding boundary to tell (about once in 10^8 numbers): the caller then asks Number().
 *
 * The mantissa is held exactly as a double-double s + e; the quotient q = s / 10^k is corrected by the exact
 * remainder (Dekker's product gives q * 10^k exactly), and the result is checked by rounding q + c with a
 * margin far above the computation's error on both sides: if both round alike, so does the exact quotient
 * (rounding is monotone).
 */
function longMantissa(hi: number, rest: number, restDigits: number, k: number): number {
  const p10 = POW10[restDigits]!;
  // hi * p10 + rest as an exact sum: hi's high part times p10 is exact (26 + 10 bits of mantissa), its low part
  // (below 2^26) times p10 plus rest is an exact integer below 2^37, and Fast2Sum keeps the rounding error
  const lowHi = hi % 67108864;
  const big = (hi - lowHi) * p10;
  const small = lowHi * p10 + rest;
  const s = big + small;
  const e = small - (s - big);
  const d = POW10[k]!;
  const q = s / d;
  // q * d = p + pe exactly (Dekker)
  const t = SPLITTER * q;
  const qh = t - (t - q);
  const ql = q - qh;
  const dh = POW10_HI[k]!;
  const dl = POW10_LO[k]!;
  const p = q * d;
  const pe = qh * dh - p + qh * dl + ql * dh + ql * dl;
  // the exact remainder (s + e) - (p + pe); s - p is exact (Sterbenz: p is within a factor 2 of s)
  const r = s - p - pe + e;
  const c = r / d;
  const res = q + c;
  const m = res * MARGIN;
  return q + (c + m) === res && q + (c - m) === res ? res : NaN;
}

function scanNonFinite(text: string, i: number, neg: boolean): number {
  const rest = text.slice(i, i + 8).toLowerCase();
  if (rest.startsWith('nan')) {
    scanEnd = i + 3;
    return NaN;
  }
  if (rest.startsWith('infinity')) {
    scanEnd = i + 8;
    return neg ? -Infinity : Infinity;
  }
  if (rest.startsWith('inf')) {
    scanEnd = i + 3;
    return neg ? -Infinity : Infinity;
  }
  scanEnd = -1;
  return NaN;
}

/** Parses a whole string as a number (trimmed; `nan`/`inf` accepted); undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  const v = scanNumber(text, 0);
  if (scanEnd < 0) return undefined;
  for (let i = scanEnd; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 37 /* % */) return undefined;
  }
  return v;
}

/**
 * `text.charCodeAt(i)`, or -1 past the end. Hot loops read through this rather than relying on charCodeAt's
 * NaN past the end: once V8 has seen an out-of-bounds read in a function it recompiles the function with
 * float comparisons on every character, at half the speed.
 */
export function codeAt(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : -1;
}

/** Index after the timestamp `leadingTimestamp` read last; -1 when there was none. */
export let timestampEnd = -1;

/**
 * Reads a `logging`-style date and time at `pos` (after an optional `[`): `2025-06-04 17:39:02,341`,
 * `2025-06-04 17:39:02.341`, `2025-10-15T11:33:44`, `2020/07/20 05:45:27`. Returns seconds since 1970 reading
 * the time as UTC (logs rarely say their time zone: differences between points, which is what a wall-time axis
 * shows, are right either way), or NaN when there is no timestamp there. Hand-written: it runs on every line
 * of the formats that have one.
 */
export function leadingTimestamp(text: string, pos = 0): number {
  timestampEnd = -1;
  let i = pos;
  if (text.charCodeAt(i) === 91 /* [ */) i++;
  if (text.length < i + 19) return NaN;
  const year = digits(text, i, 4);
  const sep = text.charCodeAt(i + 4);
  if (year < 0 || (sep !== 45 && sep !== 47) || text.charCodeAt(i + 7) !== sep) return NaN;
  const month = digits(text, i + 5, 2);
  const day = digits(text, i + 8, 2);
  const t = text.charCodeAt(i + 10);
  if (month < 1 || month > 12 || day < 1 || day > 31 || (t !== 32 && t !== 84 /* T */)) return NaN;
  const hour = digits(text, i + 11, 2);
  const minute = digits(text, i + 14, 2);
  const second = digits(text, i + 17, 2);
  if (hour < 0 || minute < 0 || second < 0 || text.charCodeAt(i + 13) !== 58 || text.charCodeAt(i + 16) !== 58) return NaN;
  let end = i + 19;
  let frac = 0;
  const f = text.charCodeAt(end);
  if (f === 44 || f === 46 /* , . */) {
    let j = end + 1;
    let whole = 0;
    let scale = 1;
    for (let c = text.charCodeAt(j); c >= 48 && c <= 57 && scale < 1e9; c = text.charCodeAt(++j)) {
      whole = whole * 10 + (c - 48);
      scale *= 10;
    }
    if (j > end + 1) {
      frac = whole / scale;
      end = j;
    }
  }
  timestampEnd = end;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + frac;
}

function digits(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

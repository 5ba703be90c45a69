/** Small helpers the formats' `sniff` functions share. They see at most the first 64 KiB, so clarity wins. */

/** The non-blank lines of the head, at most `max`. */
export function headLines(head: string, max = 40): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < max && start < head.length) {
    let nl = head.indexOf('\n', start);
    if (nl < 0) nl = head.length;
    const line = head.slice(start, nl);
    if (line.trim().length > 0) out.push(line);
    start = nl + 1;
  }
  return out;
}

/** The head's lines that hold a JSON / dict object (start with `{`), at most `max`. */
export function objectLines(head: string, max = 5): string[] {
  return headLines(head, 400).filter(l => l.trimStart().startsWith('{')).slice(0, max);
}

/** The line has `"key":` or `'key':` (a key of a JSON object or Python dict). */
export function hasKey(line: string, key: string): boolean {
  return line.includes(`"${key}":`) || line.includes(`'${key}':`);
}

/** The head's first line, split on `sep` and trimmed (a CSV header). */
export function headerCells(head: string, sep = ','): string[] {
  const first = headLines(head, 1)[0] ?? '';
  return first.split(sep).map(c => c.trim().replace(/^"(.*)"$/, '$1'));
}

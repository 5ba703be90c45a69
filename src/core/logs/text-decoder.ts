import { StringDecoder } from 'node:string_decoder';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/**
 * Guesses a text encoding from the first bytes: a BOM, or for BOM-less UTF-16 the NUL bytes that ASCII text
 * leaves in every other byte. Everything else is read as UTF-8; invalid sequences become U+FFFD, so GBK or CP866
 * text turns into mojibake but the numbers around it still read.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  const n = Math.min(head.length, 1024) & ~1;
  if (n >= 8) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    const pairs = n / 2;
    if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return { encoding: 'utf16le', bomLength: 0 };
    if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return { encoding: 'utf16be', bomLength: 0 };
  }
  return { encoding: 'utf8', bomLength: 0 };
}

/** Decodes a byte stream chunk by chunk; a character split across two chunks comes out whole. */
export class ChunkDecoder {
  private readonly decoder: StringDecoder;
  private odd: number | null = null;

  constructor(readonly encoding: TextEncoding) {
    this.decoder = new StringDecoder(encoding === 'utf8' ? 'utf8' : 'utf16le');
  }

  write(bytes: Uint8Array): string {
    if (this.encoding !== 'utf16be') return this.decoder.write(bytes as Buffer);
    return this.decoder.write(this.swap(bytes));
  }

  end(): string {
    return this.decoder.end();
  }

  // UTF-16BE → LE, carrying an odd trailing byte to the next chunk.
  private swap(bytes: Uint8Array): Buffer {
    const start = this.odd === null ? 0 : 1;
    const total = bytes.length + start;
    const even = total & ~1;
    const out = Buffer.allocUnsafe(even);
    const src = (i: number): number => (i === 0 && this.odd !== null ? this.odd : bytes[i - start]!);
    for (let i = 0; i < even; i += 2) {
      out[i] = src(i + 1);
      out[i + 1] = src(i);
    }
    this.odd = total & 1 ? bytes[bytes.length - 1]! : null;
    return out;
  }
}

/** True when the bytes look like a binary file rather than text in the given encoding. */
export function looksBinary(head: Uint8Array, encoding: TextEncoding): boolean {
  if (encoding !== 'utf8') return false;
  const n = Math.min(head.length, 4096);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    // NUL and control characters other than \t \n \r, ESC (ANSI colours), \b (Keras redraws) and form feed;
    // a few NULs in a text log (a crash left a zero-filled block) do not make it binary.
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 27 && b !== 8 && b !== 12) control++;
  }
  return control > n * 0.1;
}

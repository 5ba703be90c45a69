/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as TFRecord framing uses it. */
const TABLE = (() => {
  const t = new Uint32Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  // slicing-by-4 tables
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 4; s++) t[s * 256 + i] = (t[(s - 1) * 256 + i]! >>> 8) ^ t[t[(s - 1) * 256 + i]! & 0xff]!;
  }
  return t;
})();

export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  let i = start;
  const t = TABLE;
  for (; i + 4 <= end; i += 4) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc = t[768 + (crc & 0xff)]! ^ t[512 + ((crc >>> 8) & 0xff)]! ^ t[256 + ((crc >>> 16) & 0xff)]! ^ t[crc >>> 24]!;
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * TFRecord's masked CRC (tensorflow/tensorboard tensorboard/compat/tensorflow_stub/pywrap_tensorflow.py,
 * masked_crc32c: `((x >> 15) | (x << 17)) + 0xA282EAD8`, modulo 2^32).
 */
export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const x = crc32c(bytes, start, end);
  return ((((x >>> 15) | (x << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/**
 * Just enough protobuf to read scalar summaries out of a TensorBoard `Event`, field numbers from
 * tensorflow/tensorboard tensorboard/compat/proto:
 *
 *   event.proto    Event { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; …
 *                          Summary summary = 5; … } }
 *   summary.proto  Summary { repeated Value value = 1; }
 *                  Summary.Value { string tag = 1; string node_name = 7; SummaryMetadata metadata = 9;
 *                                  oneof value { float simple_value = 2; … HistogramProto histo = 5; …
 *                                  TensorProto tensor = 8; } }
 *                  SummaryMetadata { PluginData plugin_data = 1; … }  PluginData { string plugin_name = 1; }
 *   tensor.proto   TensorProto { DataType dtype = 1; TensorShapeProto tensor_shape = 2; bytes tensor_content = 4;
 *                                repeated float float_val = 5; repeated double double_val = 6;
 *                                repeated int32 int_val = 7; repeated int64 int64_val = 10;
 *                                repeated int32 half_val = 13; }
 *   tensor_shape.proto  TensorShapeProto { repeated Dim dim = 2; }  Dim { int64 size = 1; }
 *   types.proto    DT_FLOAT = 1, DT_DOUBLE = 2, DT_INT32 = 3, DT_INT64 = 9, DT_BFLOAT16 = 14, DT_HALF = 19
 *
 * `simple_value` is what PyTorch's SummaryWriter, TF1 and tensorboardX write; TF2's `tf.summary.scalar` (and
 * Keras's TensorBoard callback) write a rank-0 float tensor under the `scalars` plugin. Anything that is not a
 * single number (images, histograms, text, audio) is passed over.
 */
export interface ScalarValue {
  tag: string;
  value: number;
}

export interface DecodedEvent {
  wallTime: number;
  step: number;
  scalars: ScalarValue[];
  /** Values that were not scalars (their tags), for the warnings of a file with no scalars at all. */
  skipped: number;
}

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_LEN = 2;
const WIRE_32 = 5;

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_BFLOAT16 = 14;
const DT_HALF = 19;

const NOT_SCALAR_PLUGINS = new Set(['histograms', 'images', 'audio', 'pr_curves', 'text', 'hparams', 'mesh', 'graph_keras_model', 'custom_scalars']);

/** Thrown for bytes that are not a well-formed protobuf message. */
export class ProtoError extends Error {}

class Reader {
  pos: number;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array, start: number, readonly end: number) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ProtoError('varint too long');
  }

  /** A signed int64 written as a varint (negative numbers take ten bytes). */
  int64(): number {
    const v = this.varint();
    return v >= 2 ** 63 ? v - 2 ** 64 : v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  float(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** The [start, end) of a length-delimited field's bytes; moves past them. */
  bytes(): [number, number] {
    const n = this.varint();
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return [start, this.pos];
  }

  string(): string {
    const [s, e] = this.bytes();
    return DECODER.decode(this.buf.subarray(s, e));
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_64) this.advance(8);
    else if (wire === WIRE_LEN) this.bytes();
    else if (wire === WIRE_32) this.advance(4);
    else throw new ProtoError(`unsupported wire type ${wire}`);
  }

  private advance(n: number): void {
    this.need(n);
    this.pos += n;
  }

  floatAt(pos: number): number {
    return this.view.getFloat32(pos, true);
  }

  doubleAt(pos: number): number {
    return this.view.getFloat64(pos, true);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new ProtoError('truncated field');
  }
}

const DECODER = new TextDecoder('utf-8');

/** Decodes one Event message held in `buf[start, end)`. Throws ProtoError on malformed bytes. */
export function decodeEvent(buf: Uint8Array, start: number, end: number): DecodedEvent {
  const r = new Reader(buf, start, end);
  const ev: DecodedEvent = { wallTime: NaN, step: 0, scalars: [], skipped: 0 };
  while (!r.done) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 1 && wire === WIRE_64) ev.wallTime = r.double();
    else if (field === 2 && wire === WIRE_VARINT) ev.step = r.int64();
    else if (field === 5 && wire === WIRE_LEN) {
      const [s, e] = r.bytes();
      decodeSummary(buf, s, e, ev);
    } else r.skip(wire);
  }
  return ev;
}

function decodeSummary(buf: Uint8Array, start: number, end: number, ev: DecodedEvent): void {
  const r = new Reader(buf, start, end);
  while (!r.done) {
    const key = r.varint();
    if (key === ((1 << 3) | WIRE_LEN)) {
      const [s, e] = r.bytes();
      decodeValue(buf, s, e, ev);
    } else r.skip(key & 7);
  }
}

function decodeValue(buf: Uint8Array, start: number, end: number, ev: DecodedEvent): void {
  const r = new Reader(buf, start, end);
  let tag = '';
  let nodeName = '';
  let value = NaN;
  let found = false;
  let plugin = '';
  let tensor: [number, number] | null = null;
  while (!r.done) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 1 && wire === WIRE_LEN) tag = r.string();
    else if (field === 7 && wire === WIRE_LEN) nodeName = r.string();
    else if (field === 2 && wire === WIRE_32) {
      value = r.float();
      found = true;
    } else if (field === 9 && wire === WIRE_LEN) {
      const [s, e] = r.bytes();
      plugin = pluginName(buf, s, e);
    } else if (field === 8 && wire === WIRE_LEN) tensor = r.bytes();
    else r.skip(wire);
  }
  if (!found && tensor && !NOT_SCALAR_PLUGINS.has(plugin)) {
    const v = tensorScalar(buf, tensor[0], tensor[1]);
    if (v !== undefined) {
      value = v;
      found = true;
    }
  }
  if (found) ev.scalars.push({ tag: tag || nodeName, value });
  else ev.skipped++;
}

function pluginName(buf: Uint8Array, start: number, end: number): string {
  const r = new Reader(buf, start, end);
  while (!r.done) {
    const key = r.varint();
    if (key === ((1 << 3) | WIRE_LEN)) {
      const [s, e] = r.bytes();
      const p = new Reader(buf, s, e);
      while (!p.done) {
        const k = p.varint();
        if (k === ((1 << 3) | WIRE_LEN)) return p.string();
        p.skip(k & 7);
      }
      return '';
    }
    r.skip(key & 7);
  }
  return '';
}

/** The single number a rank-0 (or one-element) numeric tensor holds, or undefined. */
function tensorScalar(buf: Uint8Array, start: number, end: number): number | undefined {
  const r = new Reader(buf, start, end);
  let dtype = 0;
  let elements = 1;
  let content: [number, number] | null = null;
  let first: number | undefined;
  let count = 0;
  while (!r.done) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 1 && wire === WIRE_VARINT) dtype = r.varint();
    else if (field === 2 && wire === WIRE_LEN) {
      const [s, e] = r.bytes();
      elements = shapeElements(buf, s, e);
    } else if (field === 4 && wire === WIRE_LEN) content = r.bytes();
    else if ((field === 5 || field === 6 || field === 7 || field === 10 || field === 13) && (wire === WIRE_LEN || wire === WIRE_32 || wire === WIRE_64 || wire === WIRE_VARINT)) {
      // repeated numeric fields, packed (one length-delimited run) or not
      if (wire === WIRE_LEN) {
        const [s, e] = r.bytes();
        const p = new Reader(buf, s, e);
        while (!p.done) {
          const v = field === 5 ? p.float() : field === 6 ? p.double() : field === 10 ? p.int64() : signed32(p.varint());
          if (count++ === 0) first = field === 13 ? halfValue(v, dtype) : v;
        }
      } else {
        const v = field === 5 ? r.float() : field === 6 ? r.double() : field === 10 ? r.int64() : signed32(r.varint());
        if (count++ === 0) first = field === 13 ? halfValue(v, dtype) : v;
      }
    } else r.skip(wire);
  }
  if (elements !== 1) return undefined;
  if (content) {
    const [s, e] = content;
    const n = e - s;
    if (dtype === DT_FLOAT && n === 4) return r.floatAt(s);
    if (dtype === DT_DOUBLE && n === 8) return r.doubleAt(s);
    if (dtype === DT_INT32 && n === 4) return new DataView(buf.buffer, buf.byteOffset + s, 4).getInt32(0, true);
    if (dtype === DT_INT64 && n === 8) return Number(new DataView(buf.buffer, buf.byteOffset + s, 8).getBigInt64(0, true));
    if ((dtype === DT_HALF || dtype === DT_BFLOAT16) && n === 2) return halfValue(buf[s]! | (buf[s + 1]! << 8), dtype);
    return undefined;
  }
  if (dtype !== DT_FLOAT && dtype !== DT_DOUBLE && dtype !== DT_INT32 && dtype !== DT_INT64 && dtype !== DT_HALF && dtype !== DT_BFLOAT16) return undefined;
  return count === 1 ? first : undefined;
}

function shapeElements(buf: Uint8Array, start: number, end: number): number {
  const r = new Reader(buf, start, end);
  let n = 1;
  while (!r.done) {
    const key = r.varint();
    if (key === ((2 << 3) | WIRE_LEN)) {
      const [s, e] = r.bytes();
      const d = new Reader(buf, s, e);
      while (!d.done) {
        const k = d.varint();
        if (k === ((1 << 3) | WIRE_VARINT)) n *= d.int64();
        else d.skip(k & 7);
      }
    } else r.skip(key & 7);
  }
  return n;
}

function signed32(v: number): number {
  return v >= 2 ** 31 ? v - 2 ** 32 : v;
}

/** IEEE half (DT_HALF) or bfloat16 bits, held in an int32 field or 2 content bytes, as a number. */
function halfValue(bits: number, dtype: number): number {
  if (dtype === DT_BFLOAT16) {
    const f = new DataView(new ArrayBuffer(4));
    f.setUint32(0, (bits & 0xffff) << 16);
    return f.getFloat32(0);
  }
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

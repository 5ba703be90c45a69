import type { ByteParser, LogFormat } from '../log-format';
import type { Series, Split, XAxis } from '../../run/model';
import type { RunBuilder } from '../../run/run-builder';
import { normaliseMetric } from '../../run/metric-names';
import { maskedCrc32c } from '../tensorboard/crc32c';
import { decodeEvent, ProtoError } from '../tensorboard/event-proto';

/**
 * TensorBoard event files (`events.out.tfevents.<time>.<host>…`), read with no TensorFlow and no Python: a
 * TFRecord stream (tensorflow/tensorboard tensorboard/summary/writer/record_writer.py, RecordWriter.write:
 * `uint64 length`, `uint32 masked crc of length`, `byte data[length]`, `uint32 masked crc of data`, all
 * little-endian) of `Event` protobufs whose scalar summaries become series (tensorboard/event-proto.ts).
 *
 * x is the event's step; tags that Keras's TensorBoard callback writes per epoch (`epoch_loss`,
 * `epoch_accuracy`: the step is the epoch) are epoch series. Every point has the event's wall time. The
 * `lines` of a point hold the record number in the file (1-based), the closest thing a binary file has to a
 * line. A record whose checksum is wrong is skipped with a warning; a length whose checksum is wrong means
 * the framing is lost, and the rest of the file is not read (warned). A record cut short at the end of a file
 * that is still being written waits for the rest.
 */
export const tensorboardEvents: LogFormat = {
  id: 'tensorboard-events',
  title: 'TensorBoard event file',
  sniff({ fileName, bytes }) {
    if (bytes && bytes.length >= 12 && validHeader(bytes, 0)) return 1;
    return fileName.includes('tfevents') ? 0.9 : 0;
  },
  createByteParser: out => new EventFileParser(out),
};

/** The first 12 bytes of a record at `at` are a length and its masked CRC. */
export function validHeader(bytes: Uint8Array, at: number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 12);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return length < MAX_RECORD && view.getUint32(8, true) === maskedCrc32c(bytes, at, at + 8);
}

/** Longest record believed: a longer length is a corrupt header, not a 4 GB event. */
const MAX_RECORD = 256 * 1024 * 1024;

export interface EventFileOptions {
  /** The split of every series, from the folder the file is in (`train/`, `validation/`). */
  context?: Split | null;
  /** Shared by the parsers of the files of one run folder, so a tag continues across files. */
  shared?: EventSeriesState;
}

/** Series and last steps by tag: one per split folder of a run, shared by its event files. */
export interface EventSeriesState {
  series: Map<string, Series>;
  lastStep: Map<string, number>;
  segment: number;
}

export class EventFileParser implements ByteParser {
  private buf = new Uint8Array(1 << 16);
  private head = 0;
  private tail = 0;
  private offset = 0; // file offset of buf[start]
  private record = 0;
  private stopped = false;
  private badRecords = 0;
  private skippedValues = 0;
  private readonly state: EventSeriesState;

  constructor(private readonly out: RunBuilder, private readonly options: EventFileOptions = {}) {
    this.state = options.shared ?? { series: new Map(), lastStep: new Map(), segment: -1 };
  }

  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.append(bytes);
    this.drain();
  }

  end(): void {
    if (this.stopped) return;
    const left = this.tail - this.head;
    if (left > 0) this.out.warn(this.record + 1, `the file ends inside record ${this.record + 1} (${left} bytes at byte ${this.offset}): that record is not read`);
    if (this.record > 0 && this.out.run.series.length === 0 && this.skippedValues > 0) {
      this.out.warn(0, `${this.skippedValues} summary values are images, histograms or text, not scalars: nothing to plot`);
    }
  }

  private append(bytes: Uint8Array): void {
    const need = this.tail + bytes.length;
    if (need > this.buf.length) {
      const live = this.tail - this.head;
      if (live + bytes.length <= this.buf.length && this.head > 0) {
        this.buf.copyWithin(0, this.head, this.tail);
      } else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, live + bytes.length));
        next.set(this.buf.subarray(this.head, this.tail));
        this.buf = next;
      }
      this.tail = live;
      this.head = 0;
    }
    this.buf.set(bytes, this.tail);
    this.tail += bytes.length;
  }

  private drain(): void {
    const buf = this.buf;
    while (this.tail - this.head >= 12) {
      const at = this.head;
      if (!validHeader(buf, at)) {
        this.stopped = true;
        this.out.warn(this.record + 1, `record ${this.record + 1} at byte ${this.offset} has a bad length checksum: the file is damaged there, the rest is not read`);
        return;
      }
      const view = new DataView(buf.buffer, buf.byteOffset + at, 8);
      const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
      const total = 12 + length + 4;
      if (this.tail - at < total) return; // the rest of the record has not arrived yet
      this.record++;
      const dataStart = at + 12;
      const dataEnd = dataStart + length;
      const crc = new DataView(buf.buffer, buf.byteOffset + dataEnd, 4).getUint32(0, true);
      if (crc !== maskedCrc32c(buf, dataStart, dataEnd)) {
        if (this.badRecords++ < 5) this.out.warn(this.record, `record ${this.record} at byte ${this.offset} has a bad data checksum: skipped`);
      } else {
        this.readEvent(buf, dataStart, dataEnd);
      }
      this.head += total;
      this.offset += total;
    }
  }

  private readEvent(buf: Uint8Array, start: number, end: number): void {
    let ev;
    try {
      ev = decodeEvent(buf, start, end);
    } catch (e) {
      if (e instanceof ProtoError) {
        this.out.warn(this.record, `record ${this.record} is not a readable Event (${e.message}): skipped`);
        return;
      }
      throw e;
    }
    this.skippedValues += ev.skipped;
    for (const { tag, value } of ev.scalars) {
      const last = this.state.lastStep.get(tag);
      if (last !== undefined && ev.step < last) {
        // a run restarted into the same file (TensorBoard would purge the orphaned steps)
        this.out.newSegment();
        this.state.lastStep.clear();
      }
      this.state.lastStep.set(tag, ev.step);
      this.out.addOrReplace(this.seriesFor(tag), ev.step, value, this.record, NaN, ev.wallTime);
    }
  }

  private seriesFor(tag: string): Series {
    const st = this.state;
    if (st.segment !== this.out.currentSegment) {
      st.series.clear();
      st.segment = this.out.currentSegment;
    }
    let s = st.series.get(tag);
    if (!s) {
      const perEpoch = tag.startsWith('epoch_');
      const x: XAxis = perEpoch ? 'epoch' : 'step';
      const context = this.options.context ?? null;
      // Keras names its per-epoch tags epoch_loss, epoch_accuracy, epoch_learning_rate
      const norm = perEpoch ? normaliseMetric(tag.slice(6), context) : undefined;
      s = this.out.series(tag, { x, context, withWallTime: true, ...(norm ? { metric: norm.metric, split: norm.split } : {}) });
      st.series.set(tag, s);
    }
    return s;
  }
}

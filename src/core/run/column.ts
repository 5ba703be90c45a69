/**
 * A growable column of numbers backed by a Float64Array: a run keeps its points as parallel columns
 * (x, value, source line, ...) instead of one object per point, so a million-point run costs tens of
 * megabytes, not hundreds.
 */
export class Column {
  private buf: Float64Array;
  private n = 0;

  constructor(capacity = 16) {
    this.buf = new Float64Array(capacity);
  }

  get length(): number {
    return this.n;
  }

  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = v;
  }

  /** The value at i (0 <= i < length); NaN outside. */
  at(i: number): number {
    return i >= 0 && i < this.n ? this.buf[i]! : NaN;
  }

  set(i: number, v: number): void {
    if (i >= 0 && i < this.n) this.buf[i] = v;
  }

  last(): number {
    return this.n > 0 ? this.buf[this.n - 1]! : NaN;
  }

  /** Drops everything from index `length` on. */
  truncate(length: number): void {
    this.n = Math.max(0, Math.min(this.n, length));
  }

  /** A view of the filled part (shares memory: copy it before keeping it across pushes). */
  view(from = 0, to = this.n): Float64Array {
    return this.buf.subarray(from, to);
  }

  toArray(from = 0, to = this.n): number[] {
    return Array.from(this.buf.subarray(from, to));
  }

  static from(values: ArrayLike<number>): Column {
    const c = new Column(Math.max(16, values.length));
    for (let i = 0; i < values.length; i++) c.push(values[i]!);
    return c;
  }
}

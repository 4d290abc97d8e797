/** A growable column of numbers backed by a typed array (doubling capacity). */
export class Float64Column {
  private data = new Float64Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }
}

/** A growable pool of 32-bit stamps; `append` returns the offset of the appended run. */
export class StampPool {
  private data = new Uint32Array(1024);
  length = 0;

  append(source: Uint32Array, from: number, count: number): number {
    this.reserve(count);
    const offset = this.length;
    this.data.set(source.subarray(from, from + count), offset);
    this.length += count;
    return offset;
  }

  appendFill(stamp: number, count: number): number {
    this.reserve(count);
    const offset = this.length;
    this.data.fill(stamp, offset, offset + count);
    this.length += count;
    return offset;
  }

  /** A view of a stored run (valid until the next append). */
  view(offset: number, count: number): Uint32Array {
    return this.data.subarray(offset, offset + count);
  }

  private reserve(count: number): void {
    if (this.length + count <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < this.length + count) capacity *= 2;
    const next = new Uint32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

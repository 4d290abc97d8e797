/** Compressed data that cannot be decoded: says what was wrong, in the terms of the format. */
export class CompressedDataError extends Error {
  override readonly name = 'CompressedDataError';
}

const NO_BYTES = new Uint8Array(0);

/**
 * The bits of a byte stream pulled chunk by chunk, least significant bit
 * first (DEFLATE's order, RFC 1951 §3.1.1). Only the current chunk is held:
 * the next is pulled once it is used up, so a file of any size streams
 * through.
 */
export class BitInput {
  private chunk: Uint8Array = NO_BYTES;
  private at = 0;
  private ended = false;
  /** Up to 23 bits pulled but not consumed: reads of at most 16 bits never overflow 31 bits. */
  private buffer = 0;
  private count = 0;

  constructor(private readonly chunks: Iterator<Uint8Array>) {}

  /** The next `n` bits (0 ≤ n ≤ 16) as a number, the first bit lowest. */
  bits(n: number): number {
    this.fill(n);
    if (this.count < n) throw new CompressedDataError('the compressed data ends early');
    const value = this.buffer & ((1 << n) - 1);
    this.buffer >>>= n;
    this.count -= n;
    return value;
  }

  /** The next `n` bits without consuming them; bits past the end of the input read as 0. */
  peek(n: number): number {
    this.fill(n);
    return this.buffer & ((1 << n) - 1);
  }

  /** Consumes `n` bits already peeked. */
  drop(n: number): void {
    if (this.count < n) throw new CompressedDataError('the compressed data ends early');
    this.buffer >>>= n;
    this.count -= n;
  }

  /** Skips to the next byte boundary (a stored block, the gzip trailer). */
  alignToByte(): void {
    this.drop(this.count & 7);
  }

  /** The next whole byte (after `alignToByte`), or -1 at the end of the input. */
  byte(): number {
    if (this.count >= 8) return this.bits(8);
    return this.nextByte();
  }

  private fill(n: number): void {
    while (this.count < n) {
      const byte = this.nextByte();
      if (byte < 0) return;
      this.buffer |= byte << this.count;
      this.count += 8;
    }
  }

  private nextByte(): number {
    while (this.at >= this.chunk.length) {
      if (this.ended) return -1;
      const next = this.chunks.next();
      if (next.done) {
        this.ended = true;
        return -1;
      }
      this.chunk = next.value;
      this.at = 0;
    }
    return this.chunk[this.at++]!;
  }
}

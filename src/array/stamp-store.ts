const CHUNK_BITS = 12;
const CHUNK_BLOCKS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_BLOCKS - 1;

/**
 * One 32-bit write stamp per block, in chunks of 4096 blocks allocated on
 * first write: a volume costs 4 bytes per block it was ever written to, and
 * reading blocks never written (stamp 0) touches no memory at all — a large
 * fresh volume would otherwise pay a page fault per first read.
 */
export class StampStore {
  private readonly chunks: (Uint32Array | undefined)[];

  constructor(readonly blocks: number) {
    this.chunks = new Array<Uint32Array | undefined>(Math.ceil(blocks / CHUNK_BLOCKS)).fill(undefined);
  }

  get(block: number): number {
    const chunk = this.chunks[block >>> CHUNK_BITS];
    return chunk === undefined ? 0 : chunk[block & CHUNK_MASK]!;
  }

  set(block: number, stamp: number): void {
    const index = block >>> CHUNK_BITS;
    let chunk = this.chunks[index];
    if (chunk === undefined) {
      if (stamp === 0) return;
      chunk = this.chunks[index] = new Uint32Array(CHUNK_BLOCKS);
    }
    chunk[block & CHUNK_MASK] = stamp;
  }

  /** Blocks `[from, from + count)` as an array (for records and tests). */
  slice(from: number, count: number): Uint32Array {
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.get(from + i);
    return out;
  }

  /** Chunks holding data (for memory accounting). */
  get allocatedChunks(): number {
    return this.chunks.reduce((n, chunk) => n + (chunk ? 1 : 0), 0);
  }
}

import { NIL } from './entry-pool.js';

const CHUNK_BITS = 12;
const CHUNK_BLOCKS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_BLOCKS - 1;

/**
 * The head of each block's entry list (NIL: the block has none of its own),
 * in chunks of 4096 blocks allocated on first use: as fast as an array for
 * the millions of lookups of a large history, and as small as the part of
 * the volume ever written. A hash map cost the checker half its time.
 */
export class BlockHeads {
  private readonly chunks: (Int32Array | undefined)[] = [];

  get(block: number): number {
    const chunk = this.chunks[block >>> CHUNK_BITS];
    return chunk === undefined ? NIL : chunk[block & CHUNK_MASK]!;
  }

  set(block: number, head: number): void {
    const index = block >>> CHUNK_BITS;
    let chunk = this.chunks[index];
    if (chunk === undefined) chunk = this.chunks[index] = new Int32Array(CHUNK_BLOCKS).fill(NIL);
    chunk[block & CHUNK_MASK] = head;
  }

  /** Calls `visit` for every block with a list, in block order; `visit` may replace that block's head. */
  forEach(visit: (block: number, head: number) => void): void {
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (chunk === undefined) continue;
      for (let i = 0; i < CHUNK_BLOCKS; i++) if (chunk[i] !== NIL) visit(c * CHUNK_BLOCKS + i, chunk[i]!);
    }
  }
}

const CHUNK_BITS = 12;
const CHUNK_BLOCKS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_BLOCKS - 1;

/**
 * A volume's content, block → stamp (0: never written), in chunks of 4096
 * blocks allocated on first write: as small as the part of the volume ever
 * written, however large the volume.
 */
export class BlockStamps {
  private readonly chunks: (Uint32Array | undefined)[] = [];

  get(block: number): number {
    const chunk = this.chunks[block >>> CHUNK_BITS];
    return chunk === undefined ? 0 : chunk[block & CHUNK_MASK]!;
  }

  /** Writes `stamps` from `startBlock` on. */
  set(startBlock: number, stamps: Uint32Array): void {
    for (let k = 0; k < stamps.length; k++) {
      const block = startBlock + k;
      const index = block >>> CHUNK_BITS;
      const chunk = (this.chunks[index] ??= new Uint32Array(CHUNK_BLOCKS));
      chunk[block & CHUNK_MASK] = stamps[k]!;
    }
  }
}

import type { Geometry } from './geometry.js';
import type { StripedLayout } from './layout.js';
import { StampStore } from './stamp-store.js';

/**
 * A logical volume. Its content is one 32-bit write stamp per block (0 =
 * never written), never bytes: a 1 TiB volume of 4 KiB blocks takes at most
 * 1 GiB, and only for the parts ever written.
 * `disk` is what the drives hold; the cache may hold newer data for some
 * tracks, and what a read returns is the cache's copy where there is one.
 */
export class Volume {
  readonly tracks: number;
  readonly disk: StampStore;

  constructor(
    readonly index: number,
    readonly name: string,
    readonly blocks: number,
    readonly geometry: Geometry,
    readonly layout: StripedLayout,
  ) {
    this.tracks = Math.ceil(blocks / geometry.blocksPerTrack);
    this.disk = new StampStore(this.tracks * geometry.blocksPerTrack);
  }

  get sizeBytes(): number {
    return this.blocks * this.geometry.blockBytes;
  }

  trackOf(block: number): number {
    return Math.floor(block / this.geometry.blocksPerTrack);
  }
}

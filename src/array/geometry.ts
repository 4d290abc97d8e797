import { AssertionError } from '../engine/assert.js';
import { SECTOR_BYTES } from '../devices/drive.js';

/**
 * Block and track sizes, one for the whole array. Hosts address blocks;
 * tracks are the unit of caching, copying and change tracking. A track's
 * blocks fit in one 32-bit mask, so a track holds at most 32 blocks.
 */
export interface Geometry {
  readonly blockBytes: number;
  readonly blocksPerTrack: number;
}

export const DEFAULT_GEOMETRY: Geometry = { blockBytes: 4096, blocksPerTrack: 16 };

export function checkGeometry(geometry: Geometry): void {
  const { blockBytes, blocksPerTrack } = geometry;
  if (!(Number.isInteger(blockBytes) && blockBytes >= SECTOR_BYTES && blockBytes % SECTOR_BYTES === 0)) {
    throw new AssertionError(`block size ${blockBytes} is not a multiple of ${SECTOR_BYTES} bytes`);
  }
  if (!(Number.isInteger(blocksPerTrack) && blocksPerTrack >= 1 && blocksPerTrack <= 32)) {
    throw new AssertionError(`blocks per track ${blocksPerTrack} is not in 1..32`);
  }
}

export const sectorsPerBlock = (geometry: Geometry): number => geometry.blockBytes / SECTOR_BYTES;
export const trackBytes = (geometry: Geometry): number => geometry.blockBytes * geometry.blocksPerTrack;

/** The first block of a non-empty block mask. */
export const maskFirst = (mask: number): number => 31 - Math.clz32(mask & -mask);
/** One past the last block of a non-empty block mask: `[maskFirst, maskEnd)` covers it. */
export const maskEnd = (mask: number): number => 32 - Math.clz32(mask);

/** Mask of blocks `[from, to)` within a track (0 ≤ from < to ≤ 32). */
export function blockMask(from: number, to: number): number {
  const width = to - from;
  return width >= 32 ? 0xffffffff : (((1 << width) - 1) << from) >>> 0;
}

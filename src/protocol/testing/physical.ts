import type { History, WriteSource } from '../../array/history.js';
import type { TimeNs } from '../../engine/time.js';

export interface PhysicalFilter {
  readonly volume: string;
  readonly sources: readonly WriteSource[];
  /** Writes at or after this instant. */
  readonly fromNs?: TimeNs;
  /** Writes at or before this instant. */
  readonly toNs?: TimeNs;
}

/**
 * How many times each track of a volume was written into cache by the given
 * sources, from the history's physical writes (what a checker would read).
 */
export function trackWrites(history: History, filter: PhysicalFilter): Map<number, number> {
  const bpt = history.topology.blocksPerTrack;
  const counts = new Map<number, number>();
  for (const write of history.physicalWrites()) {
    if (write.layer !== 'cache' || write.volume !== filter.volume || !filter.sources.includes(write.source)) continue;
    if (write.timeNs < (filter.fromNs ?? -Infinity) || write.timeNs > (filter.toNs ?? Infinity)) continue;
    const first = Math.floor(write.startBlock / bpt);
    const last = Math.floor((write.startBlock + write.blockCount - 1) / bpt);
    for (let track = first; track <= last; track++) counts.set(track, (counts.get(track) ?? 0) + 1);
  }
  return counts;
}

/** The tracks a set of block ranges touch, sorted. */
export function tracksOf(ranges: readonly { startBlock: number; blockCount: number }[], blocksPerTrack: number): number[] {
  const tracks = new Set<number>();
  for (const { startBlock, blockCount } of ranges) {
    for (let track = Math.floor(startBlock / blocksPerTrack); track <= Math.floor((startBlock + blockCount - 1) / blocksPerTrack); track++) {
      tracks.add(track);
    }
  }
  return [...tracks].sort((a, b) => a - b);
}

export const sorted = (values: Iterable<number>): number[] => [...values].sort((a, b) => a - b);

import { Layout, Location } from './layout.js';
import type { CacheSpec } from './params.js';

/**
 * How far the drive prefetches after a read of [lbn, lbn + count), as
 * DiskSim's `disk_buffer_get_max_readahead` computes it, and where a
 * track- or cylinder-bounded read-ahead must stop (DiskSim refuses the track
 * or cylinder switch of a background read in `disk_initiate_seek`).
 */
export class ReadAheadPolicy {
  private readonly loc = new Location();

  constructor(
    private readonly layout: Layout,
    private readonly cache: CacheSpec,
    private readonly capacitySectors: number,
  ) {}

  /**
   * One past the last sector to prefetch. `segmentStart` is the first sector
   * the request's segment holds when the limit is set (the request's own
   * first sector after a miss): a segment reaching back past the track
   * holding the next sector marks a sequential stream, which `next-track`
   * rewards with one more track.
   */
  limit(lbn: number, count: number, segmentStart: number): number {
    const end = lbn + count;
    const limit = Math.min(this.unbounded(lbn, end, segmentStart), this.capacitySectors);
    return Math.max(Math.min(limit, this.boundary(end)), end);
  }

  private unbounded(lbn: number, end: number, segmentStart: number): number {
    const c = this.cache;
    switch (c.readAhead) {
      case 'none':
        return end;
      case 'next-track':
        return this.nextTrackEnd(lbn, end, segmentStart);
      case 'track':
      case 'cylinder':
      case 'segment':
        if (c.maxReadAheadSectors > 0) return end + c.maxReadAheadSectors;
        if (c.requestData !== 'keep') return end + c.segmentSectors;
        // Keep the request in the segment: prefetch only what fits beside it, unless that is less than the minimum.
        if (end - lbn >= c.segmentSectors || c.segmentSectors - (end - lbn) < c.minReadAheadSectors) {
          return end + c.minReadAheadSectors;
        }
        return lbn + c.segmentSectors;
    }
  }

  /** DiskSim's scheme 4 is not bounded by the maximum read-ahead: only by the tracks it names. */
  private nextTrackEnd(lbn: number, end: number, segmentStart: number): number {
    if (end >= this.capacitySectors) return end;
    const loc = this.loc;
    this.layout.locate(end, loc);
    const trackEnd = loc.trackLastLbn + 1;
    if (!(segmentStart < loc.trackFirstLbn)) return trackEnd;
    // The extra track counts as many sectors as the request's first track holds.
    this.layout.locate(lbn, loc);
    return trackEnd + loc.sectorsPerTrack;
  }

  /** Where a background read must stop: the end of the track or cylinder holding the request's last sector. */
  private boundary(end: number): number {
    switch (this.cache.readAhead) {
      case 'track':
        this.layout.locate(end - 1, this.loc);
        return this.loc.trackLastLbn + 1;
      case 'cylinder':
        return this.cylinderEnd(end - 1);
      default:
        return Number.POSITIVE_INFINITY;
    }
  }

  /** One past the last sector on the cylinder holding `lbn` (at most a cylinder's worth of track lookups). */
  private cylinderEnd(lbn: number): number {
    const loc = this.loc;
    this.layout.locate(lbn, loc);
    const cylinder = loc.cylinder;
    let next = loc.trackLastLbn + 1;
    while (next < this.capacitySectors) {
      this.layout.locate(next, loc);
      if (loc.cylinder !== cylinder) break;
      next = loc.trackLastLbn + 1;
    }
    return next;
  }
}

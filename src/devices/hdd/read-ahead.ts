import { Layout, Location } from './layout.js';
import type { CacheSpec } from './params.js';

/**
 * How far the drive prefetches after a read of [lbn, lbn + count), per the
 * cache's read-ahead scope (DiskSim `disk_buffer_get_max_readahead`), capped
 * by the maximum read-ahead and the end of the drive. `segmentStart` is the
 * first sector the request's segment already holds: a segment reaching back
 * past the current track marks a sequential stream, which `next-track`
 * rewards with one more track.
 */
export class ReadAheadPolicy {
  private readonly loc = new Location();

  constructor(
    private readonly layout: Layout,
    private readonly cache: CacheSpec,
    private readonly capacitySectors: number,
  ) {}

  limit(lbn: number, count: number, segmentStart: number): number {
    const end = lbn + count;
    const cap = Math.min(end + this.cache.maxReadAheadSectors, this.capacitySectors);
    if (!(cap > end)) return end;
    return Math.min(this.scopeEnd(lbn, end, segmentStart), cap);
  }

  private scopeEnd(lbn: number, end: number, segmentStart: number): number {
    const loc = this.loc;
    switch (this.cache.readAhead) {
      case 'none':
        return end;
      case 'track':
        this.layout.locate(end - 1, loc);
        return loc.trackLastLbn + 1;
      case 'cylinder':
        return this.cylinderEnd(end - 1);
      case 'segment':
        return (this.cache.keepRequestData ? lbn : end) + this.cache.segmentSectors;
      case 'next-track': {
        this.layout.locate(end, loc);
        const trackEnd = loc.trackLastLbn + 1;
        return segmentStart < loc.trackFirstLbn ? trackEnd + loc.sectorsPerTrack : trackEnd;
      }
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

/**
 * The drive's buffer: a few segments, each holding one contiguous run of
 * logical sectors [start, end). A segment never holds more than its size:
 * as a read-ahead appends past the end, the oldest sectors scroll out.
 * Replacement is least-recently-used. Plain typed arrays: no allocation.
 */
export class SegmentCache {
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Dirty (holding write data not yet on the media) until this instant. */
  readonly dirtyUntilNs: Float64Array;
  /** Whether the segment's data came from a write (for drives that do not let reads hit it). */
  readonly holdsWrite: Uint8Array;
  private readonly lastUseNs: Float64Array;

  constructor(
    readonly count: number,
    readonly sizeSectors: number,
  ) {
    this.start = new Float64Array(count);
    this.end = new Float64Array(count);
    this.dirtyUntilNs = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
    this.holdsWrite = new Uint8Array(count);
    this.lastUseNs = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  }

  /** The segment holding `lbn` with the most sectors after it, or -1. */
  find(lbn: number, includeWriteData: boolean): number {
    let best = -1;
    for (let i = 0; i < this.count; i++) {
      if (this.start[i]! <= lbn && lbn < this.end[i]! && (includeWriteData || this.holdsWrite[i] === 0)) {
        if (best < 0 || this.end[i]! > this.end[best]!) best = i;
      }
    }
    return best;
  }

  /** A clean segment that ends exactly at `lbn` (a sequential write can append to it), or -1. */
  findEndingAt(lbn: number, nowNs: number): number {
    for (let i = 0; i < this.count; i++) {
      if (this.end[i] === lbn && this.start[i]! < lbn && this.dirtyUntilNs[i]! <= nowNs) return i;
    }
    return -1;
  }

  /** A clean segment sharing a sector with [lbn, lbn + count), or -1. */
  findOverlapping(lbn: number, count: number, nowNs: number): number {
    const end = lbn + count;
    for (let i = 0; i < this.count; i++) {
      if (this.start[i]! < end && lbn < this.end[i]! && this.dirtyUntilNs[i]! <= nowNs) return i;
    }
    return -1;
  }

  /** The segment to reuse: an empty one if any, else the least recently used clean one; -1 if all are dirty. */
  victim(nowNs: number): number {
    let best = -1;
    for (let i = 0; i < this.count; i++) {
      if (this.dirtyUntilNs[i]! > nowNs) continue;
      if (this.start[i] === this.end[i]) return i;
      if (best < 0 || this.lastUseNs[i]! < this.lastUseNs[best]!) best = i;
    }
    return best;
  }

  /** Time when the last dirty segment becomes clean (or -∞). */
  lastDirtyUntilNs(): number {
    let latest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.count; i++) if (this.dirtyUntilNs[i]! > latest) latest = this.dirtyUntilNs[i]!;
    return latest;
  }

  fill(segment: number, start: number, end: number, nowNs: number, fromWrite: boolean): void {
    this.start[segment] = start;
    this.end[segment] = end;
    this.holdsWrite[segment] = fromWrite ? 1 : 0;
    this.scroll(segment);
    this.touch(segment, nowNs);
  }

  /** Grows a segment's end (read-ahead, appended writes), scrolling out its oldest sectors if needed. */
  extend(segment: number, end: number): void {
    if (end > this.end[segment]!) this.end[segment] = end;
    this.scroll(segment);
  }

  touch(segment: number, nowNs: number): void {
    this.lastUseNs[segment] = nowNs;
  }

  /** Drops every other segment's copy of [lbn, lbn + count): a write makes it stale. */
  invalidate(lbn: number, count: number, except: number): void {
    const end = lbn + count;
    for (let i = 0; i < this.count; i++) {
      if (i === except || this.end[i]! <= lbn || this.start[i]! >= end) continue;
      // Keep the part before the write (contiguous with the segment's start); drop the rest.
      if (this.start[i]! < lbn) this.end[i] = lbn;
      else this.end[i] = this.start[i]!;
    }
  }

  private scroll(segment: number): void {
    const oldest = this.end[segment]! - this.sizeSectors;
    if (this.start[segment]! < oldest) this.start[segment] = oldest;
  }
}

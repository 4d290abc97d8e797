/** DiskSim's read-hit preference (`disk_buffer_select_read_segment`): write data under way, then the segment being read ahead, then clean data. */
const HIT_VALUE_DIRTY = 11;
const HIT_VALUE_READING = 9;
const HIT_VALUE_CLEAN = 8;
/** A segment holding only the start of the request ranks below every one holding all of it. */
const HIT_VALUE_PARTIAL_PENALTY = 4;
/** An almost hit ranks as a partial hit in the segment being read ahead (DiskSim gives both 5). */
const HIT_VALUE_ALMOST = HIT_VALUE_READING - HIT_VALUE_PARTIAL_PENALTY;

/** Which buffered data a read may hit, fixed per drive. */
export interface HitRules {
  /** Data a write left in the buffer (DiskSim `Allow read hits on write data`). */
  readonly writeData: boolean;
  /** The segment being read ahead when the read starts exactly at its end (DiskSim `Allow almost read hits`). */
  readonly almost: boolean;
}

/**
 * The drive's buffer: a few segments, each holding one contiguous run of
 * logical sectors [start, end). A segment never holds more than its size:
 * as a read-ahead appends past the end, the oldest sectors scroll out.
 * Replacement is least-recently-used, the order in which DiskSim keeps its
 * segment list. Plain typed arrays: no allocation.
 */
export class SegmentCache {
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Dirty (holding write data not yet on the media) until this instant. */
  readonly dirtyUntilNs: Float64Array;
  /** First sector of the write-behind data still to be flushed (while dirty). */
  readonly flushFromLbn: Float64Array;
  /** Whether the segment's data came from a write (for drives that do not let reads hit it). */
  readonly holdsWrite: Uint8Array;
  private readonly lastUseNs: Float64Array;

  /** Segments a read may take or hit: all, or all but the last when writes have a segment of their own. */
  private readonly readSegments: number;

  constructor(
    readonly count: number,
    readonly sizeSectors: number,
    private readonly hits: HitRules,
    separateWriteSegment = false,
  ) {
    this.readSegments = separateWriteSegment ? count - 1 : count;
    this.start = new Float64Array(count);
    this.end = new Float64Array(count);
    this.dirtyUntilNs = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
    this.flushFromLbn = new Float64Array(count);
    this.holdsWrite = new Uint8Array(count);
    this.lastUseNs = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  }

  /**
   * The segment a read of [lbn, end) hits, or -1: one holding all of it
   * before one holding its start; among those, write data still being
   * flushed, then the segment `reading` (being read ahead), then clean data;
   * ties go to the least recently used, as in DiskSim. With almost hits, the
   * segment being read ahead also counts as holding the start of a read
   * that begins at its end: that sector is under the head, or next to come.
   * A separate write segment is never hit, whatever it holds: DiskSim's
   * `disk_buffer_select_read_segment` only checks it for a collision with
   * dirty data (`disk_buffer_select_segment` stops the run should a read
   * ever take it), even with `Allow read hits on write data`.
   */
  find(lbn: number, end: number, reading: number, nowNs: number): number {
    let best = -1;
    let bestValue = 0;
    for (let i = 0; i < this.readSegments; i++) {
      const value = this.hitValue(i, lbn, end, reading, nowNs);
      if (value === 0) continue;
      if (value > bestValue || (value === bestValue && this.lastUseNs[i]! < this.lastUseNs[best]!)) {
        best = i;
        bestValue = value;
      }
    }
    return best;
  }

  /** How well segment `i` serves a read of [lbn, end) (DiskSim's values), 0 if not at all. */
  private hitValue(i: number, lbn: number, end: number, reading: number, nowNs: number): number {
    const stop = this.end[i]!;
    if (!(this.start[i]! <= lbn && lbn < stop)) return i === reading && lbn === stop && this.hits.almost ? HIT_VALUE_ALMOST : 0;
    if (!this.hits.writeData && this.holdsWrite[i] === 1) return 0;
    const value = this.dirtyUntilNs[i]! > nowNs ? HIT_VALUE_DIRTY : i === reading ? HIT_VALUE_READING : HIT_VALUE_CLEAN;
    return stop < end ? value - HIT_VALUE_PARTIAL_PENALTY : value;
  }

  /**
   * A segment whose write-behind data is still being flushed and ends where
   * [lbn, lbn + count) starts, with room for it beside the data not yet on
   * the media, or -1 (DiskSim's `BUFFER_APPEND`). The room is counted from
   * the start of the flush, not from how far it has got.
   */
  findAppendable(lbn: number, count: number, nowNs: number): number {
    for (let i = 0; i < this.count; i++) {
      if (this.dirtyUntilNs[i]! > nowNs && this.end[i] === lbn && lbn + count - this.flushFromLbn[i]! <= this.sizeSectors) return i;
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

  /**
   * The segment to reuse: an empty one if any, else the least recently used
   * clean one; `avoid` (the segment just being read ahead) only if nothing
   * else is free; -1 if all are dirty.
   */
  victim(nowNs: number, avoid: number): number {
    let best = -1;
    for (let i = 0; i < this.readSegments; i++) {
      if (i === avoid || this.dirtyUntilNs[i]! > nowNs) continue;
      if (this.start[i] === this.end[i]) return i;
      if (best < 0 || this.lastUseNs[i]! < this.lastUseNs[best]!) best = i;
    }
    if (best < 0 && avoid >= 0 && this.dirtyUntilNs[avoid]! <= nowNs) return avoid;
    return best;
  }

  /**
   * The first instant from `fromNs` when a new write may take a segment:
   * fewer than `writeSegments` segments dirty, and none dirty with data it
   * overlaps (DiskSim waits out such a collision).
   */
  writeSlotFreeNs(fromNs: number, writeSegments: number, lbn: number, count: number): number {
    let atNs = fromNs;
    const end = lbn + count;
    for (let i = 0; i < this.count; i++) {
      if (this.start[i]! < end && lbn < this.end[i]! && this.dirtyUntilNs[i]! > atNs) atNs = this.dirtyUntilNs[i]!;
    }
    // The writeSegments-th latest flush end: from then on at most writeSegments − 1 segments are dirty.
    let below = Number.POSITIVE_INFINITY;
    for (let k = 0; k < writeSegments; k++) {
      let latest = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < this.count; i++) {
        const until = this.dirtyUntilNs[i]!;
        if (until < below && until > latest) latest = until;
      }
      below = latest;
      if (!(latest > atNs)) return atNs;
    }
    return Math.max(atNs, below);
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

  /** Drops the segment's sectors before `lbn` (DiskSim's `Read-ahead over requested = -1`). */
  dropBefore(segment: number, lbn: number): void {
    if (lbn > this.start[segment]!) this.start[segment] = Math.min(lbn, this.end[segment]!);
  }

  /** Write-behind data in the segment from `fromLbn` on stays dirty until `untilNs`. */
  markDirty(segment: number, fromLbn: number, untilNs: number): void {
    this.flushFromLbn[segment] = fromLbn;
    this.dirtyUntilNs[segment] = untilNs;
    this.holdsWrite[segment] = 1;
  }

  touch(segment: number, nowNs: number): void {
    this.lastUseNs[segment] = nowNs;
  }

  /** Empties every other segment sharing a sector with [lbn, lbn + count): a write makes its data stale. */
  invalidate(lbn: number, count: number, except: number): void {
    const end = lbn + count;
    for (let i = 0; i < this.count; i++) {
      if (i === except || this.end[i]! <= lbn || this.start[i]! >= end) continue;
      this.end[i] = this.start[i]!;
    }
  }

  private scroll(segment: number): void {
    const oldest = this.end[segment]! - this.sizeSectors;
    if (this.start[segment]! < oldest) this.start[segment] = oldest;
  }
}

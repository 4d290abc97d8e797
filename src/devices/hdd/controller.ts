import { AssertionError } from '../../engine/assert.js';
import { SegmentCache } from './cache.js';
import { Layout, Location } from './layout.js';
import { Mechanism } from './mechanism.js';
import type { HddParams } from './params.js';
import { ReadAheadPolicy } from './read-ahead.js';

const NEVER = Number.NEGATIVE_INFINITY;
const FOREVER = Number.POSITIVE_INFINITY;

/**
 * The drive's firmware, one request at a time: command overheads, buffer
 * hits, media access, read-ahead after reads and write-behind ("fast
 * write"), following DiskSim's disk controller and cache. `serve` returns
 * the instant the request completes, computed in closed form per track
 * touched. Background work — a read-ahead (stoppable) or the flush of
 * write-behind data (not) — is kept as a description and advanced lazily
 * when the next request arrives, so idle time costs nothing.
 */
export class HddController {
  readonly layout: Layout;
  readonly mech: Mechanism;
  private readonly cache: SegmentCache;
  private readonly readAhead: ReadAheadPolicy;
  private readonly loc = new Location();
  /** Overheads depend on whether the previous request was a read (DiskSim's `lastflags`; it starts as "write"). */
  private lastWasRead = false;
  /** The arm is taken by a request's own media access or a flush until this instant. */
  private hdaFreeNs = NEVER;

  // The read-ahead in progress, if any: reading [fromLbn, limitLbn) into `raSegment` from `raStartNs`.
  private raActive = false;
  private raSegment = 0;
  private raFromLbn = 0;
  private raLimitLbn = 0;
  private raStartNs = 0;
  private raCylinder = 0;
  private raSurface = 0;
  /** Where the last settle found the read-ahead's arm, for a preemption at that instant. */
  private raNowCylinder = 0;
  private raNowSurface = 0;
  private raNowNs = 0;

  constructor(readonly params: HddParams) {
    this.layout = new Layout(params.geometry);
    this.mech = new Mechanism(this.layout, params.mechanics, params.geometry.cylinders);
    this.mech.busSectorNs = params.controller.busSectorNs;
    this.cache = new SegmentCache(params.cache.segments, params.cache.segmentSectors);
    this.readAhead = new ReadAheadPolicy(this.layout, params.cache, params.geometry.capacitySectors);
  }

  /** Cylinder of a sector (the position request queues sort on). */
  cylinderOf(lbn: number): number {
    this.layout.locate(lbn, this.loc);
    return this.loc.cylinder;
  }

  /** Cylinder the arm is on (or heading for) now. */
  get headCylinder(): number {
    return this.raActive ? this.raCylinder : this.mech.cylinder;
  }

  serve(nowNs: number, lbn: number, count: number, write: boolean): number {
    this.settleReadAhead(nowNs);
    const afterRead = this.lastWasRead;
    this.lastWasRead = !write;
    return write ? this.serveWrite(nowNs, lbn, count, afterRead) : this.serveRead(nowNs, lbn, count, afterRead);
  }

  private serveRead(nowNs: number, lbn: number, count: number, afterRead: boolean): number {
    const c = this.params.controller;
    const end = lbn + count;
    const segment = this.params.cache.enabled ? this.cache.find(lbn, this.params.cache.readHitsOnWriteData) : -1;
    if (segment < 0) {
      this.stopReadAhead(nowNs);
      return this.readFromMedia(nowNs, lbn, count, afterRead ? c.readMissAfterReadNs : c.readMissAfterWriteNs, -1);
    }
    const hitStartNs = Math.max(nowNs + (afterRead ? c.readHitAfterReadNs : c.readHitAfterWriteNs), this.hdaFreeNs);
    this.cache.touch(segment, nowNs);
    if (this.raActive && this.raSegment === segment) return this.readFromStream(hitStartNs, lbn, count, segment);
    this.stopReadAhead(nowNs);
    if (this.cache.end[segment]! >= end) return hitStartNs + count * c.busSectorNs + c.readCompleteNs;
    return this.readFromMedia(nowNs, lbn, count, hitStartNs - nowNs, segment);
  }

  /**
   * A hit in the segment being prefetched: sectors already there cross the
   * bus at once, the rest as the read-ahead (extended for this request)
   * brings them in.
   */
  private readFromStream(hitStartNs: number, lbn: number, count: number, segment: number): number {
    const c = this.params.controller;
    const end = lbn + count;
    this.raLimitLbn = Math.max(this.raLimitLbn, this.readAhead.limit(lbn, count, this.cache.start[segment]!), end);
    const cachedEnd = this.cache.end[segment]!;
    if (cachedEnd >= end) return hitStartNs + count * c.busSectorNs + c.readCompleteNs;
    const mech = this.mech;
    mech.cylinder = this.raCylinder;
    mech.surface = this.raSurface;
    mech.busDoneNs = hitStartNs + (cachedEnd - lbn) * c.busSectorNs;
    this.trackBus(cachedEnd, end);
    mech.walk(this.raFromLbn, end, this.raStartNs, false, NEVER, FOREVER);
    this.trackBus(0, 0);
    return mech.busDoneNs + c.readCompleteNs;
  }

  /**
   * Reads from the media what the buffer lacks: all of a miss (`segment`
   * -1), or the tail of a partial hit. Then prefetches after it.
   */
  private readFromMedia(nowNs: number, lbn: number, count: number, overheadNs: number, segment: number): number {
    const c = this.params.controller;
    const mech = this.mech;
    const end = lbn + count;
    const startNs = Math.max(nowNs + overheadNs, this.hdaFreeNs);
    const hit = segment >= 0;
    const mediaFrom = hit ? this.cache.end[segment]! : lbn;
    mech.busDoneNs = hit ? startNs + (mediaFrom - lbn) * c.busSectorNs : startNs;
    this.trackBus(mediaFrom, end);
    mech.walk(mediaFrom, end, startNs, false, NEVER, FOREVER);
    this.trackBus(0, 0);
    this.commitHead(mech.endNs);
    const target = hit ? segment : this.cache.victim(startNs);
    if (target >= 0) this.fillAfterRead(target, hit, lbn, end, nowNs);
    return mech.busDoneNs + c.readCompleteNs;
  }

  /** Records what a media read left in the buffer and starts the read-ahead behind it. */
  private fillAfterRead(segment: number, hit: boolean, lbn: number, end: number, nowNs: number): void {
    const cache = this.cache;
    if (hit) cache.extend(segment, end);
    else cache.fill(segment, lbn - this.freeSectorsBefore(lbn), end, nowNs, false);
    cache.touch(segment, nowNs);
    const limit = this.readAhead.limit(lbn, end - lbn, hit ? cache.start[segment]! : lbn);
    if (limit <= end) return;
    this.raActive = true;
    this.raSegment = segment;
    this.raFromLbn = end;
    this.raLimitLbn = limit;
    this.raStartNs = this.mech.endNs;
    this.raCylinder = this.mech.cylinder;
    this.raSurface = this.mech.surface;
  }

  /**
   * "Read any free blocks": sectors of the target track that pass under the
   * head during the rotational wait, before the requested ones, are kept too.
   */
  private freeSectorsBefore(lbn: number): number {
    if (!this.params.cache.readAnyFreeSectors) return 0;
    const mech = this.mech;
    const passed = Math.floor(mech.firstWaitNs / mech.firstSectorNs);
    return Math.max(0, Math.min(passed, lbn - mech.firstTrackFirstLbn));
  }

  private serveWrite(nowNs: number, lbn: number, count: number, afterRead: boolean): number {
    const c = this.params.controller;
    const cache = this.cache;
    const mech = this.mech;
    this.stopReadAhead(nowNs);
    const fast = this.params.cache.fastWrite !== 'off' && this.params.cache.enabled;
    const overheadNs = this.isWriteHit(lbn)
      ? afterRead ? c.writeHitAfterReadNs : c.writeHitAfterWriteNs
      : afterRead ? c.writeMissAfterReadNs : c.writeMissAfterWriteNs;
    const commandDoneNs = nowNs + overheadNs;
    // One segment of write-behind data at a time: new data waits until the previous flush is done.
    const busStartNs = Math.max(commandDoneNs, cache.lastDirtyUntilNs());
    const busDoneNs = busStartNs + count * c.busSectorNs;
    const segment = this.writeSegment(lbn, count, busStartNs, nowNs);
    // The media write starts once the arm is free and all the data is in the buffer.
    mech.walk(lbn, lbn + count, Math.max(commandDoneNs, this.hdaFreeNs), true, busDoneNs, FOREVER);
    this.commitHead(mech.endNs);
    if (!fast) return mech.endNs + c.writeCompleteNs;
    cache.dirtyUntilNs[segment] = mech.endNs;
    return busDoneNs + c.writeCompleteNs;
  }

  /**
   * Which command overhead a write pays. With full write-behind every write
   * is a cache hit (DiskSim's `FULL_FASTWRITE`). With the limited kind only a
   * write continuing the write data already in a segment is; any other write
   * is still taken into the buffer, but pays the miss overhead.
   */
  private isWriteHit(lbn: number): boolean {
    const mode = this.params.cache.fastWrite;
    if (mode === 'off' || !this.params.cache.enabled) return false;
    if (mode === 'full') return true;
    const segment = this.cache.findEndingAt(lbn, Number.POSITIVE_INFINITY);
    return segment >= 0 && this.cache.holdsWrite[segment] === 1;
  }

  /**
   * Puts a write's data in a segment: appended to a clean one ending where it
   * starts; else in place of a clean segment it overlaps (whose data it makes
   * stale); else in the least recently used one.
   */
  private writeSegment(lbn: number, count: number, atNs: number, nowNs: number): number {
    const cache = this.cache;
    const end = lbn + count;
    let segment = cache.findEndingAt(lbn, atNs);
    if (segment >= 0) {
      cache.extend(segment, end);
      cache.holdsWrite[segment] = 1;
      cache.touch(segment, nowNs);
    } else {
      segment = cache.findOverlapping(lbn, count, atNs);
      if (segment < 0) segment = cache.victim(atNs);
      // The caller waited for every flush to end, so some segment is clean.
      if (segment < 0) throw new AssertionError(`no clean buffer segment for a write at ${atNs}`);
      cache.fill(segment, lbn, end, nowNs, true);
    }
    cache.invalidate(lbn, count, segment);
    return segment;
  }

  /** Advances the read-ahead to `nowNs`: its sectors so far join the segment; if it has finished, the arm is free. */
  private settleReadAhead(nowNs: number): void {
    if (!this.raActive) return;
    const mech = this.mech;
    mech.cylinder = this.raCylinder;
    mech.surface = this.raSurface;
    mech.walk(this.raFromLbn, this.raLimitLbn, this.raStartNs, false, NEVER, nowNs);
    this.cache.extend(this.raSegment, this.raFromLbn + mech.doneSectors);
    if (!mech.stopped) {
      this.raActive = false;
      this.commitHead(mech.endNs);
      return;
    }
    this.raNowCylinder = mech.endCylinder;
    this.raNowSurface = mech.endSurface;
    this.raNowNs = mech.endNs;
  }

  /** Preempts the read-ahead at `nowNs` — the instant `serve` settled it to — leaving the arm where it got to. */
  private stopReadAhead(nowNs: number): void {
    if (!this.raActive) return;
    if (this.raNowNs > nowNs) throw new AssertionError(`read-ahead settled at ${this.raNowNs}, stopped at ${nowNs}`);
    this.raActive = false;
    this.mech.cylinder = this.raNowCylinder;
    this.mech.surface = this.raNowSurface;
    if (this.raNowNs > this.hdaFreeNs) this.hdaFreeNs = this.raNowNs;
  }

  private commitHead(freeNs: number): void {
    this.mech.cylinder = this.mech.endCylinder;
    this.mech.surface = this.mech.endSurface;
    if (freeNs > this.hdaFreeNs) this.hdaFreeNs = freeNs;
  }

  private trackBus(fromLbn: number, toLbn: number): void {
    this.mech.busFromLbn = fromLbn;
    this.mech.busToLbn = toLbn;
  }
}

import { SegmentCache } from './cache.js';
import { Layout, Location } from './layout.js';
import { Mechanism } from './mechanism.js';
import { type HddParams, hasReconnectionCosts } from './params.js';
import { ReadAheadRun } from './prefetch.js';
import { ReadAheadPolicy } from './read-ahead.js';
import { WritePath } from './write-path.js';

const NEVER = Number.NEGATIVE_INFINITY;
const FOREVER = Number.POSITIVE_INFINITY;

/**
 * The drive's firmware, one command at a time, following DiskSim 4.0's disk
 * controller (`disksim_diskctlr.c`) and buffer (`disksim_diskcache.c`):
 * command overheads, buffer hits, media access, read-ahead after reads and
 * write-behind. `serve` returns the instant the command completes, computed
 * in closed form per track touched. Background work — a read-ahead
 * (stoppable) or the flush of write-behind data (not) — is kept as a
 * description and advanced lazily when the next command arrives.
 */
export class HddController {
  readonly layout: Layout;
  readonly mech: Mechanism;
  readonly cache: SegmentCache;
  readonly readAhead: ReadAheadRun;
  private readonly policy: ReadAheadPolicy;
  private readonly writes: WritePath;
  private readonly loc = new Location();
  /** Overheads depend on whether the previous command was a read (DiskSim's `lastflags`, which starts as READ). */
  private lastWasRead = true;
  /** The arm is taken by a command's own media access, a flush or a read-ahead's minimum until this instant. */
  hdaFreeNs = NEVER;
  /** The segment of the read-ahead the last `stopReadAhead` stopped (-1 if none): the last choice for new data. */
  stoppedSegment = -1;
  /** Reads from the media wait for a high-water mark (and, on a drive that pays to reselect the host, for that) before crossing the bus. */
  private readonly watermarked: boolean;
  /** A read hit's command overhead, by the previous command's kind, with the data preparation before its transfer. */
  private readonly readHitAfterReadNs: number;
  private readonly readHitAfterWriteNs: number;
  /** What a read that disconnected pays to come back before its data can move: reselection and data preparation. */
  private readonly readReconnectNs: number;
  /**
   * How the last command's time splits, for latency breakdowns: from its
   * start, the overhead (the command's own, and waiting for the arm or a
   * buffer segment), then the seek, then the wait for the platter; the rest
   * is transfer. Seek and rotation are those of the command's first run, and
   * only where they hold the command up (not a write acknowledged from the
   * buffer, not a hit). NaN before the first command (a double from the
   * start: the fields never change representation under compiled code).
   */
  serviceOverheadNs = Number.NaN;
  serviceSeekNs = Number.NaN;
  serviceRotationNs = Number.NaN;

  constructor(readonly params: HddParams) {
    this.layout = new Layout(params.geometry);
    this.mech = new Mechanism(this.layout, params.mechanics, params.geometry.cylinders);
    this.mech.busSectorNs = params.controller.busSectorNs;
    const spec = params.cache;
    this.cache = new SegmentCache(spec.segments, spec.segmentSectors, { writeData: spec.readHitsOnWriteData, almost: spec.almostReadHits }, spec.separateWriteSegment);
    this.mech.stopInSector = spec.stopReadAheadInSector;
    const r = params.controller.reconnection;
    this.readHitAfterReadNs = params.controller.readHitAfterReadNs + r.dataPrepNs;
    this.readHitAfterWriteNs = params.controller.readHitAfterWriteNs + r.dataPrepNs;
    this.readReconnectNs = r.reselectFirstNs + r.dataPrepNs;
    this.watermarked = spec.readHighWaterMark > 0 || hasReconnectionCosts(r);
    if (this.watermarked) this.mech.holdReadsToWatermark();
    this.policy = new ReadAheadPolicy(this.layout, params.cache, params.geometry.capacitySectors);
    this.readAhead = new ReadAheadRun(this.mech, this.cache, params.cache.immediateRead);
    this.writes = new WritePath(this);
  }

  /** Cylinder of a sector (the position request queues sort on). */
  cylinderOf(lbn: number): number {
    this.layout.locate(lbn, this.loc);
    return this.loc.cylinder;
  }

  /** Cylinder the arm is on (or heading for) now. */
  get headCylinder(): number {
    return this.readAhead.active ? this.readAhead.cylinder : this.mech.cylinder;
  }

  serve(nowNs: number, lbn: number, count: number, write: boolean): number {
    if (this.readAhead.settle(nowNs)) this.commitHead(this.mech.endNs);
    const afterRead = this.lastWasRead;
    this.lastWasRead = !write;
    return write ? this.writes.serve(nowNs, lbn, count, afterRead) : this.serveRead(nowNs, lbn, count, afterRead);
  }

  /**
   * Stops the read-ahead for another command (see `ReadAheadRun.stop`) and
   * returns how much later than its own overhead that command's seek may
   * start.
   */
  stopReadAhead(nowNs: number, ignoreMinimum: boolean): number {
    const ra = this.readAhead;
    this.stoppedSegment = ra.active ? ra.segment : -1;
    if (!ra.stop(nowNs, ignoreMinimum)) return 0;
    if (ra.freeNs > this.hdaFreeNs) this.hdaFreeNs = ra.freeNs;
    return ra.extraNs;
  }

  commitHead(freeNs: number): void {
    this.mech.cylinder = this.mech.endCylinder;
    this.mech.surface = this.mech.endSurface;
    if (freeNs > this.hdaFreeNs) this.hdaFreeNs = freeNs;
  }

  private serveRead(nowNs: number, lbn: number, count: number, afterRead: boolean): number {
    const c = this.params.controller;
    const cache = this.cache;
    const end = lbn + count;
    const hitNs = afterRead ? this.readHitAfterReadNs : this.readHitAfterWriteNs;
    const missNs = afterRead ? c.readMissAfterReadNs : c.readMissAfterWriteNs;
    const spec = this.params.cache;
    const reading = this.readAhead.active ? this.readAhead.segment : -1;
    const segment = spec.enabled ? cache.find(lbn, end, reading, nowNs) : -1;
    if (segment < 0) {
      const extraNs = this.stopReadAhead(nowNs, false);
      const mediaStartNs = Math.max(nowNs + missNs + extraNs, this.hdaFreeNs);
      return this.readFromMedia(nowNs, lbn, count, mediaStartNs, -1, mediaStartNs, afterRead);
    }
    cache.touch(segment, nowNs);
    // A hit (or almost hit) in the segment being read ahead takes the read-ahead over.
    if (segment === reading) {
      this.noteService(hitNs, 0, 0);
      return this.readFromStream(nowNs + hitNs, lbn, count);
    }
    const extraNs = this.stopReadAhead(nowNs, false);
    const whole = cache.end[segment]! >= end;
    // With the arm busy (a flush, a read-ahead short of its minimum) DiskSim disconnects — the miss overhead and the
    // disconnection, the wait, then reselection — unless a "sneaky" hit may send its buffered data past the busy arm.
    const sneaky = whole ? spec.sneakyFullReadHits : spec.sneakyPartialReadHits;
    const busStartNs =
      this.hdaFreeNs > nowNs && !sneaky ? Math.max(nowNs + missNs + this.readDisconnectNs(afterRead), this.hdaFreeNs) + this.readReconnectNs : nowNs + hitNs;
    if (whole) {
      this.eraseRequestData(segment, end);
      if (spec.readAheadOnIdleHit) this.readAheadAfterHit(Math.max(nowNs + missNs, this.hdaFreeNs), lbn, count, segment);
      this.noteService(busStartNs - nowNs, 0, 0);
      return busStartNs + count * c.busSectorNs + c.readCompleteNs;
    }
    // A partial hit: the buffered head goes over the bus at once, the media part starts after the miss overhead.
    const mediaStartNs = Math.max(nowNs + missNs + extraNs, this.hdaFreeNs);
    return this.readFromMedia(nowNs, lbn, count, mediaStartNs, segment, busStartNs, afterRead);
  }

  /**
   * A hit in the segment being read ahead, or an almost hit at its end:
   * DiskSim hands the read-ahead to this command and extends it
   * (`disk_buffer_attempt_access_swap`). Sectors already there cross the bus
   * at once, the rest as the read-ahead brings them in, without a break.
   */
  private readFromStream(hitStartNs: number, lbn: number, count: number): number {
    const c = this.params.controller;
    const ra = this.readAhead;
    const end = lbn + count;
    ra.limitLbn = Math.max(ra.limitLbn, this.policy.limit(lbn, count, this.cache.start[ra.segment]!), end);
    ra.minLbn = Math.max(ra.minLbn, Math.min(end + this.params.cache.minReadAheadSectors, ra.limitLbn));
    const cachedEnd = this.cache.end[ra.segment]!;
    this.eraseRequestData(ra.segment, end);
    if (cachedEnd >= end) return hitStartNs + count * c.busSectorNs + c.readCompleteNs;
    const mech = this.mech;
    mech.busDoneNs = hitStartNs + (cachedEnd - lbn) * c.busSectorNs;
    this.trackBus(cachedEnd, end);
    ra.walk(end, FOREVER);
    this.trackBus(0, 0);
    return mech.busDoneNs + c.readCompleteNs;
  }

  /**
   * Reads from the media what the buffer lacks — all of a miss (`segment`
   * -1), or the tail of a partial hit — with the sectors crossing the bus as
   * they come off the media. Then reads ahead behind it.
   */
  private readFromMedia(nowNs: number, lbn: number, count: number, mediaStartNs: number, segment: number, busStartNs: number, afterRead: boolean): number {
    const c = this.params.controller;
    const mech = this.mech;
    const end = lbn + count;
    const hit = segment >= 0;
    const mediaFrom = hit ? this.cache.end[segment]! : lbn;
    mech.busDoneNs = hit ? busStartNs + (mediaFrom - lbn) * c.busSectorNs : mediaStartNs;
    if (this.watermarked) this.holdForWatermark(lbn, count, mediaFrom, hit ? busStartNs : this.missReselectFromNs(nowNs, mediaStartNs, afterRead), hit);
    mech.immediate = this.params.cache.immediateRead;
    mech.clearFeed();
    this.trackBus(mediaFrom, end);
    mech.walk(mediaFrom, end, mediaStartNs, false, FOREVER);
    this.noteService(mediaStartNs - nowNs, mech.firstRepositionNs, mech.firstRotationNs);
    this.trackBus(0, 0);
    this.commitHead(mech.endNs);
    const target = hit ? segment : this.params.cache.enabled ? this.cache.victim(nowNs, this.stoppedSegment) : -1;
    if (target >= 0) this.fillAfterRead(target, hit, lbn, end, nowNs);
    return mech.busDoneNs + c.readCompleteNs;
  }

  /**
   * DiskSim's read watermark: max(1, ⌊min(segment, request) × mark⌋) sectors
   * in the buffer before the drive sends any; a partial hit's buffered head
   * counts, and waits with the rest if it falls short. A miss has
   * disconnected: once its mark is in, it reselects the host (and prepares
   * the data) before sending (`disk_check_bus`).
   */
  private holdForWatermark(lbn: number, count: number, mediaFrom: number, busStartNs: number, hit: boolean): void {
    const spec = this.params.cache;
    const mark = Math.max(1, Math.floor(Math.min(spec.segmentSectors, count) * spec.readHighWaterMark));
    const markLbn = lbn + mark - 1;
    const reconnectNs = hit ? 0 : this.readReconnectNs;
    if (markLbn < mediaFrom || (markLbn === mediaFrom && reconnectNs === 0)) return;
    this.mech.busWaitLbn = markLbn;
    this.mech.busHeldSectors = mediaFrom - lbn;
    this.mech.busDoneNs = busStartNs;
    this.mech.busReconnectNs = reconnectNs;
  }

  /** A miss disconnects after its command overhead: it reselects the host no sooner than that is done. */
  private missReselectFromNs(nowNs: number, mediaStartNs: number, afterRead: boolean): number {
    const c = this.params.controller;
    return Math.max(mediaStartNs, nowNs + (afterRead ? c.readMissAfterReadNs : c.readMissAfterWriteNs) + this.readDisconnectNs(afterRead));
  }

  private readDisconnectNs(afterRead: boolean): number {
    const r = this.params.controller.reconnection;
    return afterRead ? r.readDisconnectAfterReadNs : r.readDisconnectAfterWriteNs;
  }

  /** Records what a media read left in the buffer and starts the read-ahead behind it. */
  private fillAfterRead(segment: number, hit: boolean, lbn: number, end: number, nowNs: number): void {
    const cache = this.cache;
    if (hit) cache.extend(segment, end);
    else cache.fill(segment, lbn - this.freeSectorsBefore(lbn), end, nowNs, false);
    cache.touch(segment, nowNs);
    const limit = this.policy.limit(lbn, end - lbn, hit ? cache.start[segment]! : lbn);
    this.eraseRequestData(segment, end);
    if (limit <= end) return;
    this.readAhead.begin(segment, end, limit, Math.min(end + this.params.cache.minReadAheadSectors, limit));
  }

  /**
   * DiskSim's `Read-ahead on idle hit`: a hit that gets the arm restarts the
   * segment's read-ahead, from its end to the hit's own limit, once the
   * (miss) command overhead has passed.
   */
  private readAheadAfterHit(startNs: number, lbn: number, count: number, segment: number): void {
    const from = this.cache.end[segment]!;
    const limit = this.policy.limit(lbn, count, this.cache.start[segment]!);
    if (!(limit > from)) return;
    const mech = this.mech;
    mech.endNs = startNs;
    mech.endCylinder = mech.cylinder;
    mech.endSurface = mech.surface;
    this.readAhead.begin(segment, from, limit, Math.min(lbn + count + this.params.cache.minReadAheadSectors, limit));
  }

  /** "Read any free blocks": the sectors of the target track that passed under the head before the requested ones (on a miss). */
  private freeSectorsBefore(lbn: number): number {
    if (!this.params.cache.readAnyFreeSectors) return 0;
    const mech = this.mech;
    const passed = Math.floor(mech.firstWaitNs / mech.firstSectorNs);
    return Math.max(0, Math.min(passed, lbn - mech.firstTrackFirstLbn));
  }

  /** DiskSim's `Read-ahead over requested = -1`: once sent, the request's data leaves the segment. */
  private eraseRequestData(segment: number, end: number): void {
    if (this.params.cache.requestData === 'erase') this.cache.dropBefore(segment, end);
  }

  noteService(overheadNs: number, seekNs: number, rotationNs: number): void {
    this.serviceOverheadNs = overheadNs;
    this.serviceSeekNs = seekNs;
    this.serviceRotationNs = rotationNs;
  }

  private trackBus(fromLbn: number, toLbn: number): void {
    this.mech.busFromLbn = fromLbn;
    this.mech.busToLbn = toLbn;
  }
}

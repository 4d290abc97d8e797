import { AssertionError } from '../../engine/assert.js';
import type { HddController } from './controller.js';
import { Location } from './layout.js';
import { type ExtraWriteDisconnectSpec, type HddParams, hasReconnectionCosts } from './params.js';

const FOREVER = Number.POSITIVE_INFINITY;

/**
 * Writes, as DiskSim 4.0's controller handles them. With write-behind
 * (`Fast write level` 1 or 2) every write pays the write-hit overhead and is
 * acknowledged once its data has crossed the bus (`disk_write_arrive`,
 * `disk_buffer_transfer_size`); without it, the write-miss overhead, and the
 * acknowledgement once the data is on the media. The data goes into a
 * segment chosen as `disk_buffer_select_write_segment` does; the media write
 * starts after the command overhead and puts each sector down once it has
 * crossed the bus.
 */
export class WritePath {
  private readonly loc = new Location();
  /** One past the last write's last sector (-1 before the first write): a write starting there continues it. */
  private lastWriteEndLbn = -1;

  constructor(private readonly drive: HddController) {
    // Only a drive that pays to leave the bus and come back takes the longer path (the others keep theirs as it is).
    if (hasReconnectionCosts(drive.params.controller.reconnection)) this.serve = this.serveReconnecting;
  }

  serve(nowNs: number, lbn: number, count: number, afterRead: boolean): number {
    const d = this.drive;
    const { controller: c, cache: spec } = d.params;
    const cache = d.cache;
    const mech = d.mech;
    const fast = spec.fastWrite !== 'off' && spec.enabled;
    const overheadNs = writeOverheadNs(c, fast, afterRead);
    const cutShort = spec.writeStopsReadAhead && d.readAhead.active && this.overlaps(d.readAhead.segment, lbn, count);
    const extraNs = d.stopReadAhead(nowNs, cutShort);
    const commandDoneNs = nowNs + overheadNs;
    // A sequential write joins write-behind data still being flushed; any other waits for a free write segment.
    const append = fast && spec.combineSequentialWrites ? cache.findAppendable(lbn, count, nowNs) : -1;
    const busStartNs = append >= 0 ? commandDoneNs : cache.writeSlotFreeNs(commandDoneNs, spec.writeSegments, lbn, count);
    const busDoneNs = busStartNs + count * c.busWriteSectorNs;
    const segment = append >= 0 ? this.appendTo(append, lbn + count, nowNs) : this.takeSegment(lbn, count, busStartNs, nowNs, d.stoppedSegment);
    mech.immediate = spec.immediateWrite;
    mech.feedFromLbn = lbn;
    mech.feedStartNs = busStartNs;
    mech.feedSectorNs = c.busWriteSectorNs;
    const mediaStartNs = Math.max(commandDoneNs + extraNs, d.hdaFreeNs);
    mech.walk(lbn, lbn + count, mediaStartNs, true, FOREVER);
    mech.clearFeed();
    d.commitHead(mech.endNs);
    if (!fast) {
      d.noteService(mediaStartNs - nowNs, mech.firstRepositionNs, mech.firstRotationNs);
      return mech.endNs + c.writeCompleteNs;
    }
    // Write-behind: acknowledged once the data has crossed the bus; the media write holds nothing up.
    d.noteService(busStartNs - nowNs, 0, 0);
    cache.markDirty(segment, append >= 0 ? cache.flushFromLbn[segment]! : lbn, mech.endNs);
    return busDoneNs + c.writeCompleteNs;
  }

  /**
   * `serve` on a drive with DiskSim's bus protocol overheads
   * (`disk_write_arrive`, `disk_check_bus`, `disk_reconnection_or_transfer_complete`):
   * the data crosses after the command overhead and the data preparation
   * (or, after an extra disconnect, once the drive has reselected the
   * host); the media access starts no sooner than the minimum seek delay;
   * a write-through write disconnects once its data is in and reselects
   * the host once it is on the media.
   */
  private serveReconnecting(nowNs: number, lbn: number, count: number, afterRead: boolean): number {
    const d = this.drive;
    const { controller: c, cache: spec } = d.params;
    const r = c.reconnection;
    const cache = d.cache;
    const mech = d.mech;
    const fast = spec.fastWrite !== 'off' && spec.enabled;
    const overheadNs = writeOverheadNs(c, fast, afterRead);
    // DiskSim marks a write for the extra disconnect when its segment (the write segment) last took a write,
    // as the previous command, and the write does not continue it.
    const extra: ExtraWriteDisconnectSpec | null = !afterRead && this.lastWriteEndLbn >= 0 && lbn !== this.lastWriteEndLbn ? r.extraWriteDisconnect : null;
    this.lastWriteEndLbn = lbn + count;
    const cutShort = spec.writeStopsReadAhead && d.readAhead.active && this.overlaps(d.readAhead.segment, lbn, count);
    const extraNs = d.stopReadAhead(nowNs, cutShort);
    const commandDoneNs = nowNs + (extra === null ? overheadNs : extra.commandNs + extra.seekDeltaNs);
    const readyNs =
      extra === null ? nowNs + overheadNs + r.dataPrepNs : nowNs + extra.commandNs + extra.disconnectNs + extra.interDisconnectNs + r.reselectFirstNs + r.dataPrepNs;
    const append = fast && spec.combineSequentialWrites ? cache.findAppendable(lbn, count, nowNs) : -1;
    const busStartNs = append >= 0 ? readyNs : cache.writeSlotFreeNs(readyNs, spec.writeSegments, lbn, count);
    const busDoneNs = busStartNs + count * c.busWriteSectorNs;
    const segment = append >= 0 ? this.appendTo(append, lbn + count, nowNs) : this.takeSegment(lbn, count, busStartNs, nowNs, d.stoppedSegment);
    const armFreeNs = Math.max(commandDoneNs + extraNs, d.hdaFreeNs);
    const mediaStartNs = armFreeNs + this.minimumSeekWaitNs(lbn, r.writeMinSeekNs);
    this.walkFed(lbn, count, mediaStartNs, busStartNs, r.extraWriteDisconnect !== null);
    d.commitHead(mech.endNs);
    if (!fast) {
      d.noteService(mediaStartNs - nowNs, mech.firstRepositionNs, mech.firstRotationNs);
      // Disconnected once the data is in; once it is on the media (and that disconnection is over), the drive reselects the host.
      const disconnectedNs = busDoneNs + (extra === null ? r.writeDisconnectNs : extra.secondDisconnectNs);
      return Math.max(mech.endNs, disconnectedNs) + (extra === null ? r.reselectFirstNs : r.reselectOtherNs) + c.writeCompleteNs;
    }
    d.noteService(busStartNs - nowNs, 0, 0);
    cache.markDirty(segment, append >= 0 ? cache.flushFromLbn[segment]! : lbn, mech.endNs);
    return busDoneNs + c.writeCompleteNs;
  }

  /** DiskSim's `Minimum seek delay`: the seek (with write settling) of a write takes at least this long (`disk_initiate_seek`). */
  private minimumSeekWaitNs(lbn: number, minimumNs: number): number {
    if (minimumNs === 0) return 0;
    const mech = this.drive.mech;
    this.drive.layout.locate(lbn, this.loc);
    return Math.max(0, minimumNs - mech.repositionNs(mech.cylinder, mech.surface, this.loc.cylinder, this.loc.surface, true));
  }

  /**
   * Puts [lbn, lbn + count) on the media from `mediaStartNs`, each sector once
   * it has crossed the bus. With the extra write disconnect, DiskSim also
   * writes nothing before min(count, 10) sectors (15 from 45 up) are in the
   * buffer (`disk_buffer_block_available`): those first sectors are all
   * ready together, at that instant.
   */
  private walkFed(lbn: number, count: number, mediaStartNs: number, busStartNs: number, gated: boolean): void {
    const mech = this.drive.mech;
    const sectorNs = this.drive.params.controller.busWriteSectorNs;
    const held = gated ? Math.min(count, count < 45 ? 10 : 15) : 1;
    mech.immediate = this.drive.params.cache.immediateWrite;
    mech.feedFromLbn = lbn;
    if (held > 1) {
      mech.feedStartNs = busStartNs + held * sectorNs;
      mech.feedSectorNs = 0;
      mech.walk(lbn, lbn + held, mediaStartNs, true, FOREVER);
      if (held === count) return mech.clearFeed();
      // The rest goes on from where the first part ended, as in one access; the breakdown keeps the first part's positioning.
      const repositionNs = mech.firstRepositionNs;
      const rotationNs = mech.firstRotationNs;
      mech.cylinder = mech.endCylinder;
      mech.surface = mech.endSurface;
      mech.feedStartNs = busStartNs;
      mech.feedSectorNs = sectorNs;
      mech.walk(lbn + held, lbn + count, mech.endNs, true, FOREVER);
      mech.firstRepositionNs = repositionNs;
      mech.firstRotationNs = rotationNs;
      return mech.clearFeed();
    }
    mech.feedStartNs = busStartNs;
    mech.feedSectorNs = sectorNs;
    mech.walk(lbn, lbn + count, mediaStartNs, true, FOREVER);
    mech.clearFeed();
  }

  private appendTo(segment: number, end: number, nowNs: number): number {
    const cache = this.drive.cache;
    cache.extend(segment, end);
    cache.touch(segment, nowNs);
    return segment;
  }

  /**
   * DiskSim's preference: a clean segment the write overlaps (it is emptied
   * anyway), else an empty one, else the least recently used clean one, the
   * segment just read ahead last. Every other segment it overlaps is emptied.
   */
  private takeSegment(lbn: number, count: number, atNs: number, nowNs: number, avoid: number): number {
    const cache = this.drive.cache;
    // With a segment of their own, writes always take it (the last).
    let segment = this.drive.params.cache.separateWriteSegment ? cache.count - 1 : cache.findOverlapping(lbn, count, atNs);
    if (segment < 0) segment = cache.victim(atNs, avoid);
    // The write waited for a free write segment, so some segment is clean.
    if (segment < 0) throw new AssertionError(`no clean buffer segment for a write at ${atNs}`);
    cache.fill(segment, lbn, lbn + count, nowNs, true);
    cache.invalidate(lbn, count, segment);
    return segment;
  }

  private overlaps(segment: number, lbn: number, count: number): boolean {
    const cache = this.drive.cache;
    return cache.start[segment]! < lbn + count && lbn < cache.end[segment]!;
  }
}

/** A write's command overhead: write-behind (a "hit") or not, after a read or a write. */
function writeOverheadNs(c: HddParams['controller'], fast: boolean, afterRead: boolean): number {
  if (fast) return afterRead ? c.writeHitAfterReadNs : c.writeHitAfterWriteNs;
  return afterRead ? c.writeMissAfterReadNs : c.writeMissAfterWriteNs;
}

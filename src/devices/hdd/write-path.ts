import { AssertionError } from '../../engine/assert.js';
import type { HddController } from './controller.js';

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
  constructor(private readonly drive: HddController) {}

  serve(nowNs: number, lbn: number, count: number, afterRead: boolean): number {
    const d = this.drive;
    const { controller: c, cache: spec } = d.params;
    const cache = d.cache;
    const mech = d.mech;
    const fast = spec.fastWrite !== 'off' && spec.enabled;
    const overheadNs = fast
      ? afterRead ? c.writeHitAfterReadNs : c.writeHitAfterWriteNs
      : afterRead ? c.writeMissAfterReadNs : c.writeMissAfterWriteNs;
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

import type { QueuePolicy } from '../queue-policy.js';

/**
 * The fully-qualified description of a disk drive: geometry, mechanics,
 * controller and on-drive cache. Every figure is explicit; nothing
 * downstream re-reads defaults. Times are nanoseconds (fractions allowed:
 * the model keeps sub-nanosecond precision and rounds only when it schedules
 * an event).
 */
export interface HddParams {
  readonly model: string;
  readonly geometry: GeometrySpec;
  readonly mechanics: MechanicsSpec;
  readonly controller: ControllerSpec;
  readonly cache: CacheSpec;
  readonly queuePolicy: QueuePolicy;
  /** The most requests the drive queues (a bound, not a performance knob). */
  readonly queueCapacity: number;
  /**
   * Command aging: a queued request older than this is served next (oldest
   * first), whatever the seek-ordering policy prefers, so that no request
   * starves behind a stream. `Infinity` turns aging off.
   */
  readonly maxWaitNs: number;
}

/** A band of cylinders with the same number of sectors per track. */
export interface ZoneSpec {
  readonly firstCylinder: number;
  readonly lastCylinder: number;
  readonly sectorsPerTrack: number;
  /** Angular shift of a track's first sector relative to the previous track's, after a head switch. */
  readonly trackSkewSectors: number;
  /** The same after a cylinder switch (it replaces, not adds to, the track skew). */
  readonly cylinderSkewSectors: number;
  /** Angular position of the zone's first sector. */
  readonly firstSectorOffsetSectors: number;
  /** Unmapped sectors at the start of the zone. */
  readonly deadSpaceSectors: number;
  /**
   * Spares, in the unit the sparing scheme counts them: sectors per zone, per
   * range of cylinders, per cylinder or per track, or whole tracks per zone
   * (`track` sparing).
   */
  readonly spareSectors: number;
  /**
   * Slipped defects: physical sector slots numbered from the zone's first
   * sector (spares and slips included), skipped by the mapping; for `track`
   * sparing, whole tracks numbered from the zone's first track.
   */
  readonly slips: readonly number[];
}

/**
 * Where spare sectors sit and where a slipped defect pushes the sectors
 * after it: DiskSim 4.0's `dm_layout_g1` sparing schemes 0–10 (the number
 * in each comment is `Sparing scheme used`).
 */
export type SparingSpec =
  /** 0: every slot holds data; slips are ignored, as DiskSim ignores them. */
  | { readonly kind: 'none' }
  /** 1: `spareSectors` whole tracks at the end of each zone; a slipped track moves the rest of the zone one track on. */
  | { readonly kind: 'track' }
  /**
   * 2, 4, 5, 6: `spareSectors` at the end (2, 4) or the front (5, 6) of every
   * cylinder. A slip is absorbed by its cylinder's spares (2, 5), or pushes
   * every later sector of the zone one data slot on, spares left unused (4, 6).
   */
  | { readonly kind: 'cylinder'; readonly sparesAt: 'end' | 'front'; readonly slipsToEnd: boolean }
  /** 3: `spareSectors` at the end of every track; a slip is absorbed by its track's spares. */
  | { readonly kind: 'track-sectors' }
  /** 7: spares at the end of the disk, none in the zones: a slip pushes every later sector of the zone on, and the zone holds one sector fewer. */
  | { readonly kind: 'disk-end' }
  /** 8: `spareSectors` at the end of every `rangeCylinders` cylinders; slips are absorbed inside their range. */
  | { readonly kind: 'range'; readonly rangeCylinders: number }
  /** 9, 10: `spareSectors` at the end of each zone; slips push later sectors along; with `slipsToEnd` (10) each slip also costs the zone a sector. */
  | { readonly kind: 'zone'; readonly slipsToEnd: boolean };

/**
 * Which cylinders are laid out with their surfaces in reverse order, so that
 * a cylinder switch keeps the same head (DiskSim's LBN-to-PBN schemes 1 and 2).
 */
export type SerpentineSpec = 'none' | 'odd-cylinders-in-zone' | 'odd-cylinders';

export interface GeometrySpec {
  readonly surfaces: number;
  readonly cylinders: number;
  /** Sectors the drive exposes (may be fewer than the zones map). */
  readonly capacitySectors: number;
  readonly zones: readonly ZoneSpec[];
  readonly sparing: SparingSpec;
  readonly serpentine: SerpentineSpec;
}

export interface SeekPoint {
  readonly distanceCylinders: number;
  readonly seekNs: number;
}

export type SeekSpec =
  /** A measured curve (DiskSim `.seek` file): linear interpolation between points, extrapolation past the last. */
  | { readonly kind: 'table'; readonly points: readonly SeekPoint[] }
  /**
   * The two-region curve of Ruemmler and Wilkes: `a + b·√d` up to
   * `boundaryCylinders`, `c + e·d` beyond, continuous at the boundary; given
   * by its values at 1 cylinder, at the boundary and at full stroke.
   */
  | {
      readonly kind: 'curve';
      readonly singleCylinderNs: number;
      readonly boundaryCylinders: number;
      readonly boundaryNs: number;
      readonly fullStrokeNs: number;
    };

export interface MechanicsSpec {
  readonly rpm: number;
  readonly headSwitchNs: number;
  /** Added to every non-zero repositioning before a write (DiskSim's may be negative: never more than the shortest one). */
  readonly writeSettleNs: number;
  readonly seek: SeekSpec;
}

/** Command-processing overheads, by kind of request and kind of the previous request (as DiskSim splits them). */
export interface ControllerSpec {
  readonly readHitAfterReadNs: number;
  readonly readHitAfterWriteNs: number;
  readonly readMissAfterReadNs: number;
  readonly readMissAfterWriteNs: number;
  /** A write acknowledged from the buffer (write-behind). */
  readonly writeHitAfterReadNs: number;
  readonly writeHitAfterWriteNs: number;
  /** A write acknowledged only once on the media. */
  readonly writeMissAfterReadNs: number;
  readonly writeMissAfterWriteNs: number;
  readonly readCompleteNs: number;
  readonly writeCompleteNs: number;
  /** Time to move one sector between the drive buffer and the host, on a read. */
  readonly busSectorNs: number;
  /** The same on a write (DiskSim's buses time the two directions apart). */
  readonly busWriteSectorNs: number;
  /** What leaving the bus and coming back costs (`NO_RECONNECTION_COSTS`: nothing). */
  readonly reconnection: ReconnectionSpec;
}

/**
 * DiskSim 4.0's bus protocol overheads (`disksim_diskctlr.c`): a read miss
 * disconnects after its command overhead and reselects the host once its
 * high-water mark is in the buffer; a write-through write disconnects once
 * its data is in and reselects the host when it is on the media. Data
 * preparation comes before any data crosses the bus. Every figure 0 and
 * `extraWriteDisconnect` null: the drive pays nothing for any of it.
 */
export interface ReconnectionSpec {
  /** Before data crosses the bus: on top of a hit's (or a write's) command overhead, and of a reselection that moves data. */
  readonly dataPrepNs: number;
  /** Reselecting the host the first time in a command (reads, writes), and after that (a write's second reselection after an extra disconnect). */
  readonly reselectFirstNs: number;
  readonly reselectOtherNs: number;
  /** A read that must wait for the media disconnects after its command overhead; by the previous command's kind. */
  readonly readDisconnectAfterReadNs: number;
  readonly readDisconnectAfterWriteNs: number;
  /** A write-through write disconnects once its data is in the buffer. */
  readonly writeDisconnectNs: number;
  /** A write's media access starts no sooner than this after its command overhead, however short its seek (DiskSim `Minimum seek delay`). */
  readonly writeMinSeekNs: number;
  /** DiskSim `Extra write disconnect` (null: off). */
  readonly extraWriteDisconnect: ExtraWriteDisconnectSpec | null;
}

/**
 * A write that follows a write and does not continue it first disconnects
 * before taking any data, reselects the host after `interDisconnectNs`, and
 * after its data disconnects again (`secondDisconnectNs`) to reselect at its
 * end at the "other" reselect overhead (`disk_write_arrive`,
 * `disk_buffer_select_segment`). Such a drive also puts no write sector on
 * the media before min(request, 10) sectors (15 from 45 sectors up) are in
 * the buffer (`disk_buffer_block_available`).
 */
export interface ExtraWriteDisconnectSpec {
  /** Replaces the write's command overhead. */
  readonly commandNs: number;
  /** After the command overhead, before the first disconnection. */
  readonly disconnectNs: number;
  /** From the first disconnection to the attempt to reselect. */
  readonly interDisconnectNs: number;
  /** The disconnection once the data is in. */
  readonly secondDisconnectNs: number;
  /** The media access starts this much after the command overhead. */
  readonly seekDeltaNs: number;
}

/** A drive that never pays to leave the bus or come back. */
export const NO_RECONNECTION_COSTS: ReconnectionSpec = {
  dataPrepNs: 0,
  reselectFirstNs: 0,
  reselectOtherNs: 0,
  readDisconnectAfterReadNs: 0,
  readDisconnectAfterWriteNs: 0,
  writeDisconnectNs: 0,
  writeMinSeekNs: 0,
  extraWriteDisconnect: null,
};

/** Whether a drive pays anything to leave the bus and come back (the extra behaviour is installed only then). */
export function hasReconnectionCosts(r: ReconnectionSpec): boolean {
  return (
    r.dataPrepNs > 0 ||
    r.reselectFirstNs > 0 ||
    r.reselectOtherNs > 0 ||
    r.readDisconnectAfterReadNs > 0 ||
    r.readDisconnectAfterWriteNs > 0 ||
    r.writeDisconnectNs > 0 ||
    r.writeMinSeekNs > 0 ||
    r.extraWriteDisconnect !== null
  );
}

/**
 * How far the drive reads ahead after a read (DiskSim `Buffer continuous read`):
 * `track` and `cylinder` stop at the first track or cylinder switch, `segment`
 * does not; all three read up to the limit the maximum read-ahead (or, when it
 * is 0, the segment size) sets. `next-track` is DiskSim's scheme 4: to the end
 * of the track holding the sector after the request, and one track more once a
 * sequential stream is seen.
 */
export type ReadAheadScope = 'none' | 'track' | 'cylinder' | 'segment' | 'next-track';

/**
 * Write-behind (DiskSim `Fast write level`): `off` writes through; with
 * `sequential` (DiskSim's limited level) or `full` every write is acknowledged
 * once its data is in the buffer and pays the write-hit overheads. The two
 * differ only in how a queued sequential write may join a flush under way,
 * which a drive serving one command at a time never sees.
 */
export type FastWrite = 'off' | 'sequential' | 'full';

/**
 * What a read-ahead may do to the request's own data (DiskSim `Read-ahead over
 * requested`): `keep` sizes the read-ahead so the segment still holds it when
 * no maximum read-ahead is given; `overwrite` lets it scroll out; `erase`
 * drops it from the segment as soon as the request completes.
 */
export type RequestDataPolicy = 'keep' | 'overwrite' | 'erase';

export interface CacheSpec {
  /** False: the buffer only matches bus and media speeds; nothing is ever a hit. */
  readonly enabled: boolean;
  readonly segments: number;
  readonly segmentSectors: number;
  readonly readAhead: ReadAheadScope;
  /** A read-ahead is not stopped by a new command before it has read this many sectors past the request. */
  readonly minReadAheadSectors: number;
  /** How far past the request a read-ahead goes; 0: as far as the segment allows. */
  readonly maxReadAheadSectors: number;
  readonly requestData: RequestDataPolicy;
  /** After a hit with the arm idle, read ahead past the hit's end too (DiskSim `Read-ahead on idle hit`). */
  readonly readAheadOnIdleHit: boolean;
  /**
   * A read whose first sector is the one the read-ahead is reading or about
   * to read (the end of its segment) is a partial hit in that segment: it
   * takes the read-ahead over and the media transfer goes on without a break
   * (DiskSim `Allow almost read hits`). Without it such a read is a miss: the
   * read-ahead stops and the sector has gone by the time the command has
   * been processed, so a sequential stream loses a revolution per command.
   */
  readonly almostReadHits: boolean;
  /**
   * A read wholly in the buffer crosses the bus at once, after the hit
   * overhead, even while the arm is busy (a flush, a read-ahead short of its
   * minimum) — DiskSim `Allow sneaky full read hits`. Without it the drive
   * disconnects: the miss overhead, then it waits for the arm.
   */
  readonly sneakyFullReadHits: boolean;
  /** The same for the buffered start of a partial hit; its media part still waits for the arm (DiskSim `Allow sneaky partial read hits`). */
  readonly sneakyPartialReadHits: boolean;
  /**
   * Sectors before the requested ones that pass under the head during the
   * rotational wait are kept too (the meaning DiskSim's manual gives `Read
   * any free blocks`; DiskSim itself, as run, keeps none).
   */
  readonly readAnyFreeSectors: boolean;
  /** Zero-latency access (DiskSim `Immediate buffer read/write`): a track's run starts wherever the head lands inside it. */
  readonly immediateRead: boolean;
  readonly immediateWrite: boolean;
  readonly readHitsOnWriteData: boolean;
  readonly fastWrite: FastWrite;
  /**
   * Writes always go to a segment of their own, the last one, and reads use
   * the others (DiskSim `Use separate write segment`); reads may still hit
   * it if `readHitsOnWriteData`.
   */
  readonly separateWriteSegment: boolean;
  /**
   * A read-ahead a new command stops gives the arm back at once, even in the
   * middle of a sector (DiskSim `Stop prefetch in sector`); otherwise the
   * sector under the head is finished first.
   */
  readonly stopReadAheadInSector: boolean;
  /**
   * A read from the media starts crossing the bus only once this share of
   * it (of the segment size, if smaller) is in the buffer — at least one
   * sector (DiskSim `High (read) water mark` with `Set watermark by
   * reqsize`). 0: as soon as the first sector is.
   */
  readonly readHighWaterMark: number;
  /** Segments that may hold write-behind data not yet on the media. */
  readonly writeSegments: number;
  /** A sequential write joins the write-behind data still being flushed (DiskSim `Combine seq writes`). */
  readonly combineSequentialWrites: boolean;
  /** A write overlapping the segment being read ahead cuts the read-ahead short, whatever its minimum. */
  readonly writeStopsReadAhead: boolean;
}

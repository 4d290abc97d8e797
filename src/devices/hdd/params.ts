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
  /** Spare sectors per zone (`zone` sparing) or per range of cylinders (`range` sparing). */
  readonly spareSectors: number;
  /** Physical sector slots (numbered from the zone's first sector, spares and slips included) skipped by the mapping. */
  readonly slips: readonly number[];
}

/** Where spare sectors sit, as in DiskSim's `Sparing scheme used`. */
export type SparingSpec =
  | { readonly kind: 'none' }
  /** DiskSim scheme 9: `spareSectors` at the end of each zone; slips push later sectors along. */
  | { readonly kind: 'zone' }
  /** DiskSim scheme 8: `spareSectors` at the end of every `rangeCylinders` cylinders. */
  | { readonly kind: 'range'; readonly rangeCylinders: number };

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
  /** Added to every non-zero repositioning before a write. */
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
  /** Time to move one sector between the host and the drive buffer. */
  readonly busSectorNs: number;
}

/**
 * How far the drive reads ahead after a read (DiskSim `Buffer continuous read`):
 * to the end of the track, of the cylinder, until the segment is full, or to
 * the end of the track after the one holding the request's end once a
 * sequential stream is seen (`next-track`, DiskSim scheme 4). Always capped by
 * `maxReadAheadSectors`.
 */
export type ReadAheadScope = 'none' | 'track' | 'cylinder' | 'segment' | 'next-track';

/** Write-behind: `off` writes through; `sequential` and `full` acknowledge once the data is in the buffer. */
export type FastWrite = 'off' | 'sequential' | 'full';

export interface CacheSpec {
  /** False: the buffer only matches bus and media speeds; nothing is ever a hit. */
  readonly enabled: boolean;
  readonly segments: number;
  readonly segmentSectors: number;
  readonly readAhead: ReadAheadScope;
  readonly maxReadAheadSectors: number;
  /** With `segment` read-ahead: prefetch may not push the request's own data out of its segment. */
  readonly keepRequestData: boolean;
  /** Sectors of the target track that pass under the head before the requested ones are read into the segment too. */
  readonly readAnyFreeSectors: boolean;
  readonly readHitsOnWriteData: boolean;
  readonly fastWrite: FastWrite;
}

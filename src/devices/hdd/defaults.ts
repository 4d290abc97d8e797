import { type HddParams, NO_RECONNECTION_COSTS, type SeekSpec, type ZoneSpec } from './params.js';
import { seekSpecNs } from './seek.js';

const NS_PER_MS = 1_000_000;

/*
 * The default drive: a Seagate Cheetah 15K.5 SAS, model ST3300655SS (300 GB,
 * 15 000 rpm). Published figures, from Seagate's "Cheetah 15K.5 SAS Product
 * Manual", publication 100384784 (Rev. C, February 2007):
 *   - formatted capacity 585,937,500 sectors of 512 bytes, 8 read/write heads;
 *   - 15,000 rpm (average rotational latency 2.0 ms), 16 MB buffer;
 *   - seek, typical: average 3.5 ms read / 4.0 ms write, track-to-track
 *     0.2 ms read / 0.4 ms write;
 *   - sustained disc transfer rate 73 MB/s (inner zone) to 125 MB/s (outer
 *     zone), 1 MB = 10^6 bytes; SAS interface 300 MB/s.
 * Everything else below is derived from those figures or assumed, and says so.
 */
const DATASHEET = {
  capacitySectors: 585_937_500,
  surfaces: 8,
  rpm: 15_000,
  averageSeekReadNs: 3.5 * NS_PER_MS,
  averageSeekWriteNs: 4.0 * NS_PER_MS,
  trackToTrackReadNs: 0.2 * NS_PER_MS,
  outerBytesPerSecond: 125e6,
  innerBytesPerSecond: 73e6,
  interfaceBytesPerSecond: 300e6,
  bufferBytes: 16 * 1024 * 1024,
} as const;

/** Derived: zones of equal width whose sectors per track fall linearly from the outer to the inner rate. */
const ZONES = 12;
/** Derived: the sqrt region of the seek curve covers the first fifth of the stroke (Ruemmler and Wilkes' shape). */
const SEEK_BOUNDARY_FRACTION = 0.2;
/** Assumed: full stroke twice the average seek, the usual ratio for drives of this class. */
const FULL_STROKE_OVER_AVERAGE = 2;
/**
 * Assumed: command aging serves a request that has waited 500 ms next,
 * whatever the seek order prefers — a bound typical of SCSI/SAS firmware
 * aging limits (no datasheet publishes one). DiskSim drives get it too.
 */
export const DEFAULT_MAX_WAIT_NS = 500 * NS_PER_MS;

/** The default drive's parameters (derived once, when this module loads). */
export const CHEETAH_15K5: HddParams = buildDefault();

/** Parameters of the default drive (the same object every call). */
export function defaultHddParams(): HddParams {
  return CHEETAH_15K5;
}

function buildDefault(): HddParams {
  const d = DATASHEET;
  const periodNs = 60e9 / d.rpm;
  const sectorsPerTrackAt = (bytesPerSecond: number): number => Math.floor(bytesPerSecond / (d.rpm / 60) / 512);
  const outer = sectorsPerTrackAt(d.outerBytesPerSecond); // 976 sectors per track
  const inner = sectorsPerTrackAt(d.innerBytesPerSecond); // 570 sectors per track
  const perTrack = Array.from({ length: ZONES }, (_, z) => Math.round(outer - ((outer - inner) * z) / (ZONES - 1)));
  const sectorsPerCylinderRow = perTrack.reduce((sum, spt) => sum + spt, 0) * d.surfaces;
  const cylindersPerZone = Math.ceil(d.capacitySectors / sectorsPerCylinderRow);
  const cylinders = cylindersPerZone * ZONES;
  // Assumed: a head switch takes as long as a track-to-track seek.
  const headSwitchNs = d.trackToTrackReadNs;
  // Derived: the write figures exceed the read ones by 0.5 ms on average; that is the settle time.
  const writeSettleNs = d.averageSeekWriteNs - d.averageSeekReadNs;
  const seek = deriveSeekCurve(cylinders);
  const zones = perTrack.map((spt, z) =>
    zone(z * cylindersPerZone, (z + 1) * cylindersPerZone - 1, spt, periodNs, {
      // Derived: skews just cover a head switch (cylinder switch: a one-cylinder seek) plus write settling,
      // so that a sequential transfer never loses a revolution at a track boundary.
      trackNs: headSwitchNs + writeSettleNs,
      cylinderNs: Math.max(headSwitchNs, seekSpecNs(seek, 1, cylinders)) + writeSettleNs,
    }),
  );
  return {
    model: 'Seagate Cheetah 15K.5 ST3300655SS',
    geometry: { surfaces: d.surfaces, cylinders, capacitySectors: d.capacitySectors, zones, sparing: { kind: 'none' }, serpentine: 'none' },
    mechanics: { rpm: d.rpm, headSwitchNs, writeSettleNs, seek },
    controller: defaultController(),
    cache: {
      enabled: true,
      // Assumed: the 16 MB buffer in 16 segments of 1 MiB.
      segments: 16,
      segmentSectors: d.bufferBytes / 16 / 512,
      // Assumed: read ahead to fill the segment beside the request (no separate maximum), stoppable at once.
      readAhead: 'segment',
      minReadAheadSectors: 0,
      maxReadAheadSectors: 0,
      requestData: 'keep',
      readAheadOnIdleHit: false,
      // Assumed, as drives of this class behave: a sequential read arriving as the read-ahead reaches its first
      // sector takes the read-ahead over, so back-to-back sequential commands stream at the media rate instead
      // of losing a revolution each (what an array copying a volume track by track relies on).
      almostReadHits: true,
      // Assumed: the buffer serves hits while the arm works. (No effect while the write cache is off and the
      // minimum read-ahead is 0: the arm is then never busy when a command arrives.)
      sneakyFullReadHits: true,
      sneakyPartialReadHits: true,
      readAnyFreeSectors: false,
      immediateRead: false,
      immediateWrite: false,
      readHitsOnWriteData: true,
      // Chosen: arrays run their drives with the write cache off, so that an acknowledged write is on the media.
      fastWrite: 'off',
      writeSegments: 1,
      combineSequentialWrites: true,
      writeStopsReadAhead: true,
      separateWriteSegment: false,
      stopReadAheadInSector: false,
      readHighWaterMark: 0,
    },
    queuePolicy: 'look',
    queueCapacity: 65_536,
    maxWaitNs: DEFAULT_MAX_WAIT_NS,
  };
}

function defaultController(): HddParams['controller'] {
  // Assumed: 0.2 ms of command processing for a media access and 0.1 ms for a buffer hit — the gap Seagate's
  // manuals of this period show between access times "including" and "not including controller overhead".
  const miss = 0.2 * NS_PER_MS;
  const hit = 0.1 * NS_PER_MS;
  return {
    readHitAfterReadNs: hit,
    readHitAfterWriteNs: hit,
    readMissAfterReadNs: miss,
    readMissAfterWriteNs: miss,
    writeHitAfterReadNs: hit,
    writeHitAfterWriteNs: hit,
    writeMissAfterReadNs: miss,
    writeMissAfterWriteNs: miss,
    readCompleteNs: 0,
    writeCompleteNs: 0,
    busSectorNs: (512 / DATASHEET.interfaceBytesPerSecond) * 1e9,
    busWriteSectorNs: (512 / DATASHEET.interfaceBytesPerSecond) * 1e9,
    // Assumed: a drive on its own bus, which it never leaves (a mirror's drives each have a port of their own).
    reconnection: NO_RECONNECTION_COSTS,
  };
}

function zone(
  firstCylinder: number,
  lastCylinder: number,
  sectorsPerTrack: number,
  periodNs: number,
  skew: { trackNs: number; cylinderNs: number },
): ZoneSpec {
  const sectorNs = periodNs / sectorsPerTrack;
  return {
    firstCylinder,
    lastCylinder,
    sectorsPerTrack,
    trackSkewSectors: Math.ceil(skew.trackNs / sectorNs),
    cylinderSkewSectors: Math.ceil(skew.cylinderNs / sectorNs),
    firstSectorOffsetSectors: 0,
    deadSpaceSectors: 0,
    spareSectors: 0,
    slips: [],
  };
}

/**
 * The two-region seek curve through the datasheet's track-to-track time,
 * whose mean over all seek distances — weighted as the datasheet defines its
 * average, by the number of (start, end) track pairs at each distance — is
 * the datasheet's average. The mean is linear in the boundary time, so two
 * evaluations give it exactly.
 */
export function deriveSeekCurve(cylinders: number): SeekSpec {
  const d = DATASHEET;
  const curve = (boundaryNs: number): SeekSpec => ({
    kind: 'curve',
    singleCylinderNs: d.trackToTrackReadNs,
    boundaryCylinders: Math.round(cylinders * SEEK_BOUNDARY_FRACTION),
    boundaryNs,
    fullStrokeNs: FULL_STROKE_OVER_AVERAGE * d.averageSeekReadNs,
  });
  const at0 = pairAverageSeekNs(curve(0), cylinders);
  const at1 = pairAverageSeekNs(curve(NS_PER_MS), cylinders);
  return curve(((d.averageSeekReadNs - at0) / (at1 - at0)) * NS_PER_MS);
}

/** Mean seek over all ordered pairs of distinct cylinders: distance n occurs (C − n) times. */
export function pairAverageSeekNs(seek: SeekSpec, cylinders: number): number {
  let sum = 0;
  let pairs = 0;
  for (let n = 1; n < cylinders; n++) {
    sum += (cylinders - n) * seekSpecNs(seek, n, cylinders);
    pairs += cylinders - n;
  }
  return sum / pairs;
}

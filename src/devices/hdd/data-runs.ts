import type { SparingSpec, ZoneSpec } from './params.js';

/**
 * The sparing schemes whose spares sit on every track or cylinder, or which
 * slip whole tracks, laid out once when the drive is built: which slots of a
 * zone hold data, in logical order, as a table of runs (sectors on
 * consecutive slots of one track). A lookup is then one binary search, the
 * same for every scheme, and the mapping's rules live here, not on the hot
 * path.
 */
export type RunSparing = Extract<SparingSpec, { kind: 'track' | 'track-sectors' | 'cylinder' | 'disk-end' }>;

export function isRunSparing(sparing: SparingSpec): sparing is RunSparing {
  return sparing.kind === 'track' || sparing.kind === 'track-sectors' || sparing.kind === 'cylinder' || sparing.kind === 'disk-end';
}

/** A zone's data slots as runs. Positions count data slots from the zone's first (its dead space included). */
export class DataRuns {
  constructor(
    /** Position of each run's first sector. */
    readonly firstPosition: Int32Array,
    /** Zone slot of each run's first sector. */
    readonly firstSlot: Int32Array,
    /** Positions of the first and last data sectors on the run's track. */
    readonly trackFirstPosition: Int32Array,
    readonly trackLastPosition: Int32Array,
    /**
     * Sectors by which slips earlier in the zone turn the run's track (DiskSim
     * shifts a track's first sector by one for every slip on an earlier
     * cylinder, or earlier track for spares per track).
     */
    readonly skewSectors: Int32Array,
    /** Data slots in the zone. */
    readonly positions: number,
  ) {}

  /** The run holding `position` (which must be below `positions`). */
  runOf(position: number): number {
    const starts = this.firstPosition;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= position) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  slotOf(position: number): number {
    const run = this.runOf(position);
    return this.firstSlot[run]! + (position - this.firstPosition[run]!);
  }
}

/** Lays out one zone's data slots under a per-track or per-cylinder sparing scheme. */
export function buildDataRuns(zone: ZoneSpec, surfaces: number, sparing: RunSparing): DataRuns {
  const perTrack = zone.sectorsPerTrack;
  const tracks = (zone.lastCylinder - zone.firstCylinder + 1) * surfaces;
  const data = dataSlotMask(zone, surfaces, sparing);
  const slipped = new Uint8Array(data.length);
  if (sparing.kind !== 'track') for (const slip of zone.slips) if (slip < slipped.length) slipped[slip] = 1;
  const skewCutoff = sparing.kind === 'cylinder' ? perTrack * surfaces : sparing.kind === 'track-sectors' ? perTrack : 0;
  const runs = { first: [] as number[], slot: [] as number[], trackFirst: [] as number[], trackLast: [] as number[], skew: [] as number[] };
  let position = 0;
  let slipsBefore = 0;
  let skew = 0;
  for (let track = 0; track < tracks; track++) {
    const start = track * perTrack;
    // Slips on earlier cylinders (or tracks) turn this track's first sector on (DiskSim g1_map_pbn_skew).
    if (skewCutoff > 0 && start % skewCutoff === 0) skew = slipsBefore;
    const trackFirst = position;
    const runsBefore = runs.first.length;
    for (let slot = start; slot < start + perTrack; slot++) {
      slipsBefore += slipped[slot]!;
      if (data[slot] === 0) continue;
      if (slot === start || data[slot - 1] === 0) {
        runs.first.push(position);
        runs.slot.push(slot);
        runs.skew.push(skew);
      }
      position++;
    }
    for (let r = runsBefore; r < runs.first.length; r++) {
      runs.trackFirst.push(trackFirst);
      runs.trackLast.push(position - 1);
    }
  }
  return new DataRuns(
    Int32Array.from(runs.first),
    Int32Array.from(runs.slot),
    Int32Array.from(runs.trackFirst),
    Int32Array.from(runs.trackLast),
    Int32Array.from(runs.skew),
    position,
  );
}

/** 1 for each zone slot that holds data (dead space included: it is the first data slots, as in DiskSim). */
function dataSlotMask(zone: ZoneSpec, surfaces: number, sparing: RunSparing): Uint8Array {
  const perTrack = zone.sectorsPerTrack;
  const cylinders = zone.lastCylinder - zone.firstCylinder + 1;
  const mask = new Uint8Array(cylinders * surfaces * perTrack);
  const slips = new Set(zone.slips);
  switch (sparing.kind) {
    case 'track': {
      // Slips here are track numbers; the spare tracks are whatever is left at the zone's end.
      for (let track = 0; track < cylinders * surfaces; track++) if (!slips.has(track)) mask.fill(1, track * perTrack, (track + 1) * perTrack);
      return mask;
    }
    case 'track-sectors':
      for (let track = 0; track < cylinders * surfaces; track++) {
        const start = track * perTrack;
        takeFirst(mask, slips, start, start + perTrack, perTrack - zone.spareSectors);
      }
      return mask;
    case 'cylinder':
    case 'disk-end': {
      const perCylinder = perTrack * surfaces;
      const dataPerCylinder = perCylinder - zone.spareSectors;
      const atFront = sparing.kind === 'cylinder' && sparing.sparesAt === 'front';
      const absorbed = sparing.kind === 'cylinder' && !sparing.slipsToEnd;
      for (let cylinder = 0; cylinder < cylinders; cylinder++) {
        const start = cylinder * perCylinder;
        const end = start + perCylinder;
        if (absorbed && atFront) takeLast(mask, slips, start, end, dataPerCylinder);
        else if (absorbed) takeFirst(mask, slips, start, end, dataPerCylinder);
        else if (atFront) fillExcept(mask, slips, start + zone.spareSectors, end);
        else fillExcept(mask, slips, start, start + dataPerCylinder);
      }
      return mask;
    }
  }
}

/** Marks the first `count` unslipped slots of [from, to) (spares after them absorb the slips). */
function takeFirst(mask: Uint8Array, slips: ReadonlySet<number>, from: number, to: number, count: number): void {
  for (let slot = from; slot < to && count > 0; slot++) {
    if (slips.has(slot)) continue;
    mask[slot] = 1;
    count--;
  }
}

/** Marks the last `count` unslipped slots of [from, to) (spares before them absorb the slips). */
function takeLast(mask: Uint8Array, slips: ReadonlySet<number>, from: number, to: number, count: number): void {
  for (let slot = to - 1; slot >= from && count > 0; slot--) {
    if (slips.has(slot)) continue;
    mask[slot] = 1;
    count--;
  }
}

function fillExcept(mask: Uint8Array, slips: ReadonlySet<number>, from: number, to: number): void {
  for (let slot = from; slot < to; slot++) if (!slips.has(slot)) mask[slot] = 1;
}

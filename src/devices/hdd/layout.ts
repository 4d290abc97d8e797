import { AssertionError } from '../../engine/assert.js';
import { buildDataRuns, type DataRuns, isRunSparing } from './data-runs.js';
import type { GeometrySpec, SerpentineSpec, ZoneSpec } from './params.js';

/** Where one logical sector lies. Filled in place by `Layout.locate` (no allocation per lookup). */
export class Location {
  zone = 0;
  cylinder = 0;
  /** Physical surface (head) number. */
  surface = 0;
  /** Physical sector slot on the track, counted from the track's first slot (slips included). */
  slot = 0;
  /** The same slot counted from the zone's first slot. */
  zoneSlot = 0;
  sectorsPerTrack = 0;
  /** First and last logical sectors stored on the same track. */
  trackFirstLbn = 0;
  trackLastLbn = 0;
  /** Angular position where the sector starts, as a fraction of a revolution in [0, 1). */
  angleRev = 0;
}

/** One zone, resolved for lookups. */
class Zone {
  readonly firstLbn: number;
  readonly lbnCount: number;
  readonly sectorsPerTrack: number;
  readonly firstCylinder: number;
  readonly slips: Int32Array;
  readonly deadSpace: number;
  readonly trackSkewRev: number;
  readonly cylinderSkewRev: number;
  readonly offsetRev: number;
  /** Logical sectors per sparing range (`range` sparing only). */
  readonly lbnsPerRange: number;
  readonly slotsPerRange: number;
  /** The data slots, laid out at build time, for spares on every track or cylinder (null: the arithmetic below maps). */
  readonly runs: DataRuns | null;

  constructor(spec: ZoneSpec, firstLbn: number, lbnCount: number, geometry: GeometrySpec) {
    const surfaces = geometry.surfaces;
    const rangeCylinders = geometry.sparing.kind === 'range' ? geometry.sparing.rangeCylinders : 1;
    this.firstLbn = firstLbn;
    this.lbnCount = lbnCount;
    this.sectorsPerTrack = spec.sectorsPerTrack;
    this.firstCylinder = spec.firstCylinder;
    // Without sparing DiskSim ignores slips; track sparing slips whole tracks, which the runs hold.
    const slips = geometry.sparing.kind === 'none' || geometry.sparing.kind === 'track' ? [] : spec.slips;
    this.slips = Int32Array.from([...slips].sort((x, y) => x - y));
    this.deadSpace = spec.deadSpaceSectors;
    this.trackSkewRev = spec.trackSkewSectors / spec.sectorsPerTrack;
    this.cylinderSkewRev = spec.cylinderSkewSectors / spec.sectorsPerTrack;
    this.offsetRev = spec.firstSectorOffsetSectors / spec.sectorsPerTrack;
    this.slotsPerRange = rangeCylinders * surfaces * spec.sectorsPerTrack;
    this.lbnsPerRange = this.slotsPerRange - spec.spareSectors;
    this.runs = isRunSparing(geometry.sparing) ? buildDataRuns(spec, surfaces, geometry.sparing) : null;
  }
}

/** How many logical sectors a zone maps, as DiskSim computes it for each sparing scheme (`dm_layout_g1_compute_blksinband`). */
export function zoneLbnCount(geometry: Pick<GeometrySpec, 'surfaces' | 'sparing'>, zone: ZoneSpec): number {
  const cylinders = zone.lastCylinder - zone.firstCylinder + 1;
  const slots = cylinders * geometry.surfaces * zone.sectorsPerTrack - zone.deadSpaceSectors;
  const sparing = geometry.sparing;
  switch (sparing.kind) {
    case 'none':
      return slots;
    case 'track':
      return slots - zone.spareSectors * zone.sectorsPerTrack;
    case 'track-sectors':
      return slots - zone.spareSectors * cylinders * geometry.surfaces;
    case 'cylinder':
      return slots - zone.spareSectors * cylinders - (sparing.slipsToEnd ? zone.slips.length : 0);
    case 'disk-end':
      return slots - zone.slips.length;
    case 'range':
      return slots - zone.spareSectors * Math.floor(cylinders / sparing.rangeCylinders);
    case 'zone':
      return slots - zone.spareSectors - (sparing.slipsToEnd ? zone.slips.length : 0);
  }
}

/**
 * Data slots a zone lacks for its sectors and dead space: 0 unless its
 * slips outnumber the spares that should absorb them (per zone, range,
 * cylinder or track), or its spares leave too little room. DiskSim maps
 * such a zone's last sectors onto the next zone's slots.
 */
export function zoneSlotShortfall(geometry: GeometrySpec, zone: ZoneSpec): number {
  const needed = zoneLbnCount(geometry, zone) + zone.deadSpaceSectors;
  const sparing = geometry.sparing;
  const perCylinder = geometry.surfaces * zone.sectorsPerTrack;
  const slots = (zone.lastCylinder - zone.firstCylinder + 1) * perCylinder;
  if (isRunSparing(sparing)) return Math.max(0, needed - buildDataRuns(zone, geometry.surfaces, sparing).positions);
  if (sparing.kind === 'none') return 0;
  if (sparing.kind === 'zone') return Math.max(0, needed - (slots - zone.slips.length));
  // Range sparing: each range's slips must fit in its own spares (a partial last range has none).
  const perRange = perCylinder * sparing.rangeCylinders;
  const wholeRanges = Math.floor(slots / perRange);
  let short = 0;
  for (let range = 0; range * perRange < slots; range++) {
    const from = range * perRange;
    const slips = zone.slips.filter((slip) => slip >= from && slip < from + perRange).length;
    short += Math.max(0, slips - (range < wholeRanges ? zone.spareSectors : 0));
  }
  return short;
}

/**
 * Maps logical sectors to (cylinder, surface, slot) and to the angle where
 * each starts, with zones, track and cylinder skew, spares and slipped
 * sectors — the layout DiskSim's `dm_layout_g1` describes. A lookup is a
 * binary search over zones plus a scan of the zone's (few) slips.
 */
export class Layout {
  readonly surfaces: number;
  readonly mappedSectors: number;
  private readonly zones: Zone[] = [];
  private readonly zoneStarts: Float64Array;
  private readonly sparing: GeometrySpec['sparing'];
  private readonly serpentine: SerpentineSpec;

  constructor(geometry: GeometrySpec) {
    this.surfaces = geometry.surfaces;
    this.sparing = geometry.sparing;
    this.serpentine = geometry.serpentine;
    let lbn = 0;
    for (const spec of geometry.zones) {
      const count = zoneLbnCount(geometry, spec);
      this.zones.push(new Zone(spec, lbn, count, geometry));
      lbn += count;
    }
    this.mappedSectors = lbn;
    this.zoneStarts = Float64Array.from(this.zones.map((z) => z.firstLbn));
    // Schemes laid out as runs take their own lookups; the arithmetic ones keep theirs as they are (the hot path).
    if (isRunSparing(geometry.sparing)) {
      this.locate = this.locateByRuns;
      this.slotSpan = this.slotSpanByRuns;
    }
  }

  locate(lbn: number, out: Location): void {
    if (!(lbn >= 0 && lbn < this.mappedSectors)) {
      throw new AssertionError(`sector ${lbn} is outside the mapped ${this.mappedSectors} sectors`);
    }
    const zoneIndex = this.zoneOf(lbn);
    const zone = this.zones[zoneIndex]!;
    const rel = lbn - zone.firstLbn + zone.deadSpace;
    const track = this.sparing.kind === 'range' ? placeInRange(zone, rel, out) : placeInZone(zone, rel, out);
    this.finishLocation(zone, zoneIndex, track, out);
  }

  /**
   * Slots that sectors `[lbn, last]` of one track occupy, given `at`, the
   * location of `lbn`: their count, plus the slips among them.
   */
  slotSpan(lbn: number, last: number, at: Location): number {
    const slips = this.zones[at.zone]!.slips;
    let end = at.zoneSlot + (last - lbn);
    // Each slip met on the way pushes the end one slot on (slips are sorted, as in `placeInZone`).
    for (let i = 0; i < slips.length; i++) if (slips[i]! > at.zoneSlot && slips[i]! <= end) end++;
    return end - at.zoneSlot + 1;
  }

  private finishLocation(zone: Zone, zoneIndex: number, track: number, out: Location): void {
    const perTrack = zone.sectorsPerTrack;
    const surfaces = this.surfaces;
    const cylinderInZone = Math.floor(track / surfaces);
    const logicalHead = track - cylinderInZone * surfaces;
    const cylinder = zone.firstCylinder + cylinderInZone;
    const reversed =
      (this.serpentine === 'odd-cylinders-in-zone' && (cylinderInZone & 1) === 1) ||
      (this.serpentine === 'odd-cylinders' && (cylinder & 1) === 1);
    out.zone = zoneIndex;
    out.cylinder = cylinder;
    out.surface = reversed ? surfaces - 1 - logicalHead : logicalHead;
    out.sectorsPerTrack = perTrack;
    // Every head switch adds the track skew, every cylinder switch the cylinder skew (DiskSim g1_map_pbn_skew).
    const angle =
      zone.offsetRev +
      (logicalHead + (surfaces - 1) * cylinderInZone) * zone.trackSkewRev +
      cylinderInZone * zone.cylinderSkewRev +
      out.slot / perTrack;
    out.angleRev = angle - Math.floor(angle);
  }

  /** `locate` where the zones are laid out as runs: the run's slot, and the turn its earlier slips give the track. */
  private locateByRuns(lbn: number, out: Location): void {
    if (!(lbn >= 0 && lbn < this.mappedSectors)) {
      throw new AssertionError(`sector ${lbn} is outside the mapped ${this.mappedSectors} sectors`);
    }
    const zoneIndex = this.zoneOf(lbn);
    const zone = this.zones[zoneIndex]!;
    const runs = zone.runs!;
    const rel = lbn - zone.firstLbn + zone.deadSpace;
    const run = runs.runOf(rel);
    const perTrack = zone.sectorsPerTrack;
    const slot = runs.firstSlot[run]! + (rel - runs.firstPosition[run]!);
    const trackStart = slot - (slot % perTrack);
    out.slot = slot - trackStart;
    out.zoneSlot = slot;
    out.trackFirstLbn = zone.firstLbn + Math.max(runs.trackFirstPosition[run]! - zone.deadSpace, 0);
    out.trackLastLbn = zone.firstLbn + Math.min(runs.trackLastPosition[run]! - zone.deadSpace, zone.lbnCount - 1);
    this.finishLocation(zone, zoneIndex, trackStart / perTrack, out);
    const skew = runs.skewSectors[run]!;
    if (skew !== 0) {
      const angle = out.angleRev + skew / perTrack;
      out.angleRev = angle - Math.floor(angle);
    }
  }

  /** `slotSpan` where the zones are laid out as runs: up to the slot of `last`, found like any other. */
  private slotSpanByRuns(lbn: number, last: number, at: Location): number {
    const zone = this.zones[at.zone]!;
    return zone.runs!.slotOf(last - zone.firstLbn + zone.deadSpace) - at.zoneSlot + 1;
  }

  private zoneOf(lbn: number): number {
    const starts = this.zoneStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= lbn) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** Zone-relative slot of `rel` and its track's logical bounds, for spares at the zone's end (or none). */
function placeInZone(zone: Zone, rel: number, out: Location): number {
  const slips = zone.slips;
  let slot = rel;
  for (let i = 0; i < slips.length && slips[i]! <= slot; i++) slot++;
  const perTrack = zone.sectorsPerTrack;
  const trackStart = slot - (slot % perTrack);
  out.slot = slot - trackStart;
  out.zoneSlot = slot;
  const first = trackStart - slipsBelow(slips, 0, trackStart) - zone.deadSpace;
  const last = trackStart + perTrack - slipsBelow(slips, 0, trackStart + perTrack) - zone.deadSpace - 1;
  out.trackFirstLbn = zone.firstLbn + Math.max(first, 0);
  out.trackLastLbn = zone.firstLbn + Math.min(last, zone.lbnCount - 1);
  return trackStart / perTrack;
}

/** The same for spares at the end of every range of cylinders. */
function placeInRange(zone: Zone, rel: number, out: Location): number {
  const slips = zone.slips;
  const range = Math.floor(rel / zone.lbnsPerRange);
  const rangeSlot = range * zone.slotsPerRange;
  const rangeLbn = range * zone.lbnsPerRange;
  let slot = rangeSlot + (rel - rangeLbn);
  for (let i = 0; i < slips.length; i++) if (slips[i]! >= rangeSlot && slips[i]! <= slot) slot++;
  const perTrack = zone.sectorsPerTrack;
  const trackStart = slot - (slot % perTrack);
  out.slot = slot - trackStart;
  out.zoneSlot = slot;
  const first = rangeLbn + trackStart - rangeSlot - slipsBelow(slips, rangeSlot, trackStart) - zone.deadSpace;
  const end = trackStart + perTrack;
  const last = rangeLbn + end - rangeSlot - slipsBelow(slips, rangeSlot, end) - zone.deadSpace - 1;
  const lastInRange = rangeLbn + zone.lbnsPerRange - zone.deadSpace - 1;
  out.trackFirstLbn = zone.firstLbn + Math.max(first, 0);
  out.trackLastLbn = zone.firstLbn + Math.min(last, lastInRange, zone.lbnCount - 1);
  return trackStart / perTrack;
}

/** How many slips lie in [from, below). */
function slipsBelow(slips: Int32Array, from: number, below: number): number {
  let n = 0;
  for (let i = 0; i < slips.length; i++) if (slips[i]! >= from && slips[i]! < below) n++;
  return n;
}

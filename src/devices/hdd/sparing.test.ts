import { describe, expect, it } from 'vitest';
import { Layout, Location, zoneSlotShortfall, zoneLbnCount } from './layout.js';
import type { GeometrySpec, SparingSpec, ZoneSpec } from './params.js';

/**
 * DiskSim 4.0's eleven sparing schemes (`Sparing scheme used`), on a drive
 * small enough to work out by hand: 2 surfaces, 5 sectors a track, so 10 a
 * cylinder; zone slots are numbered from the zone's first sector.
 */
const SCHEMES: Record<number, SparingSpec> = {
  0: { kind: 'none' },
  1: { kind: 'track' },
  2: { kind: 'cylinder', sparesAt: 'end', slipsToEnd: false },
  3: { kind: 'track-sectors' },
  4: { kind: 'cylinder', sparesAt: 'end', slipsToEnd: true },
  5: { kind: 'cylinder', sparesAt: 'front', slipsToEnd: false },
  6: { kind: 'cylinder', sparesAt: 'front', slipsToEnd: true },
  7: { kind: 'disk-end' },
  8: { kind: 'range', rangeCylinders: 2 },
  9: { kind: 'zone', slipsToEnd: false },
  10: { kind: 'zone', slipsToEnd: true },
};

function zone(over: Partial<ZoneSpec>): ZoneSpec {
  return {
    firstCylinder: 0,
    lastCylinder: 2,
    sectorsPerTrack: 5,
    trackSkewSectors: 0,
    cylinderSkewSectors: 0,
    firstSectorOffsetSectors: 0,
    deadSpaceSectors: 0,
    spareSectors: 0,
    slips: [],
    ...over,
  };
}

function geometry(scheme: number, zones: ZoneSpec[], surfaces = 2): GeometrySpec {
  const last = zones[zones.length - 1]!.lastCylinder;
  return { surfaces, cylinders: last + 1, capacitySectors: 1, zones, sparing: SCHEMES[scheme]!, serpentine: 'none' };
}

/** Where one sector lands: [cylinder, surface, sector on the track], and its track's first and last sectors. */
function place(g: GeometrySpec, lbn: number): { at: number[]; track: number[]; angle: number } {
  const loc = new Location();
  new Layout(g).locate(lbn, loc);
  return { at: [loc.cylinder, loc.surface, loc.slot], track: [loc.trackFirstLbn, loc.trackLastLbn], angle: Math.round(loc.angleRev * 1e9) / 1e9 };
}

const mapped = (g: GeometrySpec): number => new Layout(g).mappedSectors;

describe('sparing schemes, worked by hand (3 cylinders × 2 surfaces × 5 sectors)', () => {
  it('0, none: every slot holds data and slips are ignored, as DiskSim ignores them', () => {
    const g = geometry(0, [zone({ spareSectors: 2, slips: [3] })]);
    expect(mapped(g)).toBe(30);
    expect(place(g, 3).at).toEqual([0, 0, 3]);
    expect(place(g, 29)).toMatchObject({ at: [2, 1, 4], track: [25, 29] });
  });

  it('1, spare tracks per zone: a slipped track is stepped over, the spare tracks are the last', () => {
    const g = geometry(1, [zone({ spareSectors: 2, slips: [1] })]);
    // 6 tracks of 5, less 2 spare tracks.
    expect(mapped(g)).toBe(20);
    expect(place(g, 4)).toMatchObject({ at: [0, 0, 4], track: [0, 4] });
    // Track 1 (cylinder 0, surface 1) is slipped: sector 5 starts track 2.
    expect(place(g, 5)).toMatchObject({ at: [1, 0, 0], track: [5, 9] });
    // Last sector: track 4; track 5 is the one spare track the slip left.
    expect(place(g, 19)).toMatchObject({ at: [2, 0, 4], track: [15, 19] });
  });

  it('1 with dead space: the first tracks of the zone hold no sectors', () => {
    const g = geometry(1, [zone({ spareSectors: 1, deadSpaceSectors: 5 })]);
    expect(mapped(g)).toBe(20);
    expect(place(g, 0)).toMatchObject({ at: [0, 1, 0], track: [0, 4] });
  });

  it('3, spares per track: a slip uses its own track’s spare, and turns every later track one sector on', () => {
    const g = geometry(3, [zone({ spareSectors: 1, slips: [6] })]);
    // 4 sectors a track on 6 tracks.
    expect(mapped(g)).toBe(24);
    expect(place(g, 3)).toMatchObject({ at: [0, 0, 3], track: [0, 3] });
    expect(place(g, 4)).toMatchObject({ at: [0, 1, 0], track: [4, 7], angle: 0 });
    // Slot 6 (surface 1, sector 1) is slipped: sector 5 is two on, and the track's spare (sector 4) holds sector 7.
    expect(place(g, 5)).toMatchObject({ at: [0, 1, 2], angle: 2 / 5 });
    expect(place(g, 7).at).toEqual([0, 1, 4]);
    // The next track starts one sector later for the slip before it (DiskSim g1_map_pbn_skew).
    expect(place(g, 8)).toMatchObject({ at: [1, 0, 0], track: [8, 11], angle: 1 / 5 });
    expect(place(g, 23)).toMatchObject({ at: [2, 1, 3], track: [20, 23] });
  });

  it('2, spares at the end of each cylinder: a slip uses its cylinder’s spares', () => {
    const g = geometry(2, [zone({ spareSectors: 2, slips: [3] })]);
    expect(mapped(g)).toBe(24);
    expect(place(g, 2).at).toEqual([0, 0, 2]);
    expect(place(g, 3)).toMatchObject({ at: [0, 0, 4], track: [0, 3] });
    // The cylinder's last sector takes its first spare (DiskSim's ltop would wrap it onto cylinder 1, where sector 8 is).
    expect(place(g, 7)).toMatchObject({ at: [0, 1, 3], track: [4, 7] });
    expect(place(g, 8)).toMatchObject({ at: [1, 0, 0], track: [8, 12], angle: 1 / 5 });
    expect(place(g, 23)).toMatchObject({ at: [2, 1, 2], track: [21, 23] });
  });

  it('2 with skews: a track and a cylinder switch, plus one sector for the slip on cylinder 0', () => {
    const g = geometry(2, [zone({ spareSectors: 2, slips: [3], trackSkewSectors: 1, cylinderSkewSectors: 2 })]);
    // Cylinder 1, surface 0: one head switch (1) and one cylinder switch (2) since sector 0, and the slip (1).
    expect(place(g, 8).angle).toBeCloseTo(4 / 5, 12);
  });

  it('4, spares per cylinder, slipping to the end: a slip pushes the zone’s later sectors on, spares stay unused', () => {
    const g = geometry(4, [zone({ spareSectors: 2, slips: [3] })]);
    // 8 data slots a cylinder, less the slip.
    expect(mapped(g)).toBe(23);
    expect(place(g, 3).at).toEqual([0, 0, 4]);
    expect(place(g, 6)).toMatchObject({ at: [0, 1, 2], track: [4, 6] });
    expect(place(g, 7)).toMatchObject({ at: [1, 0, 0], track: [7, 11], angle: 1 / 5 });
    expect(place(g, 15).at).toEqual([2, 0, 0]);
    expect(place(g, 22)).toMatchObject({ at: [2, 1, 2], track: [20, 22] });
  });

  it('5, spares at the front of each cylinder: a slip takes a front spare', () => {
    const none = geometry(5, [zone({ spareSectors: 2 })]);
    expect(mapped(none)).toBe(24);
    expect(place(none, 0)).toMatchObject({ at: [0, 0, 2], track: [0, 2] });
    expect(place(none, 8).at).toEqual([1, 0, 2]);
    const g = geometry(5, [zone({ spareSectors: 2, slips: [3] })]);
    expect(place(g, 0).at).toEqual([0, 0, 1]);
    expect(place(g, 2).at).toEqual([0, 0, 4]);
    expect(place(g, 7)).toMatchObject({ at: [0, 1, 4], track: [3, 7] });
    expect(place(g, 8)).toMatchObject({ at: [1, 0, 2], angle: 3 / 5 });
  });

  it('6, spares at the front, slipping to the end', () => {
    const g = geometry(6, [zone({ spareSectors: 2, slips: [3] })]);
    expect(mapped(g)).toBe(23);
    expect(place(g, 0).at).toEqual([0, 0, 2]);
    expect(place(g, 1).at).toEqual([0, 0, 4]);
    expect(place(g, 6)).toMatchObject({ at: [0, 1, 4], track: [2, 6] });
    expect(place(g, 7)).toMatchObject({ at: [1, 0, 2], track: [7, 9] });
  });

  it('7, spares at the end of the disk: no spares in the zone, each slip costs it a sector', () => {
    const g = geometry(7, [zone({ slips: [3] })]);
    expect(mapped(g)).toBe(29);
    expect(place(g, 3)).toMatchObject({ at: [0, 0, 4], track: [0, 3] });
    // No turn for the slip: DiskSim turns tracks only for spares per cylinder or per track.
    expect(place(g, 9)).toMatchObject({ at: [1, 0, 0], angle: 0 });
    expect(place(g, 28).at).toEqual([2, 1, 4]);
  });

  it('8, spares at the end of each range of cylinders', () => {
    const g = geometry(8, [zone({ spareSectors: 2, slips: [3] })]);
    // One whole range of 2 cylinders (20 slots, 18 sectors); the third cylinder is a partial range, without spares.
    expect(mapped(g)).toBe(28);
    expect(place(g, 3).at).toEqual([0, 0, 4]);
    expect(place(g, 17)).toMatchObject({ at: [1, 1, 3], track: [14, 17] });
    expect(place(g, 18)).toMatchObject({ at: [2, 0, 0], track: [18, 22] });
  });

  it('9 and 10, spares at the end of the zone; with 10 each slip also costs the zone a sector', () => {
    const nine = geometry(9, [zone({ spareSectors: 2, slips: [3] })]);
    expect(mapped(nine)).toBe(28);
    expect(place(nine, 3).at).toEqual([0, 0, 4]);
    expect(place(nine, 27)).toMatchObject({ at: [2, 1, 3], track: [24, 27] });
    const ten = geometry(10, [zone({ spareSectors: 2, slips: [3] })]);
    expect(mapped(ten)).toBe(27);
    expect(place(ten, 26)).toMatchObject({ at: [2, 1, 2], track: [24, 26] });
  });

  it('the second zone starts where the first one’s sectors end, at its first cylinder', () => {
    const g = geometry(3, [zone({ spareSectors: 1, slips: [6] }), zone({ firstCylinder: 3, lastCylinder: 4, sectorsPerTrack: 4, spareSectors: 1 })]);
    expect(mapped(g)).toBe(24 + 12);
    expect(place(g, 23).at).toEqual([2, 1, 3]);
    expect(place(g, 24)).toMatchObject({ at: [3, 0, 0], track: [24, 26] });
    expect(place(g, 35)).toMatchObject({ at: [4, 1, 2], track: [33, 35] });
  });

  it('counts the data slots a layout leaves, which a zone whose slips outnumber its spares lacks', () => {
    const twoOnOneTrack = zone({ spareSectors: 1, slips: [5, 6] });
    const g = geometry(3, [twoOnOneTrack]);
    expect(zoneLbnCount(g, twoOnOneTrack)).toBe(24);
    expect(zoneSlotShortfall(g, twoOnOneTrack)).toBe(1);
    expect(zoneSlotShortfall(g, zone({ spareSectors: 1, slips: [5, 11] }))).toBe(0);
    const tracks = zone({ spareSectors: 1, slips: [0, 1] });
    expect(zoneSlotShortfall(geometry(1, [tracks]), tracks)).toBe(5);
    const threeSlips = zone({ spareSectors: 2, slips: [1, 2, 3] });
    expect(zoneSlotShortfall(geometry(9, [threeSlips]), threeSlips)).toBe(1);
    expect(zoneSlotShortfall(geometry(10, [threeSlips]), threeSlips)).toBe(0);
    // Two whole ranges of 2 cylinders would be needed for these; the third cylinder is a partial range, without spares.
    expect(zoneSlotShortfall(geometry(8, [threeSlips]), threeSlips)).toBe(1);
    expect(zoneSlotShortfall(geometry(8, [threeSlips]), zone({ spareSectors: 2, slips: [1, 2, 25] }))).toBe(1);
    expect(zoneSlotShortfall(geometry(0, [threeSlips]), threeSlips)).toBe(0);
  });
});

/**
 * The other way, written from DiskSim's physical-to-logical functions
 * (`g1_ptol_*`) as one formula per scheme: the sector a zone slot holds, or
 * undefined for a spare, a slip or dead space.
 */
function sectorAt(g: GeometrySpec, z: ZoneSpec, slot: number): number | undefined {
  const perTrack = z.sectorsPerTrack;
  const perCylinder = perTrack * g.surfaces;
  const slips = [...z.slips];
  const before = (from: number, below: number): number => slips.filter((s) => s >= from && s < below).length;
  const cylStart = slot - (slot % perCylinder);
  const trackStart = slot - (slot % perTrack);
  const s = g.sparing;
  let position: number | undefined;
  if (s.kind !== 'none' && s.kind !== 'track' && slips.includes(slot)) return undefined;
  switch (s.kind) {
    case 'none':
      position = slot;
      break;
    case 'track': {
      const track = slot / perTrack >> 0;
      if (slips.includes(track)) return undefined;
      const dataTrack = track - slips.filter((t) => t < track).length;
      if (dataTrack >= (z.lastCylinder - z.firstCylinder + 1) * g.surfaces - z.spareSectors) return undefined;
      position = dataTrack * perTrack + (slot - trackStart);
      break;
    }
    case 'track-sectors': {
      const k = slot - trackStart - before(trackStart, slot);
      if (k >= perTrack - z.spareSectors) return undefined;
      position = (trackStart / perTrack) * (perTrack - z.spareSectors) + k;
      break;
    }
    case 'cylinder':
    case 'disk-end': {
      const lbnsPerCylinder = perCylinder - z.spareSectors;
      const cylinder = cylStart / perCylinder;
      const front = s.kind === 'cylinder' && s.sparesAt === 'front';
      const absorbed = s.kind === 'cylinder' && !s.slipsToEnd;
      if (absorbed && front) {
        const unslipped = perCylinder - before(cylStart, cylStart + perCylinder);
        const k = slot - cylStart - before(cylStart, slot) - (unslipped - lbnsPerCylinder);
        if (k < 0) return undefined;
        position = cylinder * lbnsPerCylinder + k;
      } else if (absorbed) {
        const k = slot - cylStart - before(cylStart, slot);
        if (k >= lbnsPerCylinder) return undefined;
        position = cylinder * lbnsPerCylinder + k;
      } else {
        // A slip pushes the rest of the zone on where it takes a data slot; one on a spare changes nothing.
        const region = (at: number): number => (at % perCylinder) - (front ? z.spareSectors : 0);
        const inData = (at: number): boolean => region(at) >= 0 && region(at) < lbnsPerCylinder;
        if (!inData(slot)) return undefined;
        position = cylinder * lbnsPerCylinder + region(slot) - slips.filter((at) => at < slot && inData(at)).length;
      }
      break;
    }
    case 'range': {
      const perRange = perCylinder * s.rangeCylinders;
      const rangeStart = slot - (slot % perRange);
      const k = slot - rangeStart - before(rangeStart, slot);
      if (k >= perRange - z.spareSectors) return undefined;
      position = (rangeStart / perRange) * (perRange - z.spareSectors) + k;
      break;
    }
    case 'zone':
      position = slot - before(0, slot);
      break;
  }
  const sector = position - z.deadSpaceSectors;
  return sector >= 0 && sector < zoneLbnCount(g, z) ? sector : undefined;
}

describe('every sector of a small drive, both ways', () => {
  const zones = [
    zone({ lastCylinder: 3, sectorsPerTrack: 7, spareSectors: 2, deadSpaceSectors: 3, slips: [2, 9, 31, 45] }),
    zone({ firstCylinder: 4, lastCylinder: 8, sectorsPerTrack: 6, spareSectors: 2, slips: [0, 13, 25, 37] }),
  ];
  // Track sparing numbers tracks, not sectors, and spares whole tracks.
  const trackZones = [
    zone({ lastCylinder: 3, sectorsPerTrack: 7, spareSectors: 3, deadSpaceSectors: 7, slips: [1, 4] }),
    zone({ firstCylinder: 4, lastCylinder: 8, sectorsPerTrack: 6, spareSectors: 2, slips: [9] }),
  ];
  // Spares at the end of the disk leave none in the zones; spares per zone must outnumber its slips.
  const diskEndZones = zones.map((z) => ({ ...z, spareSectors: 0 }));
  const zoneSpareZones = zones.map((z) => ({ ...z, spareSectors: 4 }));

  for (const scheme of Object.keys(SCHEMES).map(Number)) {
    it(`scheme ${scheme}: each sector lands on the slot that holds it, on a track whose bounds are right`, () => {
      const g = geometry(scheme, scheme === 1 ? trackZones : scheme === 7 ? diskEndZones : scheme === 9 ? zoneSpareZones : zones);
      g.zones.forEach((z) => expect(zoneSlotShortfall(g, z)).toBe(0));
      const layout = new Layout(g);
      // Physical to logical, every slot of every zone.
      const slotOf = new Map<number, { zone: number; slot: number }>();
      const trackBounds = new Map<string, [number, number]>();
      let firstLbn = 0;
      g.zones.forEach((z, zi) => {
        const slots = (z.lastCylinder - z.firstCylinder + 1) * g.surfaces * z.sectorsPerTrack;
        for (let slot = 0; slot < slots; slot++) {
          const sector = sectorAt(g, z, slot);
          if (sector === undefined) continue;
          const lbn = firstLbn + sector;
          expect(slotOf.has(lbn), `sector ${lbn} held twice`).toBe(false);
          slotOf.set(lbn, { zone: zi, slot });
          const key = `${zi}:${Math.floor(slot / z.sectorsPerTrack)}`;
          const [low, high] = trackBounds.get(key) ?? [lbn, lbn];
          trackBounds.set(key, [Math.min(low, lbn), Math.max(high, lbn)]);
        }
        firstLbn += zoneLbnCount(g, z);
      });
      expect(layout.mappedSectors).toBe(firstLbn);
      expect(slotOf.size).toBe(firstLbn);
      // Logical to physical, every sector; and the span of every run to the track's end.
      const loc = new Location();
      const wrong: string[] = [];
      for (let lbn = 0; lbn < layout.mappedSectors; lbn++) {
        layout.locate(lbn, loc);
        const z = g.zones[loc.zone]!;
        const slot = ((loc.cylinder - z.firstCylinder) * g.surfaces + loc.surface) * z.sectorsPerTrack + loc.slot;
        const want = slotOf.get(lbn)!;
        const bounds = trackBounds.get(`${want.zone}:${Math.floor(want.slot / z.sectorsPerTrack)}`)!;
        const last = new Location();
        layout.locate(loc.trackLastLbn, last);
        const span = layout.slotSpan(lbn, loc.trackLastLbn, loc);
        if (loc.zone !== want.zone || slot !== want.slot) wrong.push(`${lbn}: slot ${slot} of zone ${loc.zone}, not ${want.slot} of ${want.zone}`);
        else if (loc.trackFirstLbn !== bounds[0] || loc.trackLastLbn !== bounds[1]) wrong.push(`${lbn}: track [${loc.trackFirstLbn}, ${loc.trackLastLbn}], not ${bounds}`);
        else if (span !== last.slot - loc.slot + 1) wrong.push(`${lbn}: span ${span}, not ${last.slot - loc.slot + 1}`);
      }
      expect(wrong.slice(0, 5)).toEqual([]);
    });
  }
});

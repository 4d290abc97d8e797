import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiskSimHddParams } from '../disksim/load.js';
import { CHEETAH_15K5 } from './defaults.js';
import { Layout, Location } from './layout.js';
import type { GeometrySpec } from './params.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const atlas = loadDiskSimHddParams(DATA + 'atlas10k').geometry;
const cheetah = loadDiskSimHddParams(DATA + 'cheetah4LP').geometry;

/** Walks the drive track by track, checking that tracks tile the logical space in cylinder order. */
function walkTracks(geometry: GeometrySpec): { sectors: number; tracks: number } {
  const layout = new Layout(geometry);
  const loc = new Location();
  let lbn = 0;
  let tracks = 0;
  let lastCylinder = -1;
  while (lbn < layout.mappedSectors) {
    layout.locate(lbn, loc);
    if (loc.trackFirstLbn !== lbn) throw new Error(`track of ${lbn} starts at ${loc.trackFirstLbn}`);
    if (loc.cylinder < lastCylinder || loc.surface >= geometry.surfaces) throw new Error(`bad place for ${lbn}`);
    if (loc.trackLastLbn < lbn || loc.trackLastLbn - lbn >= loc.sectorsPerTrack) throw new Error(`bad track end at ${lbn}`);
    lastCylinder = loc.cylinder;
    lbn = loc.trackLastLbn + 1;
    tracks++;
  }
  return { sectors: lbn, tracks };
}

describe('Layout', () => {
  it('tiles every drive with whole tracks, in cylinder order', () => {
    expect(walkTracks(atlas).sectors).toBe(17966953);
    expect(walkTracks(cheetah).sectors).toBe(8887940);
    expect(walkTracks(CHEETAH_15K5.geometry).sectors).toBeGreaterThanOrEqual(CHEETAH_15K5.geometry.capacitySectors);
  });

  it('skips a slipped sector: the next logical sector is two slots on', () => {
    const layout = new Layout(atlas);
    const before = new Location();
    const after = new Location();
    layout.locate(55016, before);
    layout.locate(55017, after);
    expect(before.slot).toBe(55016 % 334);
    expect(after.slot - before.slot).toBe(2);
    expect(after.trackLastLbn).toBe(before.trackLastLbn);
  });

  it('spans a run by its sectors plus the slips among them, as locating its last sector would', () => {
    for (const geometry of [atlas, cheetah]) {
      const layout = new Layout(geometry);
      const at = new Location();
      const last = new Location();
      let runs = 0;
      let slipped = 0;
      const wrong: string[] = [];
      // Every track, from each of a few first sectors to each of a few last ones: slips sit anywhere on a track.
      for (let lbn = 0; lbn < layout.mappedSectors; ) {
        layout.locate(lbn, at);
        const first = at.trackFirstLbn;
        const end = at.trackLastLbn;
        for (const from of [first, first + 1, Math.floor((first + end) / 2)]) {
          if (from > end) continue;
          layout.locate(from, at);
          for (const to of [from, from + 1, Math.floor((from + end) / 2), end - 1, end]) {
            if (to < from || to > end) continue;
            layout.locate(to, last);
            const span = layout.slotSpan(from, to, at);
            if (span !== last.slot - at.slot + 1) wrong.push(`[${from}, ${to}]: ${span}, not ${last.slot - at.slot + 1}`);
            runs++;
            if (span > to - from + 1) slipped++;
          }
        }
        lbn = end + 1;
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(runs).toBeGreaterThan(100_000);
      expect(slipped).toBeGreaterThan(0);
    }
  });

  it('keeps the head on a cylinder switch where cylinders run serpentine (Atlas 10K)', () => {
    const layout = new Layout(atlas);
    const loc = new Location();
    layout.locate(6 * 334 - 1, loc); // last sector of cylinder 0
    expect([loc.cylinder, loc.surface]).toEqual([0, 5]);
    layout.locate(6 * 334, loc); // first sector of cylinder 1
    expect([loc.cylinder, loc.surface]).toEqual([1, 5]);
  });

  it('shifts each track by the track skew and each cylinder by the cylinder skew', () => {
    const layout = new Layout(atlas);
    const loc = new Location();
    const angleOf = (lbn: number): number => {
      layout.locate(lbn, loc);
      return loc.angleRev;
    };
    const frac = (x: number): number => x - Math.floor(x);
    expect(frac(angleOf(334) - angleOf(0))).toBeCloseTo(63 / 334, 9);
    expect(frac(angleOf(6 * 334) - angleOf(5 * 334))).toBeCloseTo(113 / 334, 9);
  });

  it('puts range spares at the end of each range of cylinders (Cheetah 4LP)', () => {
    const layout = new Layout(cheetah);
    const loc = new Location();
    const perRange = 12 * 8 * 195 - 108;
    layout.locate(perRange - 1, loc);
    expect([loc.cylinder, loc.surface]).toEqual([11, 7]);
    expect(loc.slot).toBe(195 - 108 - 1);
    expect(loc.trackLastLbn).toBe(perRange - 1);
    layout.locate(perRange, loc);
    expect([loc.cylinder, loc.surface, loc.slot]).toEqual([12, 0, 0]);
  });

  it('skips the unmapped cylinder between zones (Cheetah 4LP cylinder 1344)', () => {
    const layout = new Layout(cheetah);
    const loc = new Location();
    layout.locate(2084544 - 1, loc);
    expect(loc.cylinder).toBe(1343);
    layout.locate(2084544, loc);
    expect(loc.cylinder).toBe(1345);
  });

  it('refuses sectors outside the mapped space', () => {
    expect(() => new Layout(atlas).locate(17966953, new Location())).toThrow(/outside the mapped/);
  });
});

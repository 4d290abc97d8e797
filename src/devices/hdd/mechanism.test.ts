import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiskSimHddParams } from '../disksim/load.js';
import { Layout, Location } from './layout.js';
import { Mechanism } from './mechanism.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const atlas = loadDiskSimHddParams(DATA + 'atlas10k');
const layout = new Layout(atlas.geometry);
const FOREVER = Number.POSITIVE_INFINITY;

/** A mechanism with the arm on the track of `lbn`, and that sector's location and time. */
function onTrackOf(lbn: number): { mech: Mechanism; loc: Location; sectorNs: number } {
  const mech = new Mechanism(layout, atlas.mechanics, atlas.geometry.cylinders);
  const loc = new Location();
  layout.locate(lbn, loc);
  mech.cylinder = loc.cylinder;
  mech.surface = loc.surface;
  return { mech, loc, sectorNs: mech.periodNs / loc.sectorsPerTrack };
}

/** An instant (some revolutions in) when the platter has turned `sectorsIn` sectors past the start of `loc`. */
function whenPast(mech: Mechanism, loc: Location, sectorsIn: number): number {
  return (10 + loc.angleRev + sectorsIn / loc.sectorsPerTrack) * mech.periodNs;
}

describe('Mechanism.walk (Atlas 10K, 334 sectors per track)', () => {
  it('zero-latency: landing inside a run reads its tail first and ends one revolution after the next sector boundary', () => {
    // Sector 1100 is slot 98 of its track, so [1100, 1108) lies on one track.
    for (const immediate of [false, true]) {
      const { mech, loc, sectorNs } = onTrackOf(1100);
      mech.immediate = immediate;
      const startNs = whenPast(mech, loc, 2.5);
      const sectors = (mech.walk(1100, 1108, startNs, false, FOREVER) - startNs) / sectorNs;
      // Normal: wait for sector 0 (334 − 2.5), read 8. Zero-latency: 0.5 to the boundary, then one revolution.
      expect(sectors).toBeCloseTo(immediate ? 0.5 + 334 : 334 - 2.5 + 8, 6);
    }
  });

  it('landing outside the run, zero-latency changes nothing', () => {
    const times = [false, true].map((immediate) => {
      const { mech, loc } = onTrackOf(1100);
      mech.immediate = immediate;
      return mech.walk(1100, 1108, whenPast(mech, loc, -20), false, FOREVER);
    });
    expect(times[1]).toBe(times[0]);
  });

  it('a write sector goes down only once it has crossed the bus: a run waits whole revolutions for its data', () => {
    const { mech, loc, sectorNs } = onTrackOf(1100);
    const startNs = whenPast(mech, loc, -1);
    // The data starts crossing the bus as the head reaches the run, at 5.5 sectors' time each: on this pass not
    // even the first sector is there; by the next, all eight are (8 · 5.5 = 44 sectors' time).
    mech.feedFromLbn = 1100;
    mech.feedStartNs = startNs + sectorNs;
    mech.feedSectorNs = 5.5 * sectorNs;
    const sectors = (mech.walk(1100, 1108, startNs, true, FOREVER) - startNs) / sectorNs;
    expect(sectors).toBeCloseTo(1 + 334 + 8, 6);
    mech.clearFeed();
    const { mech: fed } = onTrackOf(1100);
    expect((fed.walk(1100, 1108, startNs, true, FOREVER) - startNs) / sectorNs).toBeCloseTo(1 + 8, 6);
  });

  it('a stop counts whole sectors and reports when the activity under way ends', () => {
    const { mech, loc, sectorNs } = onTrackOf(1100);
    const startNs = whenPast(mech, loc, -10);
    // 10 sectors of rotational wait, then reading: stopped 3.25 sectors into the run.
    mech.walk(1100, 1200, startNs, false, startNs + 13.25 * sectorNs);
    expect(mech.stopped).toBe(true);
    expect(mech.doneSectors).toBe(3);
    expect((mech.stopEventEndNs - startNs) / sectorNs).toBeCloseTo(14, 6);
    // Stopped during the rotational wait: the wait runs to the first sector.
    mech.walk(1100, 1200, startNs, false, startNs + 4 * sectorNs);
    expect(mech.doneSectors).toBe(0);
    expect((mech.stopEventEndNs - startNs) / sectorNs).toBeCloseTo(10, 6);
  });

  it('stopping in a sector (DiskSim `Stop prefetch in sector`) ends the rotational wait at once too, but not a seek', () => {
    // DiskSim's disk_buffer_stopable_access waits out only a pending DEVICE_BUFFER_SEEKDONE when the drive may stop
    // in a sector; the wait for the first sector is a pending DEVICE_BUFFER_SECTOR_DONE, stopped as one under way.
    const { mech, loc, sectorNs } = onTrackOf(1100);
    mech.stopInSector = true;
    const startNs = whenPast(mech, loc, -10);
    mech.walk(1100, 1200, startNs, false, startNs + 4 * sectorNs);
    expect(mech.doneSectors).toBe(0);
    expect(mech.stopEventEndNs).toBe(startNs + 4 * sectorNs);
    mech.walk(1100, 1200, startNs, false, startNs + 13.25 * sectorNs);
    expect(mech.doneSectors).toBe(3);
    expect(mech.stopEventEndNs).toBe(startNs + 13.25 * sectorNs);
    const far = new Location();
    layout.locate(9_000_000, far);
    mech.walk(9_000_000, 9_000_008, 1e9, false, 1e9 + 1000);
    expect(mech.stopEventEndNs).toBeCloseTo(1e9 + mech.firstRepositionNs, 6);
  });

  it('a stop during a seek finds the arm at its target once the seek ends', () => {
    const { mech } = onTrackOf(1100);
    const far = new Location();
    layout.locate(9_000_000, far);
    const startNs = 1e9;
    mech.walk(9_000_000, 9_000_008, startNs, false, startNs + 1000);
    expect(mech.stopped).toBe(true);
    expect(mech.endCylinder).toBe(far.cylinder);
    expect(mech.stopEventEndNs).toBeCloseTo(startNs + mech.firstRepositionNs, 6);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiskSimHddParams } from '../disksim/load.js';
import { HddController } from './controller.js';
import { CHEETAH_15K5 } from './defaults.js';
import { Location } from './layout.js';
import type { CacheSpec, HddParams } from './params.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const cheetah = loadDiskSimHddParams(DATA + 'cheetah4LP');
const c = cheetah.controller;
const MS = 1e6;

const withCache = (params: HddParams, cache: Partial<CacheSpec>): HddParams => ({ ...params, cache: { ...params.cache, ...cache } });

/** Serves commands one at a time, each `gapNs` after the previous completes; returns each response time. */
function serveAll(params: HddParams, commands: readonly [lbn: number, count: number, write: boolean][], gapNs = 50 * MS): number[] {
  const drive = new HddController(params);
  let nowNs = 0;
  return commands.map(([lbn, count, write]) => {
    const doneNs = drive.serve(nowNs, lbn, count, write);
    const responseNs = doneNs - nowNs;
    nowNs = Math.round(doneNs) + gapNs;
    return responseNs;
  });
}

describe('HddController: writes as DiskSim handles them (Cheetah 4LP, fast write level 1)', () => {
  it('acknowledges every write from the buffer at the write-hit overhead, appending or not', () => {
    const [first, random, sequential] = serveAll(cheetah, [
      [1_000_000, 8, true],
      [5_000_000, 8, true],
      [5_000_008, 8, true],
    ]);
    // The drive starts as if after a read (DiskSim's lastflags starts as READ).
    expect(first).toBeCloseTo(c.writeHitAfterReadNs + 8 * c.busSectorNs, 6);
    expect(random).toBeCloseTo(c.writeHitAfterWriteNs + 8 * c.busSectorNs, 6);
    expect(sequential).toBeCloseTo(c.writeHitAfterWriteNs + 8 * c.busSectorNs, 6);
  });

  it('a sequential write joins the flush under way; any other waits for it before its data can come in', () => {
    // Issued at once after the first write is acknowledged: its flush (a seek and a rotational wait) is under way.
    const [, append] = serveAll(cheetah, [[3_000_000, 8, true], [3_000_008, 8, true]], 0);
    const [, other] = serveAll(cheetah, [[3_000_000, 8, true], [7_000_000, 8, true]], 0);
    expect(append).toBeCloseTo(c.writeHitAfterWriteNs + 8 * c.busSectorNs, 6);
    expect(other).toBeGreaterThan(1 * MS + c.writeHitAfterWriteNs + 8 * c.busSectorNs);
  });

  it('a write empties every other segment it overlaps, not only the overlapping sectors', () => {
    // A read (a miss, then 282 sectors of read-ahead); a write inside the read-ahead; a read of sectors read ahead
    // before the write's: DiskSim has emptied the whole segment, so it misses.
    const [, , again] = serveAll(cheetah, [
      [2_000_000, 8, false],
      [2_000_100, 8, true],
      [2_000_050, 8, false],
    ]);
    expect(again).toBeGreaterThan(c.readMissAfterWriteNs);
    const [, , hit] = serveAll(cheetah, [
      [2_000_000, 8, false],
      [2_600_000, 8, true],
      [2_000_050, 8, false],
    ]);
    expect(hit).toBeCloseTo(c.readHitAfterWriteNs + 8 * c.busSectorNs, 6);
  });
});

describe('HddController: reads as DiskSim handles them', () => {
  it('the media part of a partial hit starts after the read-miss overhead, not the hit overhead', () => {
    // The read-ahead after the first read holds [4_000_008, 4_000_290); the second read has its last 20 sectors
    // to read from the media, which come well after its 10 buffered ones have crossed the bus.
    const commands: [number, number, boolean][] = [
      [4_000_000, 8, false],
      [4_000_280, 30, false],
    ];
    const base = serveAll(cheetah, commands)[1]!;
    const period = 60e9 / cheetah.mechanics.rpm;
    // One more revolution of miss overhead finds the platter where it was: exactly one revolution later.
    const later = { ...cheetah, controller: { ...c, readMissAfterReadNs: c.readMissAfterReadNs + period } };
    expect(serveAll(later, commands)[1]! - base).toBeCloseTo(period, 0);
    // The hit overhead only moves the buffered part, which is long across the bus before the media part arrives.
    const quickHit = { ...cheetah, controller: { ...c, readHitAfterReadNs: 0 } };
    expect(serveAll(quickHit, commands)[1]).toBeCloseTo(base, 6);
  });

  it('a command preempting a read-ahead waits for the sector under the head', () => {
    const drive = new HddController(cheetah);
    const doneNs = drive.serve(0, 6_000_000, 8, false);
    expect(drive.readAhead.active).toBe(true);
    // The read-ahead reads on from sector 6_000_008, one sector after another from the instant the read's media
    // part ended, on a track of the zone's sectors per track (166 here).
    const readAheadStartNs = drive.readAhead.startNs;
    const loc = new Location();
    drive.layout.locate(6_000_008, loc);
    const sectorNs = 60e9 / cheetah.mechanics.rpm / loc.sectorsPerTrack;
    // Shortly after the read completes, the read-ahead is reading, still on that track: the miss waits for the
    // sector in progress to end.
    const nowNs = Math.round(doneNs) + 50_000;
    const intoSectorNs = (nowNs - readAheadStartNs) % sectorNs;
    expect(6_000_008 + Math.ceil((nowNs - readAheadStartNs) / sectorNs)).toBeLessThanOrEqual(loc.trackLastLbn);
    expect(intoSectorNs).toBeGreaterThan(0);
    drive.serve(nowNs, 100, 8, false);
    expect(drive.readAhead.extraNs).toBeCloseTo(sectorNs - intoSectorNs, 3);
  });

  it('a read-ahead short of its minimum runs on until it has read it', () => {
    const params = withCache(cheetah, { minReadAheadSectors: 200 });
    const drive = new HddController(params);
    const doneNs = drive.serve(0, 6_000_000, 8, false);
    const nowNs = Math.round(doneNs);
    drive.serve(nowNs, 100, 8, false);
    // 200 sectors (more than one track) take more than a revolution.
    expect(drive.readAhead.freeNs - nowNs).toBeGreaterThan(60e9 / cheetah.mechanics.rpm);
    expect(drive.cache.find(6_000_000 + 8 + 199, 6_000_000 + 8 + 200, -1, nowNs)).toBeGreaterThanOrEqual(0);
  });

  it('reads ahead after an idle full hit only when told to', () => {
    for (const readAheadOnIdleHit of [false, true]) {
      const drive = new HddController(withCache(cheetah, { readAheadOnIdleHit }));
      const first = drive.serve(0, 6_000_000, 8, false);
      // Long after: the first read-ahead is over; a hit on its data.
      drive.serve(Math.round(first) + 100 * MS, 6_000_100, 8, false);
      expect(drive.readAhead.active).toBe(readAheadOnIdleHit);
    }
  });

  it('keeps the request data beside the read-ahead, lets it scroll out, or erases it, as told', () => {
    const again = (requestData: CacheSpec['requestData'], maxReadAheadSectors: number): number =>
      serveAll(withCache(cheetah, { requestData, maxReadAheadSectors }), [
        [6_000_000, 8, false],
        [6_000_000, 8, false],
      ])[1]!;
    const hitNs = c.readHitAfterReadNs + 8 * c.busSectorNs;
    expect(again('keep', 0)).toBeCloseTo(hitNs, 6);
    // With a maximum read-ahead as large as the segment, it scrolls out whatever the policy (as in DiskSim).
    expect(again('keep', 282)).toBeGreaterThan(c.readMissAfterReadNs);
    expect(again('overwrite', 0)).toBeGreaterThan(c.readMissAfterReadNs);
    expect(again('erase', 0)).toBeGreaterThan(c.readMissAfterReadNs);
  });

  it('keeps the sectors that passed under the head before the request when reading any free sectors', () => {
    // Without read-ahead (it would scroll them out of the 282-sector segment). The head lands 34 sectors early.
    const commands: [number, number, boolean][] = [
      [6_000_200, 8, false],
      [6_000_190, 8, false],
    ];
    const free = serveAll(withCache(cheetah, { readAhead: 'none', readAnyFreeSectors: true }), commands)[1]!;
    const none = serveAll(withCache(cheetah, { readAhead: 'none', readAnyFreeSectors: false }), commands)[1]!;
    expect(free).toBeCloseTo(c.readHitAfterReadNs + 8 * c.busSectorNs, 6);
    expect(none).toBeGreaterThan(c.readMissAfterReadNs);
  });
});

describe('HddController: almost and sneaky read hits', () => {
  const atlas = loadDiskSimHddParams(DATA + 'atlas10k');

  it('a read starting where the read-ahead is reading takes it over with almost hits, and loses a revolution without', () => {
    // The default drive's bus outruns its media: as the first read completes, the read-ahead is on sector 128.
    const periodNs = 60e9 / CHEETAH_15K5.mechanics.rpm;
    const sectorNs = periodNs / CHEETAH_15K5.geometry.zones[0]!.sectorsPerTrack;
    for (const almostReadHits of [true, false]) {
      const drive = new HddController(withCache(CHEETAH_15K5, { almostReadHits }));
      const nowNs = Math.round(drive.serve(0, 0, 128, false));
      expect(drive.cache.end[drive.readAhead.segment]).toBe(128);
      const responseNs = drive.serve(nowNs, 128, 128, false) - nowNs;
      if (almostReadHits) {
        // Its sectors come off the media back to back with the first read's: no repositioning, no wait.
        expect(Math.abs(responseNs - 128 * sectorNs)).toBeLessThan(2);
        expect(drive.readAhead.active).toBe(true);
      } else {
        expect(responseNs).toBeGreaterThan(periodNs);
      }
    }
  });

  it('a sneaky full hit crosses the bus at once while the arm flushes; otherwise it waits for the flush', () => {
    const commands: [number, number, boolean][] = [
      [9_000_000, 8, false],
      [3_000_000, 8, true],
      [9_000_000, 8, false],
    ];
    const respond = (sneakyFullReadHits: boolean): number => {
      const drive = new HddController(withCache(atlas, { sneakyFullReadHits }));
      // The read, then (its read-ahead long over) the write, then the re-read the instant the write is acknowledged.
      drive.serve(0, ...commands[0]!);
      const writeDoneNs = Math.round(drive.serve(100 * MS, ...commands[1]!));
      return drive.serve(writeDoneNs, ...commands[2]!) - writeDoneNs;
    };
    const a = atlas.controller;
    expect(respond(true)).toBeCloseTo(a.readHitAfterWriteNs + 8 * a.busSectorNs, 6);
    // The flush (a seek, settling, a rotational wait) is far from over.
    expect(respond(false)).toBeGreaterThan(a.readHitAfterWriteNs + 8 * a.busSectorNs + 1 * MS);
  });

  it('a stream taking the read-ahead over keeps its timing from the track under way, not from where it began', () => {
    const drive = new HddController(CHEETAH_15K5);
    let nowNs = 0;
    for (let k = 0; k < 1_000; k++) nowNs = Math.round(drive.serve(nowNs, k * 128, 128, false));
    expect(drive.readAhead.active).toBe(true);
    // 128 000 sectors on, the read-ahead's description starts within a track of the stream's last command.
    expect(drive.readAhead.fromLbn).toBeGreaterThan(999 * 128 - CHEETAH_15K5.geometry.zones[0]!.sectorsPerTrack);
  });
});

describe('HddController: a separate write segment (DiskSim `Use separate write segment`)', () => {
  // Two segments, writes through to the media (fast write off), reads hitting write data.
  const two = withCache(cheetah, { segments: 2, fastWrite: 'off', readHitsOnWriteData: true, readAhead: 'none', maxReadAheadSectors: 0 });
  const commands: [number, number, boolean][] = [
    [1_000_000, 8, false], // A
    [3_000_000, 8, true], // B, written
    [1_000_000, 8, false], // A again
    [3_000_000, 8, false], // B
  ];
  it('leaves the reads’ segments alone, and is never hit by a read (DiskSim’s disk_buffer_select_read_segment)', () => {
    const separate = serveAll(withCache(two, { separateWriteSegment: true }), commands);
    const shared = serveAll(two, commands);
    // The write took its own segment: A is still there.
    expect(separate[2]).toBeCloseTo(c.readHitAfterWriteNs + 8 * c.busSectorNs, 6);
    // B's data sits in the write segment, which no read may hit: a miss, although reads may hit write data…
    expect(separate[3]).toBeGreaterThan(c.readMissAfterReadNs + 8 * c.busSectorNs);
    // …as they do when the write took one of the shared segments.
    expect(shared[3]).toBeCloseTo(c.readHitAfterReadNs + 8 * c.busSectorNs, 6);
  });
});

describe('HddController: the read high-water mark (DiskSim `High (read) water mark`, by request size)', () => {
  // The Cheetah's bus (0.106 ms a sector) is slower than its media (60 s / 10 033 rpm / 195 sectors ≈ 0.031 ms).
  const sectorNs = 60e9 / 10_033 / 195;
  const missOf = (mark: number): number => serveAll(withCache(cheetah, { readHighWaterMark: mark }), [[0, 8, false]])[0]!;
  it('holds the bus until that share of the request is in the buffer, then sends it all', () => {
    // 8 sectors: a mark of 1 waits for the 8th sector (7 more than the first), 0.5 for the 4th, 0.1 for the first (at least one).
    expect(missOf(1) - missOf(0)).toBeCloseTo(7 * sectorNs, 3);
    expect(missOf(0.5) - missOf(0)).toBeCloseTo(3 * sectorNs, 3);
    expect(missOf(0.1)).toBeCloseTo(missOf(0), 6);
  });
});

describe('HddController: stopping a read-ahead inside a sector (DiskSim `Stop prefetch in sector`)', () => {
  it('gives the arm back at once rather than at the end of the sector under the head: less than one sector sooner', () => {
    const sectorNs = 60e9 / 10_033 / 195;
    // A miss, then 0.37 ms later (its read-ahead under way, mid-sector) a read far away.
    const commands: [number, number, boolean][] = [
      [0, 8, false],
      [6_000_000, 8, false],
    ];
    const [, whole] = serveAll(cheetah, commands, 370_000);
    const [, inSector] = serveAll(withCache(cheetah, { stopReadAheadInSector: true }), commands, 370_000);
    expect(whole - inSector).toBeGreaterThan(0);
    expect(whole - inSector).toBeLessThan(sectorNs);
  });
});

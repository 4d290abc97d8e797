import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../engine/simulator.js';
import { loadDiskSimHddParams } from '../disksim/load.js';
import type { QueuePolicy } from '../queue-policy.js';
import { CHEETAH_15K5, pairAverageSeekNs } from './defaults.js';
import { Hdd } from './hdd.js';
import type { HddParams } from './params.js';
import { seekSpecNs } from './seek.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));

interface Io {
  readonly sector: number;
  readonly sectors: number;
  readonly write: boolean;
  /** Idle time before issuing (closed loop: after the previous completes). */
  readonly thinkNs: number;
}

/** Issues `ios` one at a time and returns each one's service time in ns. */
function closedLoop(params: HddParams, ios: readonly Io[], seed = 1): number[] {
  const sim = new Simulator({ seed });
  const drive = new Hdd(sim, params);
  const kind = sim.kind('test.issue');
  const times: number[] = [];
  const issue = (i: number): void => {
    const io = ios[i]!;
    const startNs = sim.now;
    drive.submit({
      ...io,
      done: () => {
        times.push(sim.now - startNs);
        if (i + 1 < ios.length) sim.after(ios[i + 1]!.thinkNs, kind, issue, i + 1);
      },
    });
  };
  sim.at(ios[0]!.thinkNs, kind, issue, 0);
  sim.run();
  return times;
}

/** Uniformly random 4 KiB reads over the whole drive, with random gaps (so that arrivals fall at random angles). */
function randomReads(params: HddParams, count: number, seed: number): Io[] {
  const rng = new Simulator({ seed }).rng.stream('reads');
  const slots = Math.floor(params.geometry.capacitySectors / 8);
  return Array.from({ length: count }, () => ({ sector: rng.int(slots) * 8, sectors: 8, write: false, thinkNs: Math.round(rng.exponential(3e6)) }));
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * Mean seek between two sectors drawn uniformly over the drive: cylinders
 * weighted by the sectors they hold, integrated over bins of cylinders
 * (within a bin, a random pair is a third of the bin apart on average).
 */
function capacityWeightedSeekNs(params: HddParams): number {
  const { geometry } = params;
  const binCylinders = 64;
  const bins = Math.ceil(geometry.cylinders / binCylinders);
  const weight = new Float64Array(bins);
  for (const zone of geometry.zones) {
    for (let c = zone.firstCylinder; c <= zone.lastCylinder; c++) weight[Math.floor(c / binCylinders)]! += zone.sectorsPerTrack;
  }
  const seek = (distance: number): number => seekSpecNs(params.mechanics.seek, Math.round(distance), geometry.cylinders);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < bins; i++) {
    for (let j = 0; j < bins; j++) {
      const w = weight[i]! * weight[j]!;
      sum += w * (i === j ? seek(binCylinders / 3) : seek(Math.abs(i - j) * binCylinders));
      total += w;
    }
  }
  return sum / total;
}

describe('Hdd (default drive)', () => {
  it('random 4 KiB reads take overhead + average seek + half a rotation + transfer (closed form, ±3%)', () => {
    const p = CHEETAH_15K5;
    const times = closedLoop(p, randomReads(p, 100_000, 7));
    const periodNs = 60e9 / p.mechanics.rpm;
    const sectorsTotal = p.geometry.zones.reduce((s, z) => s + (z.lastCylinder - z.firstCylinder + 1) * z.sectorsPerTrack, 0);
    // Transfer of 8 sectors, weighted by where the data is (each zone by its share of the capacity).
    const transferNs = p.geometry.zones.reduce(
      (s, z) => s + (((z.lastCylinder - z.firstCylinder + 1) * z.sectorsPerTrack) / sectorsTotal) * ((8 * periodNs) / z.sectorsPerTrack),
      0,
    );
    const c = p.controller;
    const expectedNs = c.readMissAfterReadNs + capacityWeightedSeekNs(p) + periodNs / 2 + transferNs + c.busSectorNs + c.readCompleteNs;
    expect(mean(times) / expectedNs).toBeGreaterThan(0.97);
    expect(mean(times) / expectedNs).toBeLessThan(1.03);
  });

  it('its seek curve averages the datasheet 3.5 ms over all track pairs', () => {
    const { seek } = CHEETAH_15K5.mechanics;
    expect(pairAverageSeekNs(seek, CHEETAH_15K5.geometry.cylinders) / 1e6).toBeCloseTo(3.5, 6);
    expect(seekSpecNs(seek, 1, CHEETAH_15K5.geometry.cylinders)).toBe(200_000);
  });

  it('is deterministic: the same seed gives the same service times, to the nanosecond', () => {
    const ios = (seed: number): Io[] => randomReads(CHEETAH_15K5, 2_000, seed).map((io, i) => ({ ...io, write: i % 3 === 0 }));
    const first = closedLoop(CHEETAH_15K5, ios(3), 1);
    expect(closedLoop(CHEETAH_15K5, ios(3), 1)).toEqual(first);
    // The drive draws no random numbers of its own: its service times depend on the requests alone.
    expect(closedLoop(CHEETAH_15K5, ios(3), 2)).toEqual(first);
    expect(closedLoop(CHEETAH_15K5, ios(4), 1)).not.toEqual(first);
  });

  it('waits for the platter: latency follows the angle at the instant the head arrives', () => {
    const p: HddParams = { ...CHEETAH_15K5, cache: { ...CHEETAH_15K5.cache, enabled: false, readAhead: 'none', maxReadAheadSectors: 0 } };
    const periodNs = 60e9 / p.mechanics.rpm;
    const sectorNs = periodNs / p.geometry.zones[0]!.sectorsPerTrack;
    // Sector 0 starts at angle 0 and the head starts over it: after the 0.2 ms command overhead it has just passed.
    const [first] = closedLoop(p, [{ sector: 0, sectors: 8, write: false, thinkNs: 0 }]);
    const overhead = p.controller.readMissAfterReadNs;
    expect(first).toBe(Math.round(overhead + (periodNs - overhead) + 8 * sectorNs + p.controller.busSectorNs));
    // Issued so that the overhead ends just as sector 0 comes round again: no wait at all.
    const [second] = closedLoop(p, [{ sector: 0, sectors: 8, write: false, thinkNs: Math.round(periodNs - overhead) }]);
    expect(Math.abs(second! - (overhead + 8 * sectorNs + p.controller.busSectorNs))).toBeLessThan(2);
  });

  it('serves a repeated read from its buffer, and a sequential one from the read-ahead', () => {
    const p = CHEETAH_15K5;
    const io = (sector: number, thinkNs = 5e6): Io => ({ sector, sectors: 8, write: false, thinkNs });
    const [miss, again, next] = closedLoop(p, [io(1_000_000, 0), io(1_000_000), io(1_000_008)]);
    const hitNs = p.controller.readHitAfterReadNs + 8 * p.controller.busSectorNs;
    expect(miss).toBeGreaterThan(1e6);
    expect(again).toBe(Math.round(hitNs));
    expect(next).toBe(Math.round(hitNs));
  });

  it('writes through to the media when write-behind is off', () => {
    const [write] = closedLoop(CHEETAH_15K5, [{ sector: 5_000_000, sectors: 8, write: true, thinkNs: 0 }]);
    expect(write).toBeGreaterThan(CHEETAH_15K5.mechanics.writeSettleNs);
  });

  it('counts outstanding requests and busy time, and serves a queue by its policy', () => {
    const sim = new Simulator({ seed: 1 });
    const drive = new Hdd(sim, CHEETAH_15K5, 'd0');
    const order: number[] = [];
    for (const sector of [0, 400_000_000, 1_000]) {
      drive.submit({ sector, sectors: 8, write: false, done: () => order.push(sector) });
    }
    expect(drive.outstanding).toBe(3);
    sim.run();
    expect(drive.outstanding).toBe(0);
    expect(order).toEqual([0, 1_000, 400_000_000]);
    expect(drive.busyNs()).toBe(sim.now);
    expect(() => drive.submit({ sector: drive.capacitySectors - 4, sectors: 8, write: false, done: () => {} })).toThrow(/outside/);
  });

  it('shortens the mean response under load with a seek-aware policy', () => {
    const run = (policy: QueuePolicy): number => {
      const sim = new Simulator({ seed: 5 });
      const drive = new Hdd(sim, { ...CHEETAH_15K5, queuePolicy: policy });
      const rng = sim.rng.stream('load');
      const kind = sim.kind('arrive');
      const responses: number[] = [];
      let left = 5_000;
      const arrive = (): void => {
        const start = sim.now;
        drive.submit({ sector: rng.int(drive.capacitySectors - 8), sectors: 8, write: false, done: () => responses.push(sim.now - start) });
        if (--left > 0) sim.after(rng.exponential(6.5e6), kind, arrive);
      };
      sim.at(0, kind, arrive);
      sim.run();
      return mean(responses);
    };
    expect(run('sstf')).toBeLessThan(0.8 * run('fifo'));
    expect(run('look')).toBeLessThan(run('fifo'));
  });
});

/**
 * Sequential 64 KiB requests from sector 0, `depth` of them outstanding; with
 * one, each next is issued `gapNs` after the previous completes. Returns the
 * throughput in bytes per second.
 */
function sequentialBytesPerSecond(params: HddParams, stream: { write: boolean; depth: number; gapNs: number }): number {
  const count = 2_000;
  const sim = new Simulator({ seed: 1 });
  const drive = new Hdd(sim, params);
  const kind = sim.kind('test.next');
  let issued = 0;
  const issue = (): void => {
    if (issued === count) return;
    const done = (): void => (stream.gapNs > 0 ? sim.after(stream.gapNs, kind, issue) : issue());
    drive.submit({ sector: 128 * issued++, sectors: 128, write: stream.write, done });
  };
  for (let i = 0; i < stream.depth; i++) issue();
  sim.run();
  return (count * 128 * 512) / (sim.now / 1e9);
}

/**
 * What the media of the first zone delivers read track after track: each
 * track's sectors in a revolution, then the skew the head waits for after a
 * track (or cylinder) switch. The skew is the layout's: the default drive's
 * covers a head switch plus write settling, 15% of a revolution.
 */
function zoneMediaBytesPerSecond(params: HddParams): number {
  const zone = params.geometry.zones[0]!;
  const surfaces = params.geometry.surfaces;
  const periodNs = 60e9 / params.mechanics.rpm;
  const skewSectors = (surfaces - 1) * zone.trackSkewSectors + zone.cylinderSkewSectors;
  const cylinderNs = surfaces * periodNs + (skewSectors * periodNs) / zone.sectorsPerTrack;
  return (surfaces * zone.sectorsPerTrack * 512) / (cylinderNs / 1e9);
}

describe('Hdd (default drive): sequential streams', () => {
  const mediaBytesPerSecond = zoneMediaBytesPerSecond(CHEETAH_15K5);

  it('streams back-to-back sequential 64 KiB reads at ≥ 85% of the zone’s media rate: one outstanding with no gap, two, four', () => {
    // An almost hit takes the read-ahead over: the next command's sectors follow the last one's under the head.
    // All four reach 99.7% of the zone's rate (106.0 of 106.3 MB/s; the raw 124.9 MB/s leaves out the skews).
    for (const depth of [1, 2, 4]) {
      expect(sequentialBytesPerSecond(CHEETAH_15K5, { write: false, depth, gapNs: 0 }) / mediaBytesPerSecond, `depth ${depth}`).toBeGreaterThan(0.85);
    }
    expect(sequentialBytesPerSecond(CHEETAH_15K5, { write: false, depth: 1, gapNs: 50_000 }) / mediaBytesPerSecond).toBeGreaterThan(0.85);
  });

  it('without almost read hits (as in both DiskSim validation files) each back-to-back sequential read loses a revolution', () => {
    const p: HddParams = { ...CHEETAH_15K5, cache: { ...CHEETAH_15K5.cache, almostReadHits: false } };
    const periodNs = 60e9 / p.mechanics.rpm;
    const lostRevolution = (128 * 512) / ((periodNs + (128 * periodNs) / p.geometry.zones[0]!.sectorsPerTrack) / 1e9);
    for (const depth of [1, 4]) {
      const rate = sequentialBytesPerSecond(p, { write: false, depth, gapNs: 0 });
      expect(rate / lostRevolution, `depth ${depth}`).toBeGreaterThan(0.9);
      expect(rate / lostRevolution, `depth ${depth}`).toBeLessThan(1.05);
    }
  });

  it('with the write cache off, each back-to-back sequential write loses a revolution, however many are queued', () => {
    // DiskSim loses it too. Without write prebuffering a queued write's data crosses the bus only once the write
    // has the arm, by which time its first sector (the one after the previous write's last) has passed under the
    // head; and at preseeking level 0 the arm waits for the previous write's completion, so even a write that
    // starts a track misses it: the skew (head switch plus settling, rounded up to a sector) leaves no slack.
    const periodNs = 60e9 / CHEETAH_15K5.mechanics.rpm;
    const lostRevolution = (128 * 512) / ((periodNs + (128 * periodNs) / CHEETAH_15K5.geometry.zones[0]!.sectorsPerTrack) / 1e9);
    for (const depth of [1, 2, 4]) {
      const rate = sequentialBytesPerSecond(CHEETAH_15K5, { write: true, depth, gapNs: 0 });
      expect(rate / lostRevolution, `depth ${depth}`).toBeGreaterThan(0.9);
      expect(rate / lostRevolution, `depth ${depth}`).toBeLessThan(1.05);
    }
  });
});

describe('Hdd (DiskSim drives)', () => {
  const atlas = loadDiskSimHddParams(DATA + 'atlas10k');

  it('acknowledges a write once its data is in the buffer (write-behind), and a read waits for the flush', () => {
    const c = atlas.controller;
    const [write, read] = closedLoop(atlas, [
      { sector: 3_000_000, sectors: 8, write: true, thinkNs: 0 },
      { sector: 9_000_000, sectors: 8, write: false, thinkNs: 0 },
    ]);
    // DiskSim's drive starts as if its last command had been a read (disk_initialize sets lastflags = READ).
    expect(write).toBe(Math.round(c.writeHitAfterReadNs + 8 * c.busSectorNs));
    // The flush (a seek, settling, a rotational wait) is still going on when the read arrives.
    expect(read).toBeGreaterThan(atlas.mechanics.writeSettleNs + 8 * c.busSectorNs + 1e6);
  });

  it('hits on data it has just written', () => {
    const [, read] = closedLoop(atlas, [
      { sector: 3_000_000, sectors: 8, write: true, thinkNs: 0 },
      { sector: 3_000_000, sectors: 8, write: false, thinkNs: 50e6 },
    ]);
    expect(read).toBe(Math.round(atlas.controller.readHitAfterWriteNs + 8 * atlas.controller.busSectorNs));
  });
});

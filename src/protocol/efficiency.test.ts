import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { NS_PER_S } from '../engine/time.js';
import { trackWrites, tracksOf, sorted } from './testing/physical.js';
import { queuedArray } from './testing/queued-array.js';
import { snapshotTaken, start } from './testing/reach.js';
import { world, worldOn, type World } from './testing/world.js';

const TRACK_BYTES = 16 * 4096;
const RESTORE_SOURCES = ['copy', 'copy-on-read', 'merge', 'copy-before-write'] as const;

/** Writes after the split, on both sides; returns the tracks they touch (what an incremental copy must bring). */
function changeBothSides(w: World): number[] {
  const std = [
    { startBlock: 5, blockCount: 2 },
    { startBlock: 200, blockCount: 40 },
    { startBlock: 640, blockCount: 16 },
    { startBlock: 1000, blockCount: 3 },
  ];
  const bcv = [
    { startBlock: 300, blockCount: 1 },
    { startBlock: 205, blockCount: 2 },
  ];
  for (const s of std) w.write('std', s.startBlock, s.blockCount);
  for (const s of bcv) w.write('bcv', s.startBlock, s.blockCount);
  w.run();
  return tracksOf([...std, ...bcv], 16);
}

/**
 * Host reads and writes during the restore: early on, a read of track 62, a
 * partial write to track 18 and a whole-track write to track 40 (all changed
 * since the split, none restored yet); then random I/O anywhere.
 */
function hostLoadDuring(w: World): void {
  const rng = new Rng('efficiency-load');
  for (let i = 0; i < 40 && w.state() === 'RestInProg'; i++) {
    const count = 1 + rng.int(6);
    const block = rng.int(1024 - count);
    if (i === 1) w.read('std', 1001, 3);
    else if (i === 2) w.write('std', 290, 2);
    else if (i === 3) w.write('std', 640, 16);
    else if (rng.chance(0.5)) w.read('std', block, count);
    else w.write('std', block, count);
    w.runFor(2_000_000);
  }
}

function restoreCopies(w: World) {
  const phase = w.pair().phase!;
  return trackWrites(w.history, { volume: 'std', sources: RESTORE_SOURCES, fromNs: phase.startNs, toNs: phase.endNs! });
}

describe('efficiency', () => {
  it('an incremental restore copies exactly the tracks the change bitsets name, each once', () => {
    const w = world({ blocks: 1024, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 8, concurrency: 2 } }] });
    snapshotTaken(w);
    const changed = changeBothSides(w);
    expect(sorted(new Set([...w.pair().stdChanged, ...w.pair().bcvChanged]))).toEqual(changed);
    start(w, w.restore('p1', { incremental: true }), 'RestInProg');
    hostLoadDuring(w);
    w.run();
    const copies = restoreCopies(w);
    const overwritten = w.pair().phase!.counters.overwritten;
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect(sorted(copies.keys()).every((track) => changed.includes(track))).toBe(true);
    expect(copies.size + overwritten).toBe(changed.length);
    const { tracksInScope, counters } = w.pair().phase!;
    expect(tracksInScope).toBe(changed.length);
    expect(overwritten).toBe(1);
    expect(counters.copyOnRead).toBeGreaterThanOrEqual(1);
    expect(counters.merged).toBeGreaterThanOrEqual(1);
  });

  it('a full restore copies every track exactly once, except those a host write made unnecessary', () => {
    const w = world({ blocks: 1024, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 8, concurrency: 2 } }] });
    snapshotTaken(w);
    changeBothSides(w);
    start(w, w.restore('p1'), 'RestInProg');
    hostLoadDuring(w);
    w.run();
    const copies = restoreCopies(w);
    const counters = w.pair().phase!.counters;
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect(counters.overwritten).toBe(1); // track 40, written whole before the copy reached it
    expect(copies.has(40)).toBe(false);
    expect(copies.size).toBe(63);
    expect(counters.copyOnRead + counters.merged).toBeGreaterThan(0);
  });

  it('the copy rate limit holds: a full establish of N tracks takes N × track bytes / rate', () => {
    const rateMBps = 32;
    const w = world({ blocks: 1024, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps } }] });
    w.command(w.establish());
    w.run();
    const phase = w.pair().phase!;
    const durationNs = phase.endNs! - phase.startNs;
    const perTrackNs = (TRACK_BYTES * NS_PER_S) / (rateMBps * 1e6);
    // Track k starts no earlier than k × perTrack; the last one then takes at most a cache miss and a write to finish.
    expect(durationNs).toBeGreaterThanOrEqual(63 * perTrackNs);
    expect(durationNs).toBeLessThanOrEqual(64 * perTrackNs);
    // Without the limit, the same copy is an order of magnitude faster.
    const fast = world({ blocks: 1024 });
    fast.command(fast.establish());
    fast.run();
    const unlimited = fast.pair().phase!;
    expect(unlimited.endNs! - unlimited.startNs).toBeLessThan(durationNs / 10);
  });

  it("copy priority 'low' lets host reads through ahead of copy work: lower host read latency than 'equal'", () => {
    const meanReadLatency = (priority: 'low' | 'equal') => {
      // FIFO drives, 0.5 ms a request: with equal priority a host read waits behind the copy's queued work.
      const w = worldOn(queuedArray({ volumes: ['std', 'bcv'], blocks: 4096, serviceNs: 500_000 }), {
        pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { priority, concurrency: 8 } }],
      });
      start(w, w.establish(), 'SyncInProg');
      const rng = new Rng('priority-reads');
      const reads = [];
      while (w.state() === 'SyncInProg') {
        reads.push(w.read('std', rng.int(4096), 1));
        w.runFor(2_000_000);
      }
      w.run();
      expect(reads.length).toBeGreaterThan(30);
      return reads.reduce((sum, r) => sum + r.completeNs - r.issueNs, 0) / reads.length;
    };
    const low = meanReadLatency('low');
    const equal = meanReadLatency('equal');
    expect(low).toBeLessThan(equal * 0.75);
  });
});

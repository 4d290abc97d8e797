import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { synchronize } from './testing/reach.js';
import { world } from './testing/world.js';

const MS = 1_000_000;
const TRACK = 16;

/** A standard with three BCVs, none established. */
const threeBcvs = (options: Parameters<typeof world>[0] = {}) =>
  world({
    blocks: 256,
    volumes: ['std', 'b1', 'b2', 'b3'],
    pairs: [
      { name: 'p1', std: 'std', bcv: 'b1' },
      { name: 'p2', std: 'std', bcv: 'b2' },
      { name: 'p3', std: 'std', bcv: 'b3' },
    ],
    ...options,
  });

describe('write-pending room for writes to a standard', () => {
  it('is reserved for the BCVs that receive the write, not for idle ones: no early throttling', () => {
    // Two writes of two tracks: 4 slots between them, within the limit of 8. Reserving for the three
    // idle BCVs as well (2 × 4 slots each) held the second back until the first had landed.
    const w = threeBcvs({ slots: 32, writePendingSlots: 8 });
    const writes = [w.write('std', 0, 2 * TRACK), w.write('std', 4 * TRACK, 2 * TRACK)];
    w.run();
    expect(writes.map((write) => write.error)).toEqual([null, null]);
    expect(w.array.cache.throttledWrites).toBe(0);
  });

  it('is reserved for every mirroring BCV: a write to a standard with two established BCVs reaches both', () => {
    // 3 tracks on STD and on two BCVs: 9 slots (the cache asserts that no write makes more dirty than it reserved).
    const w = threeBcvs({ slots: 32, writePendingSlots: 12 });
    synchronize(w, 'p1');
    synchronize(w, 'p2');
    const write = w.write('std', 3, 2 * TRACK);
    w.run();
    expect(write.error).toBeNull();
    for (const volume of ['std', 'b1', 'b2']) expect(w.content(volume)[3 + 2 * TRACK - 1]).toBe(write.stamp);
    expect(w.content('b3')[3]).toBe(0);
  });

  it('grows when an establish takes effect while the write waits for room: the write still reaches the new mirror', () => {
    // The cache is full of another volume's writes (slow drives: destaging takes 10 ms); a write to STD
    // is admitted for STD alone, and the BCV starts mirroring before it lands.
    const w = world({ blocks: 256, volumes: ['std', 'bcv', 'other'], slots: 16, writePendingSlots: 4, driveLatencyNs: 10 * MS });
    w.write('other', 0, 4 * TRACK);
    const write = w.write('std', 40, 2);
    w.command(w.establish());
    w.runUntil(() => w.state() === 'SyncInProg');
    expect(write.error).toBeUndefined(); // still waiting for room
    w.run();
    expect(write.error).toBeNull();
    expect(w.state()).toBe('Synchronized');
    expect(w.content('bcv').slice(40, 42)).toEqual([write.stamp, write.stamp]);
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });
});

describe('a write larger than the write-pending limit', () => {
  it('lands in track-aligned pieces that each fit, and completes once, when all have', () => {
    // One BCV mirroring: a piece may cover 6 / (1 + 1) = 3 tracks. The write covers 9 tracks, from mid-track.
    const w = world({ blocks: 256, slots: 16, writePendingSlots: 6 });
    synchronize(w);
    let answers = 0;
    const write = w.write('std', 8, 8 * TRACK, () => answers++);
    w.run();
    expect([write.error, answers]).toEqual([null, 1]);
    for (const volume of ['std', 'bcv']) expect(w.content(volume).slice(8, 8 + 8 * TRACK).every((stamp) => stamp === write.stamp)).toBe(true);
    expect([...w.history.ops()].filter((op) => op.write && op.blockCount === 8 * TRACK)).toHaveLength(1);
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('answers with the first error of its pieces: a BCV hidden by an establish between pieces refuses the rest', () => {
    // A BCV write of 8 tracks, in pieces of 2 (the limit); the first piece fills the write-pending
    // room, the second waits for a destage (10 ms), and the establish takes effect before.
    const w = world({ blocks: 256, slots: 16, writePendingSlots: 2, driveLatencyNs: 10 * MS });
    const write = w.write('bcv', 0, 8 * TRACK);
    w.command(w.establish());
    w.runUntil(() => w.state() === 'SyncInProg');
    const landed = w.content('bcv');
    w.run();
    expect(write.error).toBe('not-ready');
    expect(landed.slice(0, 2 * TRACK).every((stamp) => stamp === write.stamp)).toBe(true);
    expect(landed.slice(2 * TRACK, 8 * TRACK).every((stamp) => stamp === 0)).toBe(true);
  });

  it.each(['director failure', 'power loss'] as const)('on a %s, fails at once and the pieces not yet landed never land', (fault) => {
    const w = world({ blocks: 256, slots: 16, writePendingSlots: 2, driveLatencyNs: 10 * MS, faults: { spares: 0 } });
    const write = w.write('std', 0, 8 * TRACK);
    w.runFor(5 * MS); // pieces of one track (2 / (1 + 1 BCV)): two have landed, the third waits for room
    if (fault === 'director failure') w.array.faults!.failDirector(0);
    else w.array.faults!.powerLoss(1 * MS);
    const failedNs = w.sim.now;
    w.run();
    expect(write.error).toBe(fault === 'director failure' ? 'director-failed' : 'array-offline');
    expect(write.completeNs).toBe(failedNs);
    const std = w.content('std');
    expect(std.slice(0, 2 * TRACK).every((stamp) => stamp === write.stamp)).toBe(true);
    expect(std.slice(2 * TRACK, 8 * TRACK).every((stamp) => stamp === 0)).toBe(true);
  });
});

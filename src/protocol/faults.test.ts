import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { world } from './testing/world.js';

const faultsOf = (w: ReturnType<typeof world>) => w.array.faults!;

/** A pair established, split, STD updated on every track: a restore has every track to bring back. */
function readyToRestore(options: Parameters<typeof world>[0]) {
  const w = world({ blocks: 256, ...options });
  w.command(w.establish());
  w.run();
  w.command(w.split());
  w.run();
  const snapshot = w.content('bcv');
  for (let b = 0; b < 256; b += 16) w.write('std', b, 16);
  w.run();
  return { w, snapshot };
}

describe('faults during the protocol', () => {
  it('RAID-1: a failed drive is rebuilt onto the spare; reads keep returning the right data, writes are kept', () => {
    const { w, snapshot } = readyToRestore({ drives: 4, raid1: true, faults: { spares: 1 }, slots: 32, writePendingSlots: 16 });
    faultsOf(w).failDrive('d1');
    w.command(w.restore('p1', { protected: true }));
    const reads = Array.from({ length: 16 }, (_, i) => w.read('std', i * 16, 16));
    w.run();
    expect(w.state()).toBe('Restored');
    expect(reads.every((r) => r.error === null)).toBe(true);
    expect(w.content('std')).toEqual(snapshot);
    expect(faultsOf(w).rebuilds[0]?.doneNs).not.toBeNull();
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('unprotected: reads the failed drive held fail with an error, never with wrong data', () => {
    const { w } = readyToRestore({ drives: 2, faults: { spares: 0 }, slots: 8, writePendingSlots: 4 });
    faultsOf(w).failDrive('d0');
    const reads = Array.from({ length: 16 }, (_, i) => w.read('bcv', i * 16, 16));
    w.runFor(500_000_000);
    expect(reads.some((r) => r.error === 'drive-failed')).toBe(true);
    expect(checkHistory(w.history, { only: ['snapshot-consistency', 'no-lost-writes'] }).verdicts).toEqual([]);
  });

  it('a latent media error is served from the mirror and repaired; without a mirror it is an error', () => {
    const mirrored = world({ blocks: 256, drives: 4, raid1: true, faults: { spares: 0 }, slots: 4, writePendingSlots: 2 });
    const written = mirrored.write('std', 5, 1);
    mirrored.run();
    faultsOf(mirrored).mediaErrorAt('std', 5, 0);
    const plain = world({ blocks: 256, drives: 2, faults: { spares: 0 }, slots: 4, writePendingSlots: 2 });
    plain.write('std', 5, 1);
    plain.run();
    faultsOf(plain).mediaErrorAt('std', 5);
    // Evict the block from both caches, then read it.
    for (const w of [mirrored, plain]) for (let b = 16; b < 256; b += 16) w.read('std', b, 16);
    mirrored.run();
    plain.run();
    const fromMirror = mirrored.read('std', 5, 1);
    mirrored.run();
    expect(fromMirror.error).toBeNull();
    expect(fromMirror.data[0]).toBe(written.stamp);
    expect(mirrored.array.backEnd.repairs).toBe(1);
    const bad = plain.read('std', 5, 1);
    plain.run();
    expect(bad.error).toBe('media-error');
    const rewrite = plain.write('std', 5, 1);
    plain.run();
    const after = plain.read('std', 5, 1);
    plain.run();
    expect(after.error).toBeNull();
    expect(after.data[0]).toBe(rewrite.stamp);
  });

  it('bad sectors under different blocks of a track on the two mirrors: the track is still read whole, block by block', () => {
    const w = world({ blocks: 256, drives: 4, raid1: true, faults: { spares: 0 }, slots: 4, writePendingSlots: 2 });
    const written = w.write('std', 0, 16);
    w.run();
    faultsOf(w).mediaErrorAt('std', 3, 0);
    faultsOf(w).mediaErrorAt('std', 9, 1);
    for (let b = 16; b < 256; b += 16) w.read('std', b, 16); // evict track 0 from the cache
    w.run();
    const read = w.read('std', 0, 16);
    w.run();
    expect(read.error).toBeNull();
    expect([...read.data]).toEqual(Array(16).fill(written.stamp));
  });

  it('a director failure fails the I/O on it, stops the copy task it runs; after the restart the restore resumes and completes', () => {
    const { w, snapshot } = readyToRestore({ faults: { spares: 0 }, protocol: { copy: { rateMBps: 5, concurrency: 1, priority: 'low', order: 'track' } } });
    w.command(w.restore('p1', { protected: true }));
    w.runFor(3_000_000);
    expect(w.state()).toBe('RestInProg');
    const inFlight = w.read('std', 200, 8);
    faultsOf(w).failDirector(0);
    const refused = w.read('std', 0, 1);
    const restored = w.protocol.query('p1').restoredTracks;
    w.runFor(100_000_000);
    expect(inFlight.error).toBe('director-failed');
    expect(refused.error).toBe('director-failed');
    expect(w.state()).toBe('RestInProg');
    expect(w.protocol.query('p1').restoredTracks).toBe(restored);
    faultsOf(w).restartDirector(0);
    w.run();
    expect(w.state()).toBe('Restored');
    expect(w.content('std')).toEqual(snapshot);
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('power loss: I/O in flight fails, acknowledged writes survive in the vault, the restore resumes where it stopped', () => {
    const { w, snapshot } = readyToRestore({ faults: { spares: 0 }, protocol: { copy: { rateMBps: 5, concurrency: 1, priority: 'low', order: 'track' } } });
    w.command(w.restore('p1', { protected: true }));
    w.runFor(3_000_000);
    const acknowledged = w.write('std', 3, 1);
    w.runFor(1_000_000);
    expect(acknowledged.error).toBeNull();
    const inFlight = w.read('std', 100, 8);
    faultsOf(w).powerLoss(50_000_000, true);
    const refused = w.write('std', 7, 1);
    w.run();
    expect(inFlight.error).toBe('array-offline');
    expect(refused.error).toBe('array-offline');
    expect(w.state()).toBe('Restored');
    const expected = [...snapshot];
    expected[3] = acknowledged.stamp;
    expect(w.content('std')).toEqual(expected);
    expect(checkHistory(w.history).verdicts).toEqual([]);
  });

  it('power loss without a vault loses acknowledged writes, and the checker says so (the vault is what keeps them)', () => {
    const w = world({ blocks: 256, slots: 32, writePendingSlots: 16, driveLatencyNs: 50_000_000 });
    // More dirty tracks than destages in flight: some are only in cache when power fails.
    const writes = Array.from({ length: 8 }, (_, i) => w.write('std', i * 16, 1));
    w.runFor(1_000_000);
    expect(writes.every((write) => write.error === null)).toBe(true);
    w.array.cache.powerLost(false);
    w.array.cache.powerRestored();
    const reads = writes.map((_, i) => w.read('std', i * 16, 1));
    w.run();
    expect(reads.filter((read) => read.data[0] === 0).length).toBeGreaterThan(0);
    expect(checkHistory(w.history, { only: ['no-lost-writes'] }).verdicts.length).toBeGreaterThan(0);
  });
});

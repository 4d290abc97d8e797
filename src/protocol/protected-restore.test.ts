import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { overlay, snapshotTaken, start } from './testing/reach.js';
import { world, type IoResult, type World } from './testing/world.js';

/** 32 tracks, restored at 8 MB/s (8 ms a track): the restore runs long enough to write during it. */
function slowRestoreWorld(): World {
  return world({ blocks: 512, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 8, concurrency: 2 } }] });
}

/** Writes STD after the split: partial tracks, a whole track, a span of two tracks. */
function updateStd(w: World): void {
  w.write('std', 3, 2);
  w.write('std', 64, 16);
  w.write('std', 250, 20);
  w.write('std', 500, 1);
  w.run();
}

/** Writes issued one after another during the restore, to restored and unrestored tracks alike. */
function writeDuring(w: World): { stamp: number; startBlock: number; blockCount: number }[] {
  const spans = [
    { startBlock: 5, blockCount: 1 },
    { startBlock: 400, blockCount: 3 }, // far ahead of the copy: unrestored, partial (merged)
    { startBlock: 320, blockCount: 16 }, // a whole unrestored track (overwritten)
    { startBlock: 250, blockCount: 4 },
    { startBlock: 90, blockCount: 30 },
  ];
  return spans.map((span) => {
    const write: IoResult = w.write('std', span.startBlock, span.blockCount);
    w.runFor(3_000_000);
    return { stamp: write.stamp, ...span };
  });
}

describe('protected restore', () => {
  it.each([
    ['full', false],
    ['incremental', true],
  ])('%s: the BCV is untouched and STD ends as the snapshot plus the writes since the restore began', (_, incremental) => {
    const w = slowRestoreWorld();
    const snapshot = snapshotTaken(w);
    updateStd(w);
    const startNs = w.sim.now + w.protocol.config.commandNs;
    start(w, w.restore('p1', { incremental, protected: true }), 'RestInProg');
    const bcvRead = w.read('bcv', 0, 16);
    const during = writeDuring(w);
    expect(w.state()).toBe('RestInProg');
    w.run();
    expect(bcvRead.error).toBeNull();
    expect(w.pair().state).toEqual({ name: 'Restored', protected: true });
    expect(w.content('bcv')).toEqual(snapshot);
    expect([...w.history.physicalWrites()].filter((p) => p.volume === 'bcv' && p.layer === 'cache' && p.timeNs >= startNs)).toEqual([]);
    expect(w.content('std')).toEqual(overlay(snapshot, during));
    expect(w.pair().phase).toMatchObject({ kind: 'restore', protected: true, incremental, tracksInScope: incremental ? 5 : 32 });
    // Every track in scope was brought in exactly one way.
    const counters = w.pair().phase!.counters;
    expect(Object.values(counters).reduce((a, b) => a + b, 0)).toBe(incremental ? 5 : 32);
    expect(counters.merged + counters.overwritten).toBeGreaterThan(0);
  });

  it('the snapshot survives two restores: restore, update, restore again', () => {
    const w = slowRestoreWorld();
    const snapshot = snapshotTaken(w);
    updateStd(w);
    w.command(w.restore('p1', { protected: true }));
    w.run();
    expect(w.content('std')).toEqual(snapshot);
    updateStd(w);
    expect(w.protocol.query('p1').invalidTracks).toEqual({ std: 5, bcv: 0 });
    w.command(w.restore('p1', { incremental: true, protected: true }));
    w.run();
    expect(w.pair().phase?.tracksInScope).toBe(5);
    expect(w.content('std')).toEqual(snapshot);
    expect(w.content('bcv')).toEqual(snapshot);
    expect(w.pair().state).toEqual({ name: 'Restored', protected: true });
  });

  it('from Restored, an incremental establish copies the tracks written since the restore began and synchronizes the pair', () => {
    const w = slowRestoreWorld();
    const snapshot = snapshotTaken(w);
    updateStd(w);
    w.command(w.restore('p1', { protected: true }));
    w.run();
    const late = w.write('std', 130, 2);
    w.run();
    w.command(w.establish('p1', true));
    w.run();
    expect(w.state()).toBe('Synchronized');
    expect(w.pair().phase?.tracksInScope).toBe(1);
    expect(w.content('bcv')).toEqual(w.content('std'));
    expect(w.content('std')).toEqual(overlay(snapshot, [{ stamp: late.stamp, startBlock: 130, blockCount: 2 }]));
  });

  it('from Restored, a split leaves the BCV split with the changes since the restore still recorded', () => {
    const w = slowRestoreWorld();
    const snapshot = snapshotTaken(w);
    updateStd(w);
    w.command(w.restore('p1', { protected: true }));
    w.run();
    w.write('std', 130, 2);
    w.run();
    const transitions = w.history.stateChanges.length;
    const split = w.command(w.split());
    w.run();
    expect(split.result).toEqual({ ok: true, pairs: ['p1'] });
    expect(w.state()).toBe('Split');
    expect(w.history.stateChanges.length).toBe(transitions + 1);
    expect([...w.pair().stdChanged]).toEqual([8]);
    w.command(w.restore('p1', { incremental: true }));
    w.run();
    expect(w.content('std')).toEqual(snapshot);
  });

  it('under a stream of random writes and reads with four tracks copied at once, STD ends as the snapshot plus the writes', () => {
    const w = world({ blocks: 512, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 32, concurrency: 4 } }] });
    const snapshot = snapshotTaken(w);
    updateStd(w);
    start(w, w.restore('p1', { protected: true }), 'RestInProg');
    const rng = new Rng('restore-under-load');
    const writes: { stamp: number; startBlock: number; blockCount: number }[] = [];
    let busy = false;
    // One write at a time (so stamp order is the order they land), reads alongside.
    while (w.state() === 'RestInProg') {
      const blockCount = 1 + rng.int(24);
      const startBlock = rng.int(512 - blockCount);
      if (!busy) {
        busy = true;
        const write = w.write('std', startBlock, blockCount, () => (busy = false));
        writes.push({ stamp: write.stamp, startBlock, blockCount });
      }
      w.read('std', rng.int(500), 1 + rng.int(12));
      w.runFor(100_000 + rng.int(200_000));
    }
    w.run();
    expect(writes.length).toBeGreaterThan(20);
    expect(w.content('bcv')).toEqual(snapshot);
    expect(w.content('std')).toEqual(overlay(snapshot, writes));
  });
});

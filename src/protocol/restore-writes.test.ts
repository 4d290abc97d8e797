import { describe, expect, it } from 'vitest';
import { trackWrites } from './testing/physical.js';
import { overlay, snapshotTaken, start } from './testing/reach.js';
import { copyBeforeWriteWorld, LATE_BLOCK, LATE_TRACK, restoring } from './testing/restoring.js';
import { world } from './testing/world.js';

const lateTrackOf = (content: readonly number[]) => content.slice(LATE_BLOCK, LATE_BLOCK + 16);

describe('host writes to STD during a restore', () => {
  it('a partial write to an unrestored track is merged: the rest of the track comes from the BCV, and the restore never overwrites it', () => {
    const { w, snapshot } = restoring();
    const write = w.write('std', LATE_BLOCK + 3, 2);
    w.runFor(5_000_000);
    expect(write.error).toBeNull();
    expect(w.pair().toCopy.has(LATE_TRACK)).toBe(false);
    expect(w.pair().phase?.counters.merged).toBe(1);
    const expected = overlay(snapshot, [{ stamp: write.stamp, startBlock: LATE_BLOCK + 3, blockCount: 2 }]);
    expect(lateTrackOf(w.content('std'))).toEqual(lateTrackOf(expected));
    const merges = [...w.history.physicalWrites()].filter((p) => p.volume === 'std' && p.source === 'merge');
    expect(merges.map((p) => [p.startBlock, p.blockCount])).toEqual([[LATE_BLOCK, 16]]);
    w.run();
    expect(trackWrites(w.history, { volume: 'std', sources: ['copy'] }).has(LATE_TRACK)).toBe(false);
    expect(w.content('std')).toEqual(expected);
  });

  it('a write of a whole unrestored track needs no copy: counted as overwritten', () => {
    const { w, snapshot } = restoring();
    const write = w.write('std', LATE_BLOCK, 16);
    w.run();
    expect(w.pair().phase?.counters.overwritten).toBe(1);
    expect(trackWrites(w.history, { volume: 'std', sources: ['copy', 'copy-on-read', 'merge'] }).has(LATE_TRACK)).toBe(false);
    expect(w.content('std')).toEqual(overlay(snapshot, [{ stamp: write.stamp, startBlock: LATE_BLOCK, blockCount: 16 }]));
  });

  it('a partial write waiting for cache room when the restore begins is merged when it lands, not overwritten by the restore', () => {
    const w = world({ blocks: 256, volumes: ['std', 'bcv', 'other'], writePendingSlots: 4, driveLatencyNs: 10_000_000 });
    const snapshot = snapshotTaken(w);
    for (let t = 0; t < 4; t++) w.write('other', t * 16, 1);
    w.runFor(100_000);
    const late = w.write('std', 2, 1);
    w.command(w.restore('p1', { protected: true }));
    w.runFor(1_000_000);
    expect(w.state()).toBe('RestInProg');
    expect(late.completeNs).toBe(-1);
    w.run();
    expect(w.state()).toBe('Restored');
    expect(w.content('std')).toEqual(overlay(snapshot, [{ stamp: late.stamp, startBlock: 2, blockCount: 1 }]));
  });
});

describe('host writes to the BCV during a protected restore', () => {
  it('are refused with write-protected by default, and change nothing', () => {
    const { w, snapshot } = restoring();
    const write = w.write('bcv', LATE_BLOCK + 1, 2);
    w.run();
    expect(write.error).toBe('write-protected');
    expect(w.content('bcv')).toEqual(snapshot);
    expect(w.content('std')).toEqual(snapshot);
  });

  it('with copy-before-write: the track is first restored into STD from the BCV as it was, then the write goes to the BCV alone', () => {
    const { w, snapshot } = restoring({ protocol: { bcvWriteDuringRestore: 'copy-before-write' } });
    const write = w.write('bcv', LATE_BLOCK + 1, 2);
    w.runFor(5_000_000);
    expect(write.error).toBeNull();
    expect(w.pair().toCopy.has(LATE_TRACK)).toBe(false);
    expect(w.pair().phase?.counters.copyBeforeWrite).toBe(1);
    expect(lateTrackOf(w.content('std'))).toEqual(lateTrackOf(snapshot));
    const physical = [...w.history.physicalWrites()].filter((p) => p.layer === 'cache' && ['copy-before-write', 'host'].includes(p.source));
    const cbw = physical.findIndex((p) => p.volume === 'std' && p.source === 'copy-before-write');
    const host = physical.findIndex((p) => p.volume === 'bcv' && p.source === 'host' && p.startBlock === LATE_BLOCK + 1);
    expect(cbw).toBeGreaterThanOrEqual(0);
    expect(cbw).toBeLessThan(host);
    w.run();
    expect(w.content('std')).toEqual(snapshot);
    expect(w.content('bcv')).toEqual(overlay(snapshot, [{ stamp: write.stamp, startBlock: LATE_BLOCK + 1, blockCount: 2 }]));
    expect([...w.pair().bcvChanged]).toEqual([LATE_TRACK]);
  });

  it('with copy-before-write: a write waiting for cache room when the restore begins still restores its track into STD first', () => {
    const { w, fillCache } = copyBeforeWriteWorld();
    const snapshot = snapshotTaken(w);
    fillCache(4);
    w.runFor(100_000);
    const block = 15 * 16 + 2; // the last track: the background copy reaches it a second after the restore began
    const write = w.write('bcv', block, 1);
    start(w, w.restore('p1', { protected: true }), 'RestInProg');
    expect(write.completeNs).toBe(-1); // still waiting for room: it arrived before the restore, lands after
    // Read before the write lands: the unrestored block comes from the BCV, as the snapshot.
    const before = w.read('std', block, 1);
    w.runUntil(() => write.completeNs >= 0);
    expect(write.error).toBeNull();
    expect(before.completeNs).toBeLessThan(write.completeNs);
    expect(before.data[0]).toBe(snapshot[block]);
    w.run();
    expect(w.state()).toBe('Restored');
    // The write landed after the restore began (the read above saw the snapshot): STD must never show it.
    const after = w.read('std', block, 1);
    w.run();
    expect(after.data[0]).toBe(snapshot[block]);
    expect(w.content('std')).toEqual(snapshot);
    expect(w.content('bcv')).toEqual(overlay(snapshot, [{ stamp: write.stamp, startBlock: block, blockCount: 1 }]));
    expect(w.pair().phase?.counters.copyBeforeWrite).toBe(1);
  });

  it('with copy-before-write: a restore begun again while the write, its track copied, waits for room makes it copy the track again', () => {
    const { w, fillCache } = copyBeforeWriteWorld();
    const snapshot = snapshotTaken(w);
    const block = 9 * 16 + 2;
    w.write('std', 4 * 16, 1); // STD changed on tracks 4 and 9 since the split: what an incremental restore copies
    w.write('std', block, 1);
    w.run();
    // An incremental restore of tracks 4 and 9: the copy takes track 4, the BCV write copies track 9 and then
    // waits for room (the cache is full), the restore ends, and a full one begins before the write lands.
    fillCache(2);
    start(w, w.restore('p1', { protected: true, incremental: true }), 'RestInProg');
    const write = w.write('bcv', block, 1);
    expect(w.runUntil(() => w.state() === 'Restored')).toBe(true);
    expect(w.pair().phase?.counters).toMatchObject({ background: 1, copyBeforeWrite: 1 });
    start(w, w.restore('p1', { protected: true }), 'RestInProg');
    expect(write.completeNs).toBe(-1); // still waiting for room, holding track 9's lock
    w.run();
    expect(write.error).toBeNull();
    expect(w.state()).toBe('Restored');
    expect(w.content('std')).toEqual(snapshot);
    expect(w.content('bcv')).toEqual(overlay(snapshot, [{ stamp: write.stamp, startBlock: block, blockCount: 1 }]));
    expect(w.pair().phase?.counters.copyBeforeWrite).toBe(1); // in the second restore too
  });
});

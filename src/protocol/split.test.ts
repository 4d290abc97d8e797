import { describe, expect, it } from 'vitest';
import { trackWrites } from './testing/physical.js';
import { splitWithChanges, start, synchronize } from './testing/reach.js';
import { world, type World } from './testing/world.js';

/** The command record of the last accepted command to `pair`. */
function lastCommand(w: World, pair = 'p1') {
  return w.history.commands.filter((c) => c.target === pair && c.error === null).at(-1)!;
}

describe('split', () => {
  it('the BCV stops receiving STD writes at one instant and holds STD as it was then', () => {
    const w = world({ blocks: 256 });
    synchronize(w);
    let stdAtSplit: number[] = [];
    w.protocol.onStateChange((pair) => {
      if (pair.state.name === 'SplitInProg') stdAtSplit = w.content('std');
    });
    w.command(w.split());
    // Writes every 20 µs across the split instant, each in flight when the next is issued.
    for (let i = 0; i < 60; i++) {
      w.write('std', (i * 7) % 256, 2);
      w.runFor(20_000);
    }
    w.run();
    const splitNs = lastCommand(w).effectiveNs;
    expect(splitNs).toBeGreaterThan(0);
    expect(w.content('bcv')).toEqual(stdAtSplit);
    const mirrors = [...w.history.physicalWrites()].filter((p) => p.volume === 'bcv' && p.source === 'mirror');
    expect(mirrors.length).toBeGreaterThan(0);
    expect(mirrors.every((p) => p.timeNs <= splitNs)).toBe(true);
    const hostAfter = [...w.history.physicalWrites()].filter((p) => p.volume === 'std' && p.source === 'host' && p.timeNs > splitNs);
    expect(hostAfter.length).toBeGreaterThan(0);
  });

  it('the split BCV is addressable at its own address; before it was not', () => {
    const w = world({ blocks: 256 });
    synchronize(w);
    const before = w.read('bcv', 0);
    w.run();
    w.command(w.split());
    w.run();
    const read = w.read('bcv', 0);
    const write = w.write('bcv', 3);
    w.run();
    expect(before.error).toBe('not-ready');
    expect([read.error, write.error]).toEqual([null, null]);
    expect(w.content('bcv')[3]).toBe(write.stamp);
  });

  it('changed tracks are recorded on both sides from the split on', () => {
    const w = world({ blocks: 256 });
    synchronize(w);
    splitWithChanges(w); // std blocks 20–23 and 100–119, bcv block 200
    expect(w.protocol.query('p1').invalidTracks).toEqual({ std: 3, bcv: 1 });
    expect([...w.pair().stdChanged]).toEqual([1, 6, 7]);
    expect([...w.pair().bcvChanged]).toEqual([12]);
  });

  it('a plain split is acknowledged only once the pair is Split', () => {
    const w = world({ blocks: 256, driveLatencyNs: 5_000_000 });
    synchronize(w);
    w.write('std', 0, 16);
    w.runFor(100_000);
    const split = w.command(w.split());
    w.runUntil(() => w.state() === 'SplitInProg');
    expect(split.result).toBeUndefined();
    w.runUntil(() => split.result !== undefined);
    expect(w.state()).toBe('Split');
  });
});

describe('instant split', () => {
  /** A Synchronized pair on slow drives whose BCV has mirror writes in cache. */
  function pendingMirrorWrites() {
    const w = world({ blocks: 256, driveLatencyNs: 5_000_000 });
    synchronize(w);
    w.write('std', 0, 16);
    w.write('std', 40, 3);
    w.runFor(50_000);
    return w;
  }

  it('is acknowledged at once, stays SplitInProg until the BCV’s pending mirror writes are destaged, then Split', () => {
    const w = pendingMirrorWrites();
    const split = w.command(w.split('p1', { instant: true }));
    w.runUntil(() => split.result !== undefined);
    expect(split.result).toEqual({ ok: true, pairs: ['p1'] });
    expect(w.state()).toBe('SplitInProg');
    const bcv = w.array.volume('bcv');
    expect(w.array.cache.table.dirtySlotsOf(bcv).size).toBeGreaterThan(0);
    // The BCV is already a snapshot at its own address.
    const read = w.read('bcv', 0);
    w.runUntil(() => w.state() === 'Split');
    expect(w.array.cache.table.dirtySlotsOf(bcv).size).toBe(0);
    w.run();
    expect(read.error).toBeNull();
  });

  it('waits for mirror writes that landed while a destage of the same track was under way', () => {
    // Block 0's destage starts at once; block 1 lands on the same BCV slot mid-destage, just before the split.
    const w = world({ blocks: 256, driveLatencyNs: 2_000_000 });
    synchronize(w);
    w.command(w.split('p1', { instant: true }));
    w.runFor(w.protocol.config.commandNs - 300_000);
    w.write('std', 0);
    w.runFor(100_000);
    w.write('std', 1);
    w.runUntil(() => w.state() === 'SplitInProg');
    const bcv = w.array.volume('bcv');
    expect(w.content('bcv').slice(0, 2)).toEqual(w.content('std').slice(0, 2));
    w.runUntil(() => w.state() === 'Split');
    expect(w.array.cache.table.dirtySlotsOf(bcv).size).toBe(0);
  });
});

describe('forced split', () => {
  it('from SyncInProg: SplitBfrSync at once, and no copy lands on the BCV after it', () => {
    const w = world({ blocks: 1024, driveLatencyNs: 2_000_000 });
    for (let b = 0; b < 1024; b += 16) w.write('std', b, 2);
    w.run();
    start(w, w.establish(), 'SyncInProg');
    w.runFor(3_000_000); // copies are in flight: each read from STD takes 2 ms
    const split = w.command(w.split('p1', { force: true }));
    w.runUntil(() => split.result !== undefined);
    expect(split.result?.ok).toBe(true);
    expect(w.state()).toBe('SplitBfrSync');
    const splitNs = lastCommand(w).effectiveNs;
    const left = w.pair().toCopy.count;
    expect(left).toBeGreaterThan(0);
    w.run();
    expect(trackWrites(w.history, { volume: 'bcv', sources: ['copy'], fromNs: splitNs }).size).toBe(0);
    expect(w.pair().toCopy.count).toBe(left);
    expect(w.pair().phase?.abandoned).toBe(true);
    const read = w.read('bcv', 0);
    w.run();
    expect(read.error).toBeNull(); // addressable: the read is served
    // The BCV holds an incomplete image: an incremental establish copies everything again.
    w.command(w.establish('p1', true));
    w.run();
    expect(w.pair().phase).toMatchObject({ incremental: false, tracksInScope: 64 });
    expect(w.content('bcv')).toEqual(w.content('std'));
  });

  it('from RestInProg (protected): SplitBfrRest at once, and no restore traffic lands on STD after it', () => {
    const w = world({ blocks: 1024, driveLatencyNs: 2_000_000 });
    synchronize(w);
    w.command(w.split());
    w.run();
    for (let b = 0; b < 1024; b += 16) w.write('std', b, 2);
    w.run();
    start(w, w.restore('p1', { protected: true }), 'RestInProg');
    w.runFor(3_000_000);
    const reads = [w.read('std', 600, 2), w.read('std', 900, 2)]; // copy-on-read in flight at the split
    const write = w.write('std', 700, 2); // a merge in flight at the split
    const split = w.command(w.split('p1', { force: true }));
    w.runUntil(() => split.result !== undefined);
    expect(w.state()).toBe('SplitBfrRest');
    const splitNs = lastCommand(w).effectiveNs;
    w.run();
    expect(reads.map((r) => r.error)).toEqual([null, null]);
    expect(write.error).toBeNull();
    const restoreTraffic = trackWrites(w.history, { volume: 'std', sources: ['copy', 'copy-on-read', 'merge'], fromNs: splitNs });
    expect(restoreTraffic.size).toBe(0);
    expect(w.pair().toCopy.count).toBeGreaterThan(0);
    const bcvWrite = w.write('bcv', 5);
    w.run();
    expect(bcvWrite.error).toBeNull();
  });

  it('from RestInProg (unprotected): SplitBfrRest, the BCV stops mirroring and answers at its own address again', () => {
    const w = world({ blocks: 1024, driveLatencyNs: 2_000_000 });
    synchronize(w);
    w.command(w.split());
    w.run();
    for (let b = 0; b < 1024; b += 16) w.write('std', b, 2);
    w.run();
    start(w, w.restore('p1', { protected: false }), 'RestInProg');
    w.runFor(3_000_000);
    const refused = w.read('bcv', 0);
    w.runFor(1_000_000);
    expect(refused.error).toBe('not-ready'); // an unprotected restore's BCV is not addressable
    const split = w.command(w.split('p1', { force: true }));
    w.runUntil(() => split.result !== undefined);
    expect(w.state()).toBe('SplitBfrRest');
    const splitNs = lastCommand(w).effectiveNs;
    const after = w.write('std', 33, 1);
    w.run();
    expect(trackWrites(w.history, { volume: 'std', sources: ['copy'], fromNs: splitNs }).size).toBe(0);
    expect(trackWrites(w.history, { volume: 'bcv', sources: ['mirror'], fromNs: splitNs }).size).toBe(0);
    expect(w.content('bcv')[33]).not.toBe(after.stamp);
    const read = w.read('bcv', 0);
    w.run();
    expect(read.error).toBeNull();
  });
});

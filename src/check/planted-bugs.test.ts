import { describe, expect, it } from 'vitest';
import type { WriteSource } from '../array/history.js';
import { tracksSpanned, type WriteData } from '../array/cache.js';
import type { Volume } from '../array/volume.js';
import { HOST_WORK } from '../array/work.js';
import { snapshotTaken, start } from '../protocol/testing/reach.js';
import { copyBeforeWriteWorld } from '../protocol/testing/restoring.js';
import { ROUTING, type RoutingPolicy } from '../protocol/routing.js';
import { world, type World } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import type { Guarantee } from './verdict.js';

const MS = 1_000_000;

/**
 * The protocol with a bug planted through its public seams, run through a
 * scenario, must be caught by the checkers: end-to-end evidence that they
 * see what they claim to. `plant` runs once the world exists.
 */
function scenario(plant: (w: World) => void, options: { incremental?: boolean } = {}): World {
  const w = world({ blocks: 512, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 1, concurrency: 1 } }] });
  plant(w);
  for (let b = 0; b < 512; b += 16) w.write('std', b, 16);
  w.run();
  w.command(w.establish());
  w.run();
  w.command(w.split());
  w.run();
  for (let b = 0; b < 512; b += 64) w.write('std', b + 2, 3);
  w.write('bcv', 40, 2);
  w.run();
  w.command(w.restore('p1', { protected: true, incremental: options.incremental ?? false }));
  w.runFor(5 * MS);
  w.read('std', 450, 8); // an unrestored track, updated since the split
  w.write('std', 480, 16); // a whole unrestored track
  w.runFor(5 * MS);
  w.read('bcv', 0, 8);
  w.run();
  for (let b = 0; b < 512; b += 16) w.read('std', b, 16);
  w.run();
  return w;
}

function guaranteesBroken(w: World): Guarantee[] {
  const { stats } = checkHistory(w.history);
  return (Object.keys(stats.violations) as Guarantee[]).filter((g) => stats.violations[g] > 0);
}

/** Wraps the cache's `put` (every content change goes through it). */
function onPut(w: World, extra: (volume: Volume, startBlock: number, blockCount: number, data: WriteData, source: WriteSource) => void): void {
  const cache = w.array.cache;
  const put = cache.put.bind(cache);
  cache.put = (volume, startBlock, blockCount, data, source) => {
    put(volume, startBlock, blockCount, data, source);
    extra(volume, startBlock, blockCount, data, source);
  };
}

describe('planted protocol bugs are caught', () => {
  it('the scenario itself is clean', () => {
    expect(guaranteesBroken(scenario(() => undefined))).toEqual([]);
    expect(guaranteesBroken(scenario(() => undefined, { incremental: true }))).toEqual([]);
  });

  it('reads of unrestored tracks served from STD, not the BCV: snapshot consistency, and copy-on-read (such a read restores nothing)', () => {
    const w = scenario((w) => {
      w.protocol.io.read = (io, done) => w.array.cache.read(io.volume, io.startBlock, io.blockCount, io.data, io.work, (e) => done(e ? e.code : null));
    });
    expect(guaranteesBroken(w)).toEqual(['snapshot-consistency', 'restored-indicator']);
  });

  it('the BCV still receiving STD\'s writes after the split: split isolation (and the BCV\'s reads)', () => {
    const w = scenario((w) => {
      onPut(w, (volume, startBlock, blockCount, data, source) => {
        // Through its own reservation of write-pending room, as any write into the cache must.
        if (volume.name !== 'std' || source !== 'host' || w.state() !== 'Split') return;
        const bcv = w.array.volume('bcv');
        w.array.cache.admit(tracksSpanned(bcv, startBlock, blockCount), HOST_WORK, () => w.array.cache.put(bcv, startBlock, blockCount, data, 'mirror'));
      });
    });
    // The polluted snapshot also reaches STD's reads through the restore, the BCV's own reads, and the tracks
    // the restore marks restored (their content is not the snapshot's).
    expect(guaranteesBroken(w)).toEqual(['snapshot-consistency', 'split-isolation', 'no-lost-writes', 'restored-indicator']);
  });

  it('a whole-track write during a restore not marking its track restored, so the copy overwrites it: no lost writes', () => {
    const w = scenario((w) => {
      const trackCopied = w.protocol.copies.trackCopied.bind(w.protocol.copies);
      w.protocol.copies.trackCopied = (pair, track, how) => {
        if (how !== 'overwritten') trackCopied(pair, track, how);
      };
    });
    // The copy that overwrites the host write marks the track restored with the snapshot's data, not the write's.
    expect(guaranteesBroken(w)).toEqual(['no-lost-writes', 'restored-indicator']);
  });

  it('a restore marking tracks restored before their copies land: the restored indicator', () => {
    const w = scenario((w) => {
      const cache = w.array.cache;
      const put = cache.put.bind(cache);
      const later = w.sim.kind('test.late-copy');
      // The copy task marks the track as it hands the data over; the data reaches STD's cache 2 ms later.
      cache.put = (volume, startBlock, blockCount, data, source) => {
        // Late, the data lands as a write of its own: admitted for its one track's write-pending room.
        if (volume.name === 'std' && source === 'copy') w.sim.after(2 * MS, later, () => cache.admit(1, HOST_WORK, () => put(volume, startBlock, blockCount, data, source)));
        else put(volume, startBlock, blockCount, data, source);
      };
    });
    // STD's tracks updated since the split hold their pre-restore data when marked (nothing reads them in the
    // gap); the last copies land after the restore ended, outside its phase.
    expect(guaranteesBroken(w)).toEqual(['incremental-equals-full', 'restored-indicator']);
    const reasons = checkHistory(w.history, { only: ['restored-indicator'] }).verdicts.map((v) => v.guarantee === 'restored-indicator' && v.reason);
    expect(new Set(reasons)).toEqual(new Set(['not-snapshot']));
  });

  it('an incremental restore copying every track: incremental = full', () => {
    const w = scenario(
      (w) => {
        // At the phase's first copied track, every track becomes due.
        let filled = false;
        const trackCopied = w.protocol.copies.trackCopied.bind(w.protocol.copies);
        w.protocol.copies.trackCopied = (pair, track, how) => {
          if (!filled && pair.state.name === 'RestInProg') pair.toCopy.fill();
          filled ||= pair.state.name === 'RestInProg';
          trackCopied(pair, track, how);
        };
      },
      { incremental: true },
    );
    // Tracks restored from the start are marked again: the indicator shrank.
    expect(guaranteesBroken(w)).toEqual(['incremental-equals-full', 'restored-indicator']);
  });

  it('a BCV write that waited for cache room while a protected restore began, landing without copy-before-write: snapshot consistency', () => {
    // STD read the snapshot's value before the write landed, and the write's once it had: the restore's
    // snapshot cannot hold both. (Either read alone is consistent: the write was in flight at the restore.)
    const run = (plant: boolean): World => {
      // The bug: a BCV write's plan as it lands, copy-before-write taken for a plain landing.
      const routing: RoutingPolicy = {
        ...ROUTING,
        writeBcv(...args) {
          const plan = ROUTING.writeBcv(...args);
          return args[3] === 'landing' && plan.kind === 'copy-first' ? { kind: 'land', first: plan.first, last: plan.last, marksChanged: true } : plan;
        },
      };
      const { w, fillCache } = copyBeforeWriteWorld(plant ? { routing } : {});
      snapshotTaken(w);
      fillCache(4); // the cache full of writes: the next one waits
      w.runFor(100_000);
      const block = 15 * 16 + 2; // the last track: the restore's copy reaches it last
      w.write('bcv', block, 1);
      start(w, w.restore('p1', { protected: true }), 'RestInProg');
      w.runFor(100_000);
      w.read('std', block, 1); // after the restore, before the write lands: the snapshot, served from the BCV
      w.runFor(100 * MS);
      w.read('std', block, 1);
      w.run();
      return w;
    };
    expect(guaranteesBroken(run(false))).toEqual([]);
    expect(guaranteesBroken(run(true))).toEqual(['snapshot-consistency']);
  });
});

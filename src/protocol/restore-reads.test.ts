import { describe, expect, it } from 'vitest';
import { AssertionError } from '../engine/assert.js';
import { ROUTING, type RoutingPolicy } from './routing.js';
import { trackWrites } from './testing/physical.js';
import { LATE_BLOCK, LATE_TRACK, restoring } from './testing/restoring.js';

/** The track of the first background copy into STD issued after `fromNs`. */
function nextCopiedTrack(w: ReturnType<typeof restoring>['w'], fromNs: number): number {
  const copy = [...w.history.physicalWrites()].find((p) => p.volume === 'std' && p.source === 'copy' && p.layer === 'cache' && p.timeNs >= fromNs);
  return copy ? Math.floor(copy.startBlock / 16) : -1;
}

describe('reads of unrestored tracks during a restore', () => {
  it('with copy-on-read: served from the BCV, and the track is written into STD, marked restored and counted', () => {
    const { w, snapshot } = restoring();
    expect(w.pair().toCopy.has(LATE_TRACK)).toBe(true);
    const restoredBefore = w.protocol.query('p1').restoredTracks;
    const read = w.read('std', LATE_BLOCK + 4, 8);
    w.runFor(5_000_000);
    expect(Array.from(read.data)).toEqual(snapshot.slice(LATE_BLOCK + 4, LATE_BLOCK + 12));
    // Recorded as the protocol routed it: the read, its pair and phase, and the track the restore lacked.
    expect(w.history.redirectedReads.map(({ pair, phase, tracks }) => ({ pair, phase, tracks }))).toEqual([{ pair: 'p1', phase: w.pair().phases.length - 1, tracks: [LATE_TRACK] }]);
    w.read('std', LATE_BLOCK + 4, 8);
    w.runFor(5_000_000);
    expect(w.history.redirectedReads).toHaveLength(1); // the track is restored now: the second read is served as asked
    expect(w.pair().toCopy.has(LATE_TRACK)).toBe(false);
    expect(w.protocol.query('p1').restoredTracks).toBe(restoredBefore + 1);
    expect(w.pair().phase?.counters.copyOnRead).toBe(1);
    expect(w.content('std').slice(LATE_BLOCK, LATE_BLOCK + 16)).toEqual(snapshot.slice(LATE_BLOCK, LATE_BLOCK + 16));
    w.run();
    const intoStd = trackWrites(w.history, { volume: 'std', sources: ['copy', 'copy-on-read'], fromNs: read.completeNs - 1_000_000 });
    expect(intoStd.get(LATE_TRACK)).toBe(1);
    expect(w.content('std')).toEqual(snapshot);
  });

  it('without copy-on-read: served from the BCV, and the track is left for the background copy', () => {
    const { w, snapshot } = restoring({ protocol: { copyOnRead: false } });
    const read = w.read('std', LATE_BLOCK + 4, 8);
    w.runFor(5_000_000);
    expect(Array.from(read.data)).toEqual(snapshot.slice(LATE_BLOCK + 4, LATE_BLOCK + 12));
    expect(w.pair().toCopy.has(LATE_TRACK)).toBe(true);
    expect(w.pair().phase?.counters.copyOnRead).toBe(0);
    expect(trackWrites(w.history, { volume: 'std', sources: ['copy-on-read'] }).size).toBe(0);
    // In track order the copy goes on where it was.
    expect(nextCopiedTrack(w, read.completeNs)).not.toBe(LATE_TRACK);
    w.run();
    expect(w.content('std')).toEqual(snapshot);
  });

  it("without copy-on-read, with order 'touched-first': the copy task takes the track read next", () => {
    const { w, snapshot } = restoring({ protocol: { copyOnRead: false }, copy: { order: 'touched-first' } });
    const read = w.read('std', LATE_BLOCK + 4, 8);
    w.runFor(5_000_000);
    expect(Array.from(read.data)).toEqual(snapshot.slice(LATE_BLOCK + 4, LATE_BLOCK + 12));
    w.run();
    expect(nextCopiedTrack(w, read.completeNs)).toBe(LATE_TRACK);
    expect(w.content('std')).toEqual(snapshot);
  });
});

describe("a track's plan lies inside the I/O it is part of (asserted)", () => {
  // A policy whose plans reach one block before the I/O: the executors refuse to carry them out.
  const early: RoutingPolicy = {
    ...ROUTING,
    readTrack: (...args) => {
      const plan = ROUTING.readTrack(...args);
      return { ...plan, from: plan.from - 1 };
    },
    writeStd: (...args) => {
      const plan = ROUTING.writeStd(...args);
      if (plan.kind !== 'land' || plan.restore === null) return plan;
      return { ...plan, restore: { ...plan.restore, tracks: plan.restore.tracks.map((t) => ({ ...t, from: t.from - 1 })) } };
    },
  };

  it('a read taken track by track', () => {
    const { w } = restoring({ parts: { routing: early } });
    w.read('std', LATE_BLOCK + 4, 8);
    expect(() => w.runFor(5_000_000)).toThrow(new AssertionError(`a read of std blocks ${LATE_BLOCK + 4}+8: the plan of its track ${LATE_TRACK} reads blocks ${LATE_BLOCK + 3}..${LATE_BLOCK + 12}`));
  });

  it('a write landing track by track during a restore', () => {
    const { w } = restoring({ parts: { routing: early } });
    w.write('std', LATE_BLOCK + 4, 8);
    expect(() => w.runFor(5_000_000)).toThrow(/^a write to std blocks \d+\+8: the plan of its track 62 writes blocks \d+\.\.\d+$/);
  });

  it('the same reads and writes with the policy as shipped carry out', () => {
    const { w } = restoring();
    w.read('std', LATE_BLOCK + 4, 8);
    w.write('std', LATE_BLOCK + 4, 8);
    expect(() => w.runFor(5_000_000)).not.toThrow();
  });
});

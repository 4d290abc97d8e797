import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import type { CommandRequest } from './protocol.js';
import type { Pair } from './pair.js';
import type { PairStateName } from './state.js';
import { splitWithChanges, synchronize } from './testing/reach.js';
import { restoring } from './testing/restoring.js';
import { world, type World } from './testing/world.js';

/** The restored indicator of one track (query.ts's `restoredTracks` counts these): in the last restore, and no longer to copy. */
function isRestored(pair: Pair, track: number): boolean {
  return pair.phase?.kind === 'restore' && !pair.toCopy.has(track);
}

describe('the restored indicator', () => {
  it('only grows during a restore, sampled every simulated 100 µs under host reads and writes, and ends complete', () => {
    const { w } = restoring({ copy: { rateMBps: 16, concurrency: 2 } });
    const pair = w.pair();
    const rng = new Rng('restored-indicator');
    let last = w.protocol.query('p1').restoredTracks;
    const everRestored = new Set<number>();
    let samples = 0;
    while (w.state() === 'RestInProg') {
      if (samples % 10 === 0) {
        const count = 1 + rng.int(20);
        const block = rng.int(1024 - count);
        if (rng.chance(0.5)) w.read('std', block, count);
        else w.write('std', block, count);
      }
      w.runFor(100_000);
      samples++;
      const restored = w.protocol.query('p1').restoredTracks;
      expect(restored).toBeGreaterThanOrEqual(last);
      last = restored;
      for (let track = 0; track < pair.tracks; track++) {
        if (isRestored(pair, track)) everRestored.add(track);
        else expect(everRestored.has(track), `track ${track} became unrestored`).toBe(false);
      }
    }
    expect(samples).toBeGreaterThan(100);
    expect(w.state()).toBe('Restored');
    expect(w.protocol.query('p1')).toMatchObject({ restoredTracks: 64, tracks: 64, percentComplete: 100 });
  });
});

/**
 * One definition: a track is restored when STD holds the snapshot's data for
 * it; a track outside an incremental restore's scope is restored from the
 * restore's first instant, one in scope once its copy landed. Percent
 * complete counts, over all tracks, those whose copy target is level.
 */
describe('query: the restored indicator and percent complete', () => {
  /** 16 tracks copied at 4 MB/s (16 ms a track); split with std tracks 1, 6, 7 and bcv track 12 changed since. */
  function splitPair(): World {
    const w = world({ blocks: 256, driveLatencyNs: 10_000_000, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 4 } }] });
    for (let b = 0; b < 256; b += 16) w.write('std', b, 5);
    w.run();
    synchronize(w);
    splitWithChanges(w);
    return w;
  }
  /** Restored by a first protected restore, then STD written on track 2 only. */
  function restoredOnce(): World {
    const w = splitPair();
    w.command(w.restore('p1'));
    w.run();
    w.write('std', 33, 2);
    w.run();
    return w;
  }
  const CHANGED = [1, 6, 7, 12];
  const ALL = [...Array(16).keys()];
  const cases: { name: string; world: () => World; command: (w: World) => CommandRequest; state: PairStateName; restored: number[]; percent: number }[] = [
    { name: 'full restore', world: splitPair, command: (w) => w.restore('p1'), state: 'RestInProg', restored: [], percent: 0 },
    {
      name: 'incremental restore',
      world: splitPair,
      command: (w) => w.restore('p1', { incremental: true }),
      state: 'RestInProg',
      restored: ALL.filter((t) => !CHANGED.includes(t)),
      percent: 75,
    },
    {
      name: 'incremental restore again',
      world: restoredOnce,
      command: (w) => w.restore('p1', { incremental: true }),
      state: 'RestInProg',
      restored: ALL.filter((t) => t !== 2),
      percent: 93.75,
    },
    { name: 'full establish', world: splitPair, command: (w) => w.establish('p1'), state: 'SyncInProg', restored: [], percent: 0 },
    { name: 'incremental establish', world: splitPair, command: (w) => w.establish('p1', true), state: 'SyncInProg', restored: [], percent: 75 },
  ];

  it.each(cases)('$name: at its first instant, as the state change is announced, mid-way and at the end', ({ world: make, command, state, restored, percent }) => {
    const w = make();
    const pair = w.pair();
    const indicator = () => ALL.filter((t) => isRestored(pair, t));
    // What a listener of the state change reads (the timeline's conditions do).
    let announced: { restored: number[]; restoredTracks: number; percentComplete: number } | null = null;
    w.protocol.onStateChange((p) => {
      if (p === pair && p.state.name === state && announced === null) {
        const { restoredTracks, percentComplete } = w.protocol.query('p1');
        announced = { restored: indicator(), restoredTracks, percentComplete };
      }
    });
    w.command(command(w));
    w.run();
    expect(announced).toEqual({ restored, restoredTracks: restored.length, percentComplete: percent });
    // Mid-way and at the end the count, the per-track indicator and the percentage agree with the tracks left to copy.
    const consistent = () => {
      const q = w.protocol.query('p1');
      expect(q.restoredTracks).toBe(indicator().length);
      if (state === 'RestInProg') expect(indicator()).toEqual(ALL.filter((t) => !pair.toCopy.has(t)));
      if (q.state === state) expect(q.percentComplete).toBe((100 * (16 - pair.toCopy.count)) / 16);
      return q;
    };
    expect(consistent()).toMatchObject({ percentComplete: 100, restoredTracks: state === 'RestInProg' ? 16 : 0 });
    // Mid-way: one track of the scope copied (when the scope holds more than one).
    const level = (percent / 100) * 16;
    if (level > 14) return;
    const again = make();
    again.command(command(again));
    expect(again.runUntil(() => again.pair().copying && again.pair().toCopy.count === 16 - level - 1)).toBe(true);
    const mid = again.protocol.query('p1');
    expect(mid).toMatchObject({ state, percentComplete: (100 * (level + 1)) / 16, restoredTracks: state === 'RestInProg' ? level + 1 : 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { isRestored } from './query.js';
import { restoring } from './testing/restoring.js';

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

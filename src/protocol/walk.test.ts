import { describe, expect, it } from 'vitest';
import { world } from './testing/world.js';

describe('protocol walk: establish → split → updates → protected restore → restore again', () => {
  it('keeps the snapshot through two restores, and STD ends as the snapshot', () => {
    const w = world({ blocks: 256 });
    // Some content on STD before anything is paired.
    for (let b = 0; b < 256; b += 8) w.write('std', b, 4);
    w.run();
    const before = w.content('std');
    w.command(w.establish());
    w.run();
    expect(w.state()).toBe('Synchronized');
    expect(w.content('bcv')).toEqual(before);

    const split = w.command(w.split());
    w.run();
    expect(split.result).toEqual({ ok: true, pairs: ['p1'] });
    expect(w.state()).toBe('Split');
    const snapshot = w.content('bcv');

    // Updates on STD do not reach the split BCV.
    w.write('std', 3, 20);
    w.write('std', 100, 1);
    w.run();
    expect(w.content('bcv')).toEqual(snapshot);
    expect(w.content('std')).not.toEqual(snapshot);
    const q = w.protocol.query('p1');
    expect(q.invalidTracks).toEqual({ std: 3, bcv: 0 });

    w.command(w.restore('p1', { incremental: true, protected: true }));
    w.run();
    expect(w.state()).toBe('Restored');
    expect(w.content('std')).toEqual(snapshot);
    expect(w.content('bcv')).toEqual(snapshot);
    expect(w.protocol.query('p1').copied?.background).toBe(3);

    // More updates, then restore the same snapshot again.
    w.write('std', 50, 40);
    w.run();
    w.command(w.restore('p1', { incremental: true }));
    w.run();
    expect(w.state()).toBe('Restored');
    expect(w.content('std')).toEqual(snapshot);
    expect(w.content('bcv')).toEqual(snapshot);
  });

  it('serves reads of unrestored tracks from the BCV and copies them in', () => {
    const w = world({ blocks: 1024, protocol: { copy: { rateMBps: 1, concurrency: 1, priority: 'low', order: 'track' } } });
    w.write('std', 0, 1024 >> 2);
    w.run();
    w.command(w.establish());
    w.run();
    w.command(w.split());
    w.run();
    const snapshot = w.content('bcv');
    for (let b = 0; b < 1024; b += 16) w.write('std', b + 1, 2);
    w.run();
    w.command(w.restore('p1', { protected: true }));
    w.runFor(2_000_000); // the restore has begun; with 1 MB/s most tracks are not yet restored
    expect(w.state()).toBe('RestInProg');
    const late = w.read('std', 1000, 8);
    w.runFor(50_000_000);
    expect(Array.from(late.data)).toEqual(snapshot.slice(1000, 1008));
    expect(w.protocol.query('p1').copied?.copyOnRead).toBe(1);
    w.run();
    expect(w.content('std')).toEqual(snapshot);
  });
});

import { describe, expect, it } from 'vitest';
import { MIRRORS_AND_ADDRESSABLE, STATE_KEYS } from './testing/expected-table.js';
import { reach } from './testing/reach.js';
import { world } from './testing/world.js';

describe('host I/O at the BCV’s own address', () => {
  const hidden = STATE_KEYS.filter((key) => !MIRRORS_AND_ADDRESSABLE[key].addressable);

  it('is refused in SyncInProg, Synchronized and the unprotected restore states', () => {
    expect(hidden).toEqual(['SyncInProg', 'Synchronized', 'RestInProg (unprotected)', 'Restored (unprotected)']);
  });

  it.each(hidden)('in %s: reads and writes of the BCV are not-ready and change nothing', (state) => {
    const w = reach(state);
    const bcv = w.content('bcv');
    const read = w.read('bcv', 40, 3);
    const write = w.write('bcv', 40, 3);
    w.runFor(1_000_000);
    expect([read.error, write.error]).toEqual(['not-ready', 'not-ready']);
    expect(w.content('bcv').slice(40, 43)).toEqual(bcv.slice(40, 43));
    expect(w.pair().bcvChanged.count).toBe(0);
  });

  it.each(STATE_KEYS.filter((key) => MIRRORS_AND_ADDRESSABLE[key].addressable && !key.startsWith('RestInProg')))(
    'in %s: the BCV answers reads and writes',
    (state) => {
      const w = reach(state);
      const read = w.read('bcv', 40, 3);
      const write = w.write('bcv', 41, 1);
      w.runFor(50_000_000);
      expect([read.error, write.error]).toEqual([null, null]);
      expect(w.content('bcv')[41]).toBe(write.stamp);
    },
  );
});

describe('a BCV read in flight when an establish hides the BCV', () => {
  it('returns what the BCV held while it answered, or not-ready: never STD writes issued after the establish', () => {
    // The BCV read misses the cache and waits 10 ms for the drives; the establish takes effect half a
    // millisecond in, and a STD write issued after it is mirrored into the BCV (on the last track, which
    // the copy, one track at a time from the first, has not reached).
    const w = world({ blocks: 256, driveLatencyNs: 10_000_000, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { concurrency: 1 } }] });
    w.write('std', 240, 1);
    const own = w.write('bcv', 240, 1);
    w.run();
    w.array.cache.table.dropClean(); // both blocks on the drives only
    const read = w.read('bcv', 240, 1);
    w.command(w.establish());
    w.runUntil(() => w.state() === 'SyncInProg');
    const after = w.write('std', 240, 1);
    w.runUntil(() => read.error !== undefined);
    // What the read's data would have been: the mirrored write changed the block under it.
    expect(w.array.cache.table.stampOf(w.array.volume('bcv'), 240)).toBe(after.stamp);
    expect(read.error === 'not-ready' || (read.error === null && read.data[0] === own.stamp)).toBe(true);
  });
});

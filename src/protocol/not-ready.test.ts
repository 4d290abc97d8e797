import { describe, expect, it } from 'vitest';
import { MIRRORS_AND_ADDRESSABLE, STATE_KEYS } from './testing/expected-table.js';
import { reach } from './testing/reach.js';

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

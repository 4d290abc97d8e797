import { describe, expect, it } from 'vitest';
import { overlay, snapshotTaken, start } from './testing/reach.js';
import { world } from './testing/world.js';

describe('unprotected restore', () => {
  function restoring() {
    const w = world({ blocks: 512, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 8, concurrency: 2 } }] });
    const snapshot = snapshotTaken(w);
    w.write('std', 3, 2);
    w.write('std', 200, 40);
    w.run();
    start(w, w.restore('p1', { protected: false }), 'RestInProg');
    return { w, snapshot };
  }

  it('hides the BCV while it runs and after, and re-joins it as a mirror: both sides end as the snapshot plus the writes since', () => {
    const { w, snapshot } = restoring();
    const hidden = [w.read('bcv', 0), w.write('bcv', 1)];
    const during = [w.write('std', 300, 3), w.write('std', 7, 1)];
    w.runFor(20_000_000);
    expect(w.state()).toBe('RestInProg');
    w.run();
    expect(w.pair().state).toEqual({ name: 'Restored', protected: false });
    expect(hidden.map((io) => io.error)).toEqual(['not-ready', 'not-ready']);
    const expected = overlay(
      snapshot,
      during.map((io, i) => ({ stamp: io.stamp, startBlock: [300, 7][i]!, blockCount: [3, 1][i]! })),
    );
    expect(w.content('std')).toEqual(expected);
    expect(w.content('bcv')).toEqual(expected);
    const afterwards = [w.read('bcv', 0), w.write('bcv', 1)];
    w.run();
    expect(afterwards.map((io) => io.error)).toEqual(['not-ready', 'not-ready']);
  });

  it('after it, the BCV receives STD’s writes; a later split gives a snapshot equal to STD', () => {
    const { w } = restoring();
    w.run();
    const later = w.write('std', 77, 5);
    w.run();
    expect(w.content('bcv')[77]).toBe(later.stamp);
    expect(w.content('bcv')).toEqual(w.content('std'));
    w.command(w.split());
    w.run();
    expect(w.state()).toBe('Split');
    expect(w.content('bcv')).toEqual(w.content('std'));
    const afterSplit = w.write('std', 78, 1);
    w.run();
    expect(w.content('bcv')[78]).not.toBe(afterSplit.stamp);
  });
});

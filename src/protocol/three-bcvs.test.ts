import { describe, expect, it } from 'vitest';
import { synchronize } from './testing/reach.js';
import { world, type World } from './testing/world.js';

/**
 * One standard, three BCVs: `a` stays Synchronized while `b` and `c` hold
 * older snapshots (b taken before c), each followed by more writes to STD.
 */
function threeBcvs(): { w: World; snapB: number[]; snapC: number[] } {
  const w = world({
    blocks: 256,
    volumes: ['std', 'bcv-a', 'bcv-b', 'bcv-c'],
    pairs: [
      { name: 'a', std: 'std', bcv: 'bcv-a' },
      { name: 'b', std: 'std', bcv: 'bcv-b' },
      { name: 'c', std: 'std', bcv: 'bcv-c' },
    ],
  });
  for (let b = 0; b < 256; b += 16) w.write('std', b, 4);
  w.run();
  for (const pair of ['a', 'b', 'c']) synchronize(w, pair);
  w.command(w.split('b'));
  w.run();
  const snapB = w.content('bcv-b');
  w.write('std', 20, 8); // track 1
  w.write('std', 100, 2); // track 6
  w.run();
  w.command(w.split('c'));
  w.run();
  const snapC = w.content('bcv-c');
  w.write('std', 180, 4); // track 11
  w.write('std', 101, 1); // track 6
  w.run();
  return { w, snapB, snapC };
}

describe('a standard with three BCVs', () => {
  it('one stays Synchronized while the other two hold older snapshots', () => {
    const { w, snapB, snapC } = threeBcvs();
    expect(['a', 'b', 'c'].map((p) => w.state(p))).toEqual(['Synchronized', 'Split', 'Split']);
    expect(w.content('bcv-a')).toEqual(w.content('std'));
    expect(w.content('bcv-b')).toEqual(snapB);
    expect(w.content('bcv-c')).toEqual(snapC);
    expect(snapB).not.toEqual(snapC);
  });

  it('restores from one BCV at a time, each incremental restore giving exactly its snapshot, and the others re-join in step', () => {
    const { w, snapB, snapC } = threeBcvs();
    w.command(w.split('a'));
    w.run();
    // Restore b; c and a may not touch the standard meanwhile.
    w.command(w.restore('b', { incremental: true }));
    const busy = [w.command(w.restore('c')), w.command(w.establish('a', true))];
    w.run();
    expect(busy.map((c) => (c.result?.ok === false ? c.result.error.code : 'accepted'))).toEqual(['std-busy', 'std-busy']);
    expect(w.content('std')).toEqual(snapB);
    // Then restore c: STD changed under c by b's restore, so c's incremental restore must copy those tracks too.
    w.command(w.restore('c', { incremental: true }));
    w.run();
    expect(w.state('c')).toBe('Restored');
    expect(w.content('std')).toEqual(snapC);
    expect(w.content('bcv-b')).toEqual(snapB);
    expect(w.content('bcv-c')).toEqual(snapC);
    // And a re-joins incrementally: it must end equal to STD, which two restores changed.
    w.command(w.split('b'));
    w.command(w.split('c'));
    w.run();
    w.command(w.establish('a', true));
    w.run();
    expect(w.state('a')).toBe('Synchronized');
    expect(w.content('bcv-a')).toEqual(w.content('std'));
    // Finally b restores again: its snapshot survived.
    w.command(w.split('a'));
    w.run();
    w.command(w.restore('b', { incremental: true }));
    w.run();
    expect(w.content('std')).toEqual(snapB);
  });
});

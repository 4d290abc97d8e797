import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { Bitset, popcount } from './bitset.js';

describe('Bitset', () => {
  it('agrees with a Set<number> under random operations', () => {
    const rng = new Rng('bitset');
    const size = 1_000;
    const bits = new Bitset(size);
    const model = new Set<number>();
    for (let step = 0; step < 20_000; step++) {
      const i = rng.int(size);
      if (rng.chance(0.6)) expect(bits.add(i)).toBe(!model.has(i)), model.add(i);
      else expect(bits.delete(i)).toBe(model.has(i)), model.delete(i);
      if (step % 997 === 0) {
        expect(bits.count).toBe(model.size);
        expect([...bits]).toEqual([...model].sort((a, b) => a - b));
      }
    }
  });

  it('fill, union, next and popcount handle partial last words', () => {
    const a = Bitset.full(37);
    expect(a.count).toBe(37);
    expect([...a].at(-1)).toBe(36);
    const b = new Bitset(37);
    b.add(3);
    b.add(36);
    expect(b.next(4)).toBe(36);
    expect(b.next(37)).toBe(-1);
    const c = new Bitset(37);
    c.add(5);
    c.union(b);
    expect([...c]).toEqual([3, 5, 36]);
    expect(popcount(0xffffffff)).toBe(32);
  });
});

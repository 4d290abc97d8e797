import { describe, expect, it } from 'vitest';
import { synchronize } from './testing/reach.js';
import { world, type IoResult, type World } from './testing/world.js';

const PAIRS = ['p1', 'p2', 'p3'] as const;

/** Three Synchronized pairs (std1 → bcv1, …) in group `g`. */
function threePairs(): World {
  const w = world({
    blocks: 256,
    volumes: ['std1', 'std2', 'std3', 'bcv1', 'bcv2', 'bcv3'],
    pairs: PAIRS.map((name, i) => ({ name, std: `std${i + 1}`, bcv: `bcv${i + 1}` })),
    groups: [{ name: 'g', pairs: [...PAIRS] }],
  });
  for (const pair of PAIRS) synchronize(w, pair);
  return w;
}

/** Write A to std1 at `atNs`; once it is acknowledged, write B to std2 (B depends on A). */
function dependentWrites(w: World, atNs: number): { a?: IoResult; b?: IoResult } {
  const writes: { a?: IoResult; b?: IoResult } = {};
  w.at(atNs, () => {
    writes.a = w.write('std1', 10, 1, () => (writes.b = w.write('std2', 20)));
  });
  return writes;
}

function splitOf(w: World, pair: string) {
  return w.history.commands.find((c) => c.command === 'split' && c.target === pair && c.error === null)!;
}

describe('group split', () => {
  it('consistent: new writes to every STD are held for the split and released after, and belong to no snapshot', () => {
    const w = threePairs();
    const issueNs = w.sim.now;
    const startNs = issueNs + w.protocol.config.commandNs;
    const endNs = startNs + PAIRS.length * w.protocol.config.splitStepNs;
    const split = w.command(w.split('g', { consistent: true }));
    // A write to each STD shortly after the split began, and one long before it ended.
    const held: IoResult[] = [];
    w.at(startNs + 10_000, () => held.push(w.write('std1', 1), w.write('std2', 1), w.write('std3', 1)));
    w.at(endNs - 50_000, () => held.push(w.write('std3', 2)));
    w.run();
    expect(split.result).toEqual({ ok: true, pairs: ['p1', 'p2', 'p3'] });
    for (const pair of PAIRS) {
      expect(w.state(pair)).toBe('Split');
      expect(splitOf(w, pair).effectiveNs).toBe(startNs);
    }
    for (const write of held) expect(write.completeNs).toBeGreaterThanOrEqual(endNs);
    for (const i of [1, 2, 3]) {
      const bcv = w.content(`bcv${i}`);
      for (const write of held) expect(bcv).not.toContain(write.stamp);
    }
    expect(w.content('std3')[2]).toBe(held[3]!.stamp);
  });

  it('consistent: a write acknowledged after the split began, and a write that depends on it, are in no snapshot', () => {
    const w = threePairs();
    const startNs = w.sim.now + w.protocol.config.commandNs;
    w.command(w.split('g', { consistent: true }));
    const writes = dependentWrites(w, startNs + 10_000);
    w.run();
    const { a, b } = writes;
    // Held until the last member split.
    expect(a!.completeNs).toBeGreaterThanOrEqual(startNs + PAIRS.length * w.protocol.config.splitStepNs);
    expect(a?.error).toBeNull();
    expect(b?.error).toBeNull();
    expect(w.content('bcv1')[10]).not.toBe(a!.stamp);
    expect(w.content('bcv2')[20]).not.toBe(b!.stamp);
    expect(w.content('std1')[10]).toBe(a!.stamp);
    expect(w.content('std2')[20]).toBe(b!.stamp);
  });

  it('not consistent (for contrast): the dependent write B is in bcv2 while A, which came first, is not in bcv1', () => {
    const w = threePairs();
    const startNs = w.sim.now + w.protocol.config.commandNs;
    w.command(w.split('g'));
    // p1 splits one step after the start, p2 one step later: A lands between them.
    const writes = dependentWrites(w, startNs + w.protocol.config.splitStepNs + 20_000);
    w.run();
    const { a, b } = writes;
    expect(PAIRS.map((p) => w.state(p))).toEqual(['Split', 'Split', 'Split']);
    expect(splitOf(w, 'p1').effectiveNs).toBeLessThan(splitOf(w, 'p2').effectiveNs);
    expect(a!.completeNs).toBeLessThan(splitOf(w, 'p2').effectiveNs);
    expect(w.content('bcv1')[10]).not.toBe(a!.stamp);
    expect(w.content('bcv2')[20]).toBe(b!.stamp);
  });
});

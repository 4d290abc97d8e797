import { describe, expect, it } from 'vitest';
import { findStepCycle, parseCondition } from './conditions.js';

describe('conditions', () => {
  it('parses pair, group and step clauses joined with and', () => {
    expect(parseCondition('pair p1 is synchronized and step s2 done')).toEqual({
      ok: true,
      clauses: [
        { kind: 'pair-state', pair: 'p1', state: 'Synchronized' },
        { kind: 'step-done', step: 's2' },
      ],
    });
    expect(parseCondition('group g is Split')).toEqual({ ok: true, clauses: [{ kind: 'group-state', group: 'g', state: 'Split' }] });
  });

  it('explains what it cannot read', () => {
    const bad = parseCondition('pair p1 is Happy');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/unknown state "Happy"/);
    expect(!parseCondition('whenever').ok).toBe(true);
  });

  it('finds cycles among steps, and none in a long chain', () => {
    expect(findStepCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findStepCycle(new Map([['a', ['a']]]))).toEqual(['a', 'a']);
    const chain = new Map(Array.from({ length: 100_000 }, (_, i) => [`s${i}`, i > 0 ? [`s${i - 1}`] : []] as const));
    expect(findStepCycle(chain)).toBeNull();
  });
});

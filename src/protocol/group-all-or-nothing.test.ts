import { describe, expect, it } from 'vitest';
import { AssertionError } from '../engine/assert.js';
import { formatCommandError } from './errors.js';
import type { CommandResult } from './protocol.js';
import { synchronize } from './testing/reach.js';
import { world, type World } from './testing/world.js';

const PAIRS = ['p1', 'p2', 'p3'] as const;

/** Three Synchronized pairs (std1 → bcv1, …) in group `g`; `h` groups p2 alone. */
function threePairs(): World {
  const w = world({
    blocks: 256,
    volumes: ['std1', 'std2', 'std3', 'bcv1', 'bcv2', 'bcv3'],
    pairs: PAIRS.map((name, i) => ({ name, std: `std${i + 1}`, bcv: `bcv${i + 1}` })),
    groups: [
      { name: 'g', pairs: [...PAIRS] },
      { name: 'h', pairs: ['p2'] },
    ],
  });
  for (const pair of PAIRS) synchronize(w, pair);
  return w;
}

/** The records of the last command addressed to `target` (one per member). */
const recordsOf = (w: World, target: string, count: number) => w.history.commands.filter((c) => c.group === target || c.target === target).slice(-count);

describe('a group command takes effect for all its members or none', () => {
  for (const [name, interloper] of [
    ['its own split', 'p2'],
    ['a split of another group holding it', 'h'],
  ] as const) {
    it(`a member addressed by ${name} while the group split steps through its members: that command is refused, every member splits`, () => {
      const w = threePairs();
      const { commandNs, splitStepNs } = w.protocol.config;
      const group = w.command(w.split('g'));
      // Takes effect after the group's acceptance and before p2's step (the second, at acceptance + 2 steps).
      w.runFor(splitStepNs / 2);
      const single = w.command(w.split(interloper));
      w.run();
      expect(group.result).toEqual({ ok: true, pairs: [...PAIRS] });
      const underWay = { code: 'command-under-way', pair: 'p2', command: 'split', running: { command: 'split', target: 'g' } };
      expect(single.result).toMatchObject({ ok: false, error: interloper === 'h' ? { code: 'group-refused', group: 'h', members: [underWay] } : underWay });
      expect(formatCommandError(errorOf(single.result))).toMatch(
        /split refused for pair p2: the split of group g \(command #\d+\) is still taking effect on it; wait until it is acknowledged$/,
      );
      // Every member of the group took effect, from the state it was in then.
      const members = recordsOf(w, 'g', PAIRS.length);
      expect(members.map((r) => [r.target, r.group, r.error, r.stateBefore])).toEqual(PAIRS.map((p) => [p, 'g', null, 'Synchronized']));
      for (const record of members) expect(record.effectiveNs).toBeGreaterThan(0);
      // The interloper came between the group's acceptance and p2's step.
      const refusedNs = w.history.commands.at(-1)!.completeNs;
      expect(refusedNs).toBeGreaterThan(members[0]!.issueNs + commandNs);
      expect(refusedNs).toBeLessThan(members[1]!.effectiveNs);
      expect(PAIRS.map((p) => w.state(p))).toEqual(['Split', 'Split', 'Split']);
      expect(w.pair('p2').phases).toHaveLength(1);
      // The refused one names no group if addressed to the pair, its group otherwise.
      expect(w.history.commands.at(-1)).toMatchObject({ target: 'p2', group: interloper === 'h' ? 'h' : null, error: interloper === 'h' ? 'group-refused' : 'command-under-way' });
    });
  }

  it('once the group split is acknowledged, its members take commands again', () => {
    const w = threePairs();
    const group = w.command(w.split('g', { instant: true }));
    w.runUntil(() => group.result !== undefined);
    expect(group.result?.ok).toBe(true);
    const restore = w.command(w.restore('p2'));
    w.run();
    expect(restore.result).toEqual({ ok: true, pairs: ['p2'] });
  });

  it('a forced group split whose member finished its copy before its step records the state it took effect from', () => {
    // A twin world tells when p2's establish finishes; the split is issued so that the copy ends between acceptance and p2's step.
    const doneNs = (() => {
      const twin = establishing();
      twin.runUntil(() => twin.state('p2') === 'Synchronized');
      return twin.sim.now;
    })();
    const w = establishing();
    const { commandNs, splitStepNs } = w.protocol.config;
    w.sim.run({ untilNs: doneNs - commandNs - splitStepNs });
    expect(w.state('p2')).toBe('SyncInProg');
    const group = w.command(w.split('g', { force: true }));
    let atAcceptance = '';
    w.at(w.sim.now + commandNs, () => (atAcceptance = w.state('p2')));
    w.run();
    expect(atAcceptance).toBe('SyncInProg');
    expect(group.result?.ok).toBe(true);
    const p2 = recordsOf(w, 'g', PAIRS.length)[1]!;
    expect(p2).toMatchObject({ target: 'p2', error: null, stateBefore: 'Synchronized' });
    expect(w.state('p2')).toBe('Split');
  });

  it('a member changed behind the protocol\'s back before its step is a programmer error, not a refusal', () => {
    const w = threePairs();
    w.command(w.split('g'));
    w.runFor(w.protocol.config.commandNs + w.protocol.config.splitStepNs / 2);
    w.pair('p3').state = { name: 'Split' };
    expect(() => w.run()).toThrow(AssertionError);
  });
});

/** p1 and p3 Synchronized, p2 establishing at 4 MB/s. */
function establishing(): World {
  const w = world({
    blocks: 256,
    volumes: ['std1', 'std2', 'std3', 'bcv1', 'bcv2', 'bcv3'],
    pairs: PAIRS.map((name, i) => ({ name, std: `std${i + 1}`, bcv: `bcv${i + 1}`, copy: { rateMBps: 4 } })),
    groups: [{ name: 'g', pairs: [...PAIRS] }],
  });
  synchronize(w, 'p1');
  synchronize(w, 'p3');
  w.command(w.establish('p2'));
  w.runUntil(() => w.state('p2') === 'SyncInProg');
  return w;
}

function errorOf(result: CommandResult | undefined) {
  if (result?.ok !== false) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.error;
}

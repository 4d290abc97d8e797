import { describe, expect, it } from 'vitest';
import { formatCommandError } from './errors.js';
import type { CommandRequest, CommandResult } from './protocol.js';
import { start, synchronize } from './testing/reach.js';
import { commandNow } from './testing/snapshot.js';
import { world, type World } from './testing/world.js';

/**
 * One standard with two BCVs in one group: `a` (std → bcv1) and `b` (std →
 * bcv2) in `g`, and `c` (std2 → bcv3), of another standard, in `g` too.
 * `ab` groups only the two siblings.
 */
function siblings(): World {
  const w = world({
    blocks: 256,
    volumes: ['std', 'bcv1', 'bcv2', 'std2', 'bcv3'],
    pairs: [
      { name: 'a', std: 'std', bcv: 'bcv1' },
      { name: 'b', std: 'std', bcv: 'bcv2' },
      { name: 'c', std: 'std2', bcv: 'bcv3' },
    ],
    groups: [
      { name: 'g', pairs: ['a', 'c', 'b'] },
      { name: 'ab', pairs: ['a', 'b'] },
    ],
  });
  for (let b = 0; b < 256; b += 16) w.write('std', b, 3);
  w.run();
  return w;
}

/** Both siblings split from STD at different times (so their snapshots differ), c split too. */
function allSplit(): World {
  const w = siblings();
  for (const pair of ['a', 'b', 'c']) synchronize(w, pair);
  w.command(w.split('a'));
  w.run();
  w.write('std', 40, 4);
  w.run();
  w.command(w.split('b'));
  w.command(w.split('c'));
  w.run();
  w.write('std', 80, 4);
  w.run();
  return w;
}

const PAIRS = ['a', 'b', 'c'];

describe('a group command over two BCVs of one standard', () => {
  for (const options of [{ protected: true }, { protected: false }, { incremental: true, protected: true }]) {
    it(`a group restore (${JSON.stringify(options)}) is refused as a whole, naming the sibling of the same command`, () => {
      const w = allSplit();
      const { before, after, result } = commandNow(w, w.restore('g', options), PAIRS);
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'group-refused',
          group: 'g',
          members: [{ code: 'std-busy', pair: 'b', command: 'restore', std: 'std', otherPair: 'a', otherState: 'RestInProg', sameCommand: true }],
        },
      });
      expect(after).toEqual(before);
      w.run();
      expect(PAIRS.map((p) => w.state(p))).toEqual(['Split', 'Split', 'Split']);
      const message = formatCommandError(result!.ok ? (null as never) : result!.error);
      expect(message).toBe(
        'group g refused, nothing changed: restore refused for pair b: pair a, earlier in this same command, would restore its standard std ' +
          '(a standard is restored by one pair at a time, with no other pair mirroring it); restore one pair of each standard',
      );
      // Every member's record says so, with the group named.
      for (const record of w.history.commands.slice(-3)) expect(record).toMatchObject({ error: 'group-refused', group: 'g', message, effectiveNs: -1 });
    });
  }

  it('for contrast, one restore at a time is accepted, and the second is refused while the first runs', () => {
    const w = allSplit();
    expect(commandNow(w, w.restore('a'), PAIRS).result).toEqual({ ok: true, pairs: ['a'] });
    const { result } = commandNow(w, w.restore('b'), PAIRS);
    expect(result).toMatchObject({ ok: false, error: { code: 'std-busy', pair: 'b', otherPair: 'a', otherState: 'RestInProg', sameCommand: false } });
  });

  it('a group establish of both siblings is accepted (two mirrors of one standard), and each ends equal to it', () => {
    const w = allSplit();
    expect(commandNow(w, w.establish('g', true), PAIRS).result).toEqual({ ok: true, pairs: ['a', 'c', 'b'] });
    w.run();
    expect(PAIRS.map((p) => w.state(p))).toEqual(['Synchronized', 'Synchronized', 'Synchronized']);
    expect(w.content('bcv1')).toEqual(w.content('std'));
    expect(w.content('bcv2')).toEqual(w.content('std'));
  });

  it('a group split of both siblings is accepted, and a consistent one gives both the same snapshot', () => {
    const w = siblings();
    for (const pair of PAIRS) synchronize(w, pair);
    expect(commandNow(w, w.split('ab', { consistent: true }), PAIRS).result).toBeUndefined(); // acknowledged once every member split
    w.run();
    expect(PAIRS.map((p) => w.state(p))).toEqual(['Split', 'Split', 'Synchronized']);
    expect(w.content('bcv1')).toEqual(w.content('bcv2'));
  });
});

describe('group commands agree with the single-pair rules', () => {
  /**
   * A group command is accepted exactly when its members' commands, issued
   * one after the other to pairs in the same states, would each be
   * accepted; and then it leaves the pairs in the same states.
   */
  const requests = (target: string, w: World): CommandRequest[] => [
    w.establish(target),
    w.establish(target, true),
    w.split(target),
    w.split(target, { force: true }),
    w.restore(target),
    w.restore(target, { protected: false }),
  ];
  const worlds: Record<string, () => World> = {
    'never established': siblings,
    'all Synchronized': () => {
      const w = siblings();
      for (const pair of PAIRS) synchronize(w, pair);
      return w;
    },
    'all Split': allSplit,
    'a Synchronized, b Split': () => {
      const w = allSplit();
      synchronize(w, 'a');
      return w;
    },
    'a restoring, b Split': () => {
      const w = allSplit();
      start(w, w.restore('a'), 'RestInProg', 'a');
      return w;
    },
  };

  for (const [name, fresh] of Object.entries(worlds)) {
    it(`${name}: every command to ab is accepted iff a then b would be, and leaves the same states`, () => {
      for (let i = 0; i < requests('ab', fresh()).length; i++) {
        const grouped = fresh();
        const request = requests('ab', grouped)[i]!;
        const groupResult = commandNow(grouped, request, ['a', 'b']).result;
        const single = fresh();
        const first = commandNow(single, requests('a', single)[i]!, ['a', 'b']).result;
        const second = commandNow(single, requests('b', single)[i]!, ['a', 'b']).result;
        // A split is acknowledged once it is done: not refused at once means accepted.
        const accepted = (r: CommandResult | undefined) => r === undefined || r.ok;
        const label = `${request.name} ${JSON.stringify(request.options)}`;
        expect(accepted(groupResult), label).toBe(accepted(first) && accepted(second));
        if (!accepted(groupResult)) continue;
        grouped.run();
        single.run();
        expect(['a', 'b'].map((p) => grouped.state(p)), label).toEqual(['a', 'b'].map((p) => single.state(p)));
      }
    });
  }
});

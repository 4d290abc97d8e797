import { describe, expect, it } from 'vitest';
import { formatCommandError, type CommandError } from './errors.js';
import type { CommandResult } from './protocol.js';
import { start, synchronize } from './testing/reach.js';
import { commandNow } from './testing/snapshot.js';
import { world } from './testing/world.js';

/** One standard with two BCVs: pairs `a` (std → bcv1) and `b` (std → bcv2). */
function twoBcvs() {
  const w = world({
    blocks: 256,
    volumes: ['std', 'bcv1', 'bcv2'],
    pairs: [
      { name: 'a', std: 'std', bcv: 'bcv1', copy: { rateMBps: 4 } },
      { name: 'b', std: 'std', bcv: 'bcv2', copy: { rateMBps: 4 } },
    ],
  });
  for (let b = 0; b < 256; b += 16) w.write('std', b, 3);
  w.run();
  return w;
}

describe('driver: std-busy — one standard, two BCVs', () => {
  it('while a restores the standard, a restore or an establish of b is refused and changes nothing', () => {
    const w = twoBcvs();
    synchronize(w, 'a');
    synchronize(w, 'b');
    w.command(w.split('a'));
    w.command(w.split('b'));
    w.run();
    w.write('std', 30, 4);
    w.run();
    start(w, w.restore('a'), 'RestInProg', 'a');
    for (const request of [w.restore('b'), w.restore('b', { incremental: true, protected: false }), w.establish('b'), w.establish('b', true)]) {
      const { before, after, result } = commandNow(w, request, ['a', 'b']);
      expect(result).toEqual({
        ok: false,
        error: { code: 'std-busy', pair: 'b', command: request.name, std: 'std', otherPair: 'a', otherState: 'RestInProg', sameCommand: false },
      });
      expect(after).toEqual(before);
      expect(formatCommandError(errorOf(result))).toBe(
        `${request.name} refused for pair b: its standard std is in use by pair a (RestInProg); split that pair first`,
      );
    }
  });

  it('while a mirrors the standard, a restore of b is refused (an establish of b is not)', () => {
    const w = twoBcvs();
    synchronize(w, 'b');
    w.command(w.split('b'));
    w.run();
    synchronize(w, 'a');
    for (const request of [w.restore('b'), w.restore('b', { protected: false })]) {
      const { before, after, result } = commandNow(w, request, ['a', 'b']);
      expect(result).toEqual({
        ok: false,
        error: { code: 'std-busy', pair: 'b', command: request.name, std: 'std', otherPair: 'a', otherState: 'Synchronized', sameCommand: false },
      });
      expect(after).toEqual(before);
    }
    expect(commandNow(w, w.establish('b', true), ['a', 'b']).result).toEqual({ ok: true, pairs: ['b'] });
  });
});

describe('driver: unknown-target', () => {
  it('a command to a name that is neither a pair nor a group is refused, listing the known names', () => {
    const w = world({ volumes: ['std', 'bcv'], groups: [{ name: 'g', pairs: ['p1'] }] });
    const { before, after, result } = commandNow(w, w.establish('nope'));
    expect(result).toEqual({ ok: false, error: { code: 'unknown-target', command: 'establish', target: 'nope', known: ['p1', 'g'] } });
    expect(after).toEqual(before);
    expect(w.history.commands.at(-1)).toMatchObject({ target: 'nope', error: 'unknown-target', message: 'establish refused: no pair or group named nope; known: p1, g' });
  });
});

describe('driver: group-refused — a group command is all or nothing', () => {
  function group() {
    const w = world({
      blocks: 256,
      volumes: ['std1', 'bcv1', 'std2', 'bcv2'],
      pairs: [
        { name: 'p1', std: 'std1', bcv: 'bcv1' },
        { name: 'p2', std: 'std2', bcv: 'bcv2' },
      ],
      groups: [{ name: 'g', pairs: ['p1', 'p2'] }],
    });
    synchronize(w, 'p1');
    synchronize(w, 'p2');
    w.command(w.split('p2'));
    w.run();
    w.write('std2', 10, 2);
    w.run();
    return w;
  }

  it('a split of a group with one member not Synchronized splits none of them', () => {
    const w = group();
    const { before, after, result } = commandNow(w, w.split('g', { consistent: true }), ['p1', 'p2']);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'group-refused',
        group: 'g',
        members: [{ code: 'illegal-in-state', pair: 'p2', state: 'Split', command: 'split', legal: ['establish', 'restore'] }],
      },
    });
    expect(after).toEqual(before);
    w.run();
    expect([w.state('p1'), w.state('p2')]).toEqual(['Synchronized', 'Split']);
    expect(formatCommandError(errorOf(result))).toBe(
      'group g refused, nothing changed: split refused for pair p2: it is Split; legal now: establish, restore',
    );
  });

  it('a restore of a group with one member Synchronized restores none of them', () => {
    const w = group();
    const { before, after, result } = commandNow(w, w.restore('g'), ['p1', 'p2']);
    expect(result?.ok).toBe(false);
    expect(errorOf(result)).toMatchObject({ code: 'group-refused', members: [{ pair: 'p1', state: 'Synchronized' }] });
    expect(after).toEqual(before);
  });

  it('for contrast, the same group establishes once every member is split', () => {
    const w = group();
    w.command(w.split('p1'));
    w.run();
    w.write('std1', 3, 1);
    w.run();
    expect(commandNow(w, w.establish('g', true)).result).toEqual({ ok: true, pairs: ['p1', 'p2'] });
    w.run();
    expect([w.state('p1'), w.state('p2')]).toEqual(['Synchronized', 'Synchronized']);
    expect(w.content('bcv1')).toEqual(w.content('std1'));
    expect(w.content('bcv2')).toEqual(w.content('std2'));
  });
});

/** The error of a refused command (fails the test if it was accepted). */
function errorOf(result: CommandResult | undefined): CommandError {
  if (result?.ok !== false) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.error;
}

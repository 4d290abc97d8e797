import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { scriptArbitrary } from './arbitraries.js';
import { runScript } from './run-script.js';
import type { Script } from './script.js';
import { PLAIN_VOLUME, volumesOf } from './world.js';

describe('the generator draws what its steering never would', () => {
  const scripts = fc.sample(scriptArbitrary(), { seed: 3, numRuns: 200 });

  it('commands to a name no pair or group has, refused as unknown-target', () => {
    let refused = 0;
    for (const script of scripts.filter((s) => s.actions.some((a) => 'target' in a && ['std0', 'p9z', 'g9'].includes(a.target))).slice(0, 20)) {
      refused += runScript(script).history.commands.filter((c) => c.error === 'unknown-target').length;
    }
    expect(refused).toBeGreaterThanOrEqual(10);
  });

  it('worlds with a volume in no pair, which host I/O reaches', () => {
    const plain = scripts.filter((s) => s.world.plainVolume === true);
    expect(plain.length).toBeGreaterThan(20);
    expect(plain.every((s) => volumesOf(s.world).at(-1) === PLAIN_VOLUME)).toBe(true);
    expect(plain.filter((s) => s.actions.some((a) => a.kind === 'io' && a.volume === PLAIN_VOLUME)).length).toBeGreaterThan(10);
  });

  it('a write to the volume in no pair that never lands fails the gate (no-lost-writes)', () => {
    const world = { ...scripts[0]!.world, plainVolume: true, bcvsPerStd: [1], groups: [] };
    const io = { kind: 'io', host: 0, volume: PLAIN_VOLUME, block: 0, blocks: 1 } as const;
    const script: Script = { seed: 1, world, actions: [{ ...io, atUs: 0, write: true }, { ...io, atUs: 1000, write: false }], choices: [] };
    const run = runScript(script);
    expect(checkHistory(run.history).verdicts).toEqual([]);
    // The write as a protocol that dropped it would leave the history: its read returns what was there before.
    const read = [...run.history.ops()].find((op) => !op.write)!;
    read.stamps.fill(0);
    expect(checkHistory(run.history).verdicts.map((v) => v.guarantee)).toContain('no-lost-writes');
  });
});

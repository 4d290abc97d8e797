import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import { NS_PER_S } from '../engine/time.js';
import { parseScenario } from './load.js';
import { runScenario } from './runner.js';

/**
 * A group of two BCVs of one standard: split one after the other, then the
 * group restores. Two restores into one standard at one instant used to be
 * accepted (each member was checked against the states before any was
 * applied), and the history broke snapshot consistency, lost writes and
 * progress.
 */
const GROUP_RESTORE_SHARED_STD = `
name: group-restore-shared-std
seed: 11
duration: 4s
array:
  drives: [{ count: 4, prefix: d, model: fixed, service: 1ms }]
  cache: { size: 64MiB }
  volumes:
    - { name: prod, size: 4MiB, drives: [d0, d1] }
    - { name: b1, size: 4MiB, drives: [d2] }
    - { name: b2, size: 4MiB, drives: [d3] }
pairs: [{ name: pa, std: prod, bcv: b1 }, { name: pb, std: prod, bcv: b2 }]
groups: [{ name: g, pairs: [pa, pb] }]
protocol: { copy: { concurrency: 2, rateMBps: 8 } }
hosts:
  - { name: db, workload: { volumes: [prod], distribution: uniform, readFraction: 0.5, size: 4KiB, iops: 800 } }
timeline:
  - { at: 10ms, establish: g }
  - { id: sa, when: pair pa is Synchronized, after: 100ms, split: pa }
  - { id: sb, when: step sa done, after: 300ms, split: pb }
  - { id: r, when: step sb done, after: 300ms, restore: g, protected: true }
`;

describe('a group restore of two BCVs of one standard', () => {
  it('is refused as a whole with a message naming the sibling, and the history keeps every guarantee', () => {
    const scenario = parseScenario(GROUP_RESTORE_SHARED_STD, 'group-restore-shared-std.yaml');
    const { result, history } = runScenario(scenario, { history: { ops: true, physical: true } });
    const message =
      'group g refused, nothing changed: restore refused for pair pb: pair pa, earlier in this same command, would restore its standard prod ' +
      '(a standard is restored by one pair at a time, with no other pair mirroring it); restore one pair of each standard';
    // The refusal is located at its timeline step, and in both members' records.
    expect(result.timeline.filter((step) => step.error !== null)).toMatchObject([{ index: 3, id: 'r', action: 'restore', target: 'g', error: message }]);
    expect(history.commands.filter((c) => c.command === 'restore')).toMatchObject([
      { target: 'pa', group: 'g', error: 'group-refused', effectiveNs: -1, stateBefore: 'Split', message },
      { target: 'pb', group: 'g', error: 'group-refused', effectiveNs: -1, stateBefore: 'Split', message },
    ]);
    expect(result.pairs.map((p) => [p.name, p.finalState, p.phases.map((phase) => phase.kind)])).toEqual([
      ['pa', 'Split', ['establish']],
      ['pb', 'Split', ['establish']],
    ]);
    const check = checkHistory(history, { progress: { phaseBoundNs: 4 * NS_PER_S }, ioBoundNs: NS_PER_S });
    expect(check.verdicts.map((v) => v.message)).toEqual([]);
    expect(check.stats.skipped).toEqual([]);
    expect(check.stats.readsChecked).toBeGreaterThan(1000);
    expect(check.stats.refusedCommandsChecked).toBe(2);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, STATE_LABELS } from '../src/verify/coverage.js';
import { formatCounterexample } from '../src/verify/format.js';
import { propertySeed, runGate, type GateResult } from '../src/verify/gate.js';
import { PROPERTY_NAMES } from '../src/verify/properties.js';
import { SUITE_RUNS, SUITE_SEED } from './settings.js';

/**
 * One property per guarantee of DESIGN.md §1 (plus determinism): generated
 * scripts of timed host I/O and pair commands run on the simulated array —
 * a safety phase with the script's actions, a liveness phase in which every
 * copy must finish — and the recorded history is checked.
 *
 * The scripts are run once, by the gate (`mirrorsim check`), and both the
 * verdicts and the coverage of the state space are read from its result:
 * the same scripts per property (same seed, same count) as fast-check's own
 * runner would generate.
 */
let gate: GateResult;
beforeAll(() => {
  gate = runGate({ runs: SUITE_RUNS, seed: SUITE_SEED });
}, 120_000);

describe('the protocol keeps its guarantees', () => {
  for (const property of PROPERTY_NAMES) {
    it(`${property} (with seed=${propertySeed(SUITE_SEED, property)})`, () => {
      const result = gate.properties.find((p) => p.property === property)!;
      const failure = result.counterexample && formatCounterexample(property, result.counterexample).join('\n');
      expect(failure).toBeNull();
      expect(result.status).toBe('passed');
      expect(result.runs).toBe(SUITE_RUNS);
    });
  }
});

describe('coverage of the state space', () => {
  it('a run of the default size exercises every (state, command) combination and every redirection path', () => {
    expect(gate.properties.map((p) => p.status)).toEqual(PROPERTY_NAMES.map(() => 'passed'));
    const { coverage } = gate;
    expect(coverage.runs).toBe(PROPERTY_NAMES.length * SUITE_RUNS);
    expect(coverage.missing()).toEqual([]);
    // Nine states, three of them with and without protection, × three commands: exactly these, none mislabelled.
    const combinations = STATE_LABELS.flatMap((state) => COMMANDS.map((command) => `${state} × ${command}`));
    expect(combinations).toHaveLength(12 * 3);
    expect([...coverage.commands.keys()].sort()).toEqual([...combinations].sort());
    // Every combination is reached more than once, and the paths are used in earnest.
    for (const [combination, count] of coverage.commands) expect(count, combination).toBeGreaterThan(1);
    expect(coverage.paths.get('copy-on-read')).toBeGreaterThan(10);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, PATHS, STATE_LABELS } from '../src/verify/coverage.js';
import { formatCounterexample } from '../src/verify/format.js';
import { runGate, type GateResult } from '../src/verify/gate.js';
import { PROPERTY_NAMES } from '../src/verify/properties.js';
import { PATH_FLOORS, SUITE_RUNS, SUITE_SEED } from './settings.js';

/**
 * One property per guarantee of DESIGN.md §1 (plus determinism): generated
 * scripts of timed host I/O, pair commands and faults run on the world each
 * draws — a safety phase with the script's actions, a liveness phase in
 * which every copy must finish — and the recorded history is judged by
 * every property. The scripts are run once, by the gate (`mirrorsim check`),
 * and both the verdicts and the coverage are read from its result.
 */
let gate: GateResult;
beforeAll(() => {
  gate = runGate({ runs: SUITE_RUNS, seed: SUITE_SEED });
}, 600_000);

describe('the protocol keeps its guarantees', () => {
  it(`runs ${SUITE_RUNS} scripts (seed ${SUITE_SEED}) without a crash`, () => {
    const c = gate.counterexample;
    expect(c && formatCounterexample(c).join('\n')).toBeNull();
    expect(gate.runs).toBe(SUITE_RUNS);
  });

  for (const property of PROPERTY_NAMES) {
    it(property, () => {
      const result = gate.properties.find((p) => p.property === property)!;
      expect(result.status).toBe('passed');
      expect(result.runs).toBe(SUITE_RUNS);
    });
  }
});

describe('coverage of the state space', () => {
  it('has the state machine decide every (state, command) combination', () => {
    // Nine states, three of them with and without protection, × three commands: exactly these, none mislabelled.
    const combinations = STATE_LABELS.flatMap((state) => COMMANDS.map((command) => `${state} × ${command}`));
    expect(combinations).toHaveLength(12 * 3);
    // A combination counts once the state machine decided it (accepted, or refused for the state). The rarest come
    // from the generator's follow-up commands: a command while a split settles (after an instant split, while a
    // write reaches the BCV's drives) 1-13 times per command in 1000 scripts over seeds 4 and 11-30 (an establish
    // twice at seed 4), and after a forced split of an unprotected restore 7-36 times.
    const decided = new Set(gate.coverage.commands.keys());
    expect(combinations.filter((c) => !decided.has(c))).toEqual([]);
  });

  it('takes every special path at least as often as its floor', () => {
    expect(gate.coverage.missingPaths()).toEqual([]);
    const below = PATHS.filter((path) => (gate.coverage.paths.get(path) ?? 0) < PATH_FLOORS[path]).map((path) => `${path}: ${gate.coverage.paths.get(path) ?? 0} < ${PATH_FLOORS[path]}`);
    expect(below).toEqual([]);
  });
});

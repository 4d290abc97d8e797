import { describe, expect, it } from 'vitest';
import { COMMANDS, STATE_LABELS } from '../src/verify/coverage.js';
import { runGate } from '../src/verify/gate.js';
import { PROPERTY_NAMES } from '../src/verify/properties.js';
import { SUITE_RUNS, SUITE_SEED } from './settings.js';

describe('coverage of the state space', () => {
  it('a run of the default size exercises every (state, command) combination and every redirection path', () => {
    const result = runGate({ runs: SUITE_RUNS, seed: SUITE_SEED });
    expect(result.properties.map((p) => p.status)).toEqual(result.properties.map(() => 'passed'));
    const { coverage } = result;
    expect(coverage.runs).toBe(PROPERTY_NAMES.length * SUITE_RUNS);
    expect(coverage.missing()).toEqual([]);
    // Nine states, two of them with and without protection, × three commands: exactly these, none mislabelled.
    const combinations = STATE_LABELS.flatMap((state) => COMMANDS.map((command) => `${state} × ${command}`));
    expect(combinations).toHaveLength(11 * 3);
    expect([...coverage.commands.keys()].sort()).toEqual([...combinations].sort());
    // Every combination is reached more than once, and the paths are used in earnest.
    for (const [combination, count] of coverage.commands) expect(count, combination).toBeGreaterThan(1);
    expect(coverage.paths.get('copy-on-read')).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import { runGate } from '../src/verify/gate.js';
import { SUITE_RUNS, SUITE_SEED } from './settings.js';

describe('coverage of the state space', () => {
  it('a run of the default size exercises every (state, command) combination and every redirection path', () => {
    const result = runGate({ runs: SUITE_RUNS, seed: SUITE_SEED });
    expect(result.properties.map((p) => p.status)).toEqual(result.properties.map(() => 'passed'));
    expect(result.coverage.missing()).toEqual([]);
    // Every combination is reached more than once, and the paths are used in earnest.
    expect(Math.min(...result.coverage.commands.values())).toBeGreaterThan(0);
    expect(result.coverage.paths.get('copy-on-read')).toBeGreaterThan(10);
  });
});

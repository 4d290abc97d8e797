import { describe, expect, it } from 'vitest';
import { seededBug } from './bugs/catalogue.js';
import { runGate } from './gate.js';

/**
 * `npm run bench:gate` reads `check --runs N` off a `check --time` trial of
 * the same seed: that holds only if a seed draws the same scripts, in the
 * same order, whatever bounds the run.
 */
describe('a seed draws the same scripts under a run count and a time budget', () => {
  it('finds a seeded bug at the same script, shrunk to the same counterexample', () => {
    const bug = seededBug('copy-on-read-without-write')!;
    const options = { seed: 1003, variant: bug.variant, bug: bug.name };
    const counted = runGate({ ...options, runs: 300 }).counterexample;
    const timed = runGate({ ...options, runs: 1_000_000_000, timeLimitMs: 600_000 }).counterexample;
    expect(counted).not.toBeNull();
    expect(timed?.runsToFailure).toBe(counted!.runsToFailure);
    expect(timed?.script).toEqual(counted!.script);
  });
});

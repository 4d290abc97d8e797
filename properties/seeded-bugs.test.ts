import { describe, expect, it } from 'vitest';
import { SEEDED_BUGS } from '../src/verify/bugs/catalogue.js';
import { DEFAULT_SIZE, FAULT_SIZE } from '../src/verify/arbitraries.js';
import { detect } from '../src/verify/gate.js';
import { SUITE_SEED } from './settings.js';

/**
 * The gate is shown to work by planting bugs: every bug of the catalogue
 * must be found by the property suite and shrunk to a short script.
 */
/**
 * A hang guard, not a performance target: finding a bug and shrinking its
 * counterexample takes up to about a minute on an idle machine (thousands of
 * shrink steps for copy-overwrites-host-write), and several times that on
 * two cores busy with other test files.
 */
const DETECT_MS_MAX = 400_000;

describe('the property suite detects every seeded bug', () => {
  it('has at least ten bugs', () => {
    expect(SEEDED_BUGS.filter((bug) => !bug.faults).length).toBeGreaterThanOrEqual(10);
    expect(SEEDED_BUGS.filter((bug) => bug.faults).length).toBeGreaterThanOrEqual(3);
  });

  for (const bug of SEEDED_BUGS) {
    it(`${bug.name}: ${bug.description}`, () => {
      const { result, runs } = detect(bug.variant, { seed: SUITE_SEED, runsPerProperty: 1000, bug: bug.name, size: bug.faults ? FAULT_SIZE : DEFAULT_SIZE });
      expect(result?.counterexample, `not detected in ${runs} runs`).toBeTruthy();
      expect(result!.counterexample!.script.actions.length).toBeLessThanOrEqual(12);
    }, DETECT_MS_MAX);
  }
});

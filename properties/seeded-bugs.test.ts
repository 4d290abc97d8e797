import { describe, expect, it } from 'vitest';
import { SEEDED_BUGS } from '../src/verify/bugs/catalogue.js';
import { detect } from '../src/verify/gate.js';
import { SUITE_SEED } from './settings.js';

/**
 * The gate is shown to work by planting bugs: every bug of the catalogue
 * must be found by the property suite and shrunk to a short script.
 */
describe('the property suite detects every seeded bug', () => {
  it('has at least ten bugs', () => {
    expect(SEEDED_BUGS.length).toBeGreaterThanOrEqual(10);
  });

  for (const bug of SEEDED_BUGS) {
    it(`${bug.name}: ${bug.description}`, () => {
      const { result, runs } = detect(bug.variant, { seed: SUITE_SEED, runsPerProperty: 1000, bug: bug.name });
      expect(result?.counterexample, `not detected in ${runs} runs`).toBeTruthy();
      expect(result!.counterexample!.script.actions.length).toBeLessThanOrEqual(12);
    });
  }
});

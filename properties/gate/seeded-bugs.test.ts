import { describe, expect, it } from 'vitest';
import { SEEDED_BUGS } from '../../src/verify/bugs/catalogue.js';
import { formatScript } from '../../src/verify/script.js';
import { runGate } from '../../src/verify/gate.js';
import { GATE_RUNS, SUITE_SEED } from '../settings.js';

/**
 * The gate is shown to work by planting bugs: every bug of the catalogue
 * must be found by the gate within `GATE_RUNS` scripts (twice its default
 * size, see settings.ts) on the suite's seed and shrunk to a short script.
 * How often the default size finds it on seeds nobody pinned, and how fast,
 * is `npm run bench:gate`'s job.
 */
describe('the gate finds every seeded bug', () => {
  it('has at least 25 bugs', () => {
    expect(SEEDED_BUGS.length).toBeGreaterThanOrEqual(25);
  });

  for (const bug of SEEDED_BUGS) {
    it(`${bug.name}: ${bug.description}`, () => {
      const result = runGate({ runs: GATE_RUNS, seed: SUITE_SEED, variant: bug.variant, bug: bug.name });
      const c = result.counterexample;
      expect(c, `not found in ${result.runs} scripts`).toBeTruthy();
      expect(c!.script.actions.length, formatScript(c!.script)).toBeLessThanOrEqual(12);
    });
  }
});

import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { scriptArbitrary } from '../src/verify/arbitraries.js';
import { propertySeed } from '../src/verify/gate.js';
import { evaluate, PROPERTY_NAMES } from '../src/verify/properties.js';
import { formatScript } from '../src/verify/script.js';
import { SUITE_RUNS, SUITE_SEED } from './settings.js';

/**
 * One property per guarantee of DESIGN.md §1 (plus determinism): generated
 * scripts of timed host I/O and pair commands run on the simulated array —
 * a safety phase with the script's actions, a liveness phase in which every
 * copy must finish — and the recorded history is checked.
 */
describe('the protocol keeps its guarantees', () => {
  for (const property of PROPERTY_NAMES) {
    test.prop([scriptArbitrary()], { seed: propertySeed(SUITE_SEED, property), numRuns: SUITE_RUNS })(property, (script) => {
      const outcome = evaluate(script, property);
      const failure = outcome.kind === 'kept' ? null : `${outcome.kind}: ${outcome.message}\n${formatScript(script)}`;
      expect(failure).toBeNull();
    });
  }
});




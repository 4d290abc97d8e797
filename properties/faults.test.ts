import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { FAULT_SIZE, scriptArbitrary } from '../src/verify/arbitraries.js';
import { propertySeed } from '../src/verify/gate.js';
import { evaluate, PROPERTY_NAMES } from '../src/verify/properties.js';
import { formatScript } from '../src/verify/script.js';
import { SUITE_SEED } from './settings.js';

/**
 * The guarantees hold under the faults the configuration claims to tolerate:
 * a drive failure or media errors on RAID-1, director failures and power
 * losses anywhere. I/O may fail with an error; it may never return wrong data.
 */
describe('the protocol keeps its guarantees under faults', () => {
  for (const property of PROPERTY_NAMES) {
    test.prop([scriptArbitrary(FAULT_SIZE)], { seed: propertySeed(SUITE_SEED + 100, property), numRuns: 250 })(property, (script) => {
      const outcome = evaluate(script, property);
      expect(outcome.kind === 'kept' ? null : `${outcome.kind}: ${outcome.message}\n${formatScript(script)}`).toBeNull();
    });
  }
});

import * as fc from 'fast-check';
import { scriptArbitrary } from '../verify/arbitraries.js';
import { evaluate, PROPERTY_NAMES } from '../verify/properties.js';

/**
 * Property runs of the default script size: `scripts` generated scripts, each
 * run on the simulated array and judged by every property. Returns the number
 * of (script, property) runs (the caller times it).
 */
export function runPropertyBench(scripts: number): { runs: number; actions: number } {
  let actions = 0;
  let runs = 0;
  for (const script of fc.sample(scriptArbitrary(), { numRuns: scripts, seed: 1 })) {
    actions += script.actions.length;
    for (const property of PROPERTY_NAMES) {
      evaluate(script, property);
      runs++;
    }
  }
  return { runs, actions };
}

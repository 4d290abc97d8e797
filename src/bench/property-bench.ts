import * as fc from 'fast-check';
import { scriptArbitrary } from '../verify/arbitraries.js';
import { judge, PROPERTY_NAMES } from '../verify/properties.js';

/**
 * Property runs of the default script size: `scripts` generated scripts, each
 * run once on the world it draws and judged by every property, as the gate
 * does. Returns the number of scripts judged (the caller times it).
 */
export function runPropertyBench(scripts: number): { runs: number; actions: number } {
  let actions = 0;
  let runs = 0;
  for (const script of fc.sample(scriptArbitrary(), { numRuns: scripts, seed: 1 })) {
    actions += script.actions.length;
    judge(script, PROPERTY_NAMES);
    runs++;
  }
  return { runs, actions };
}

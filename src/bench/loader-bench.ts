import { ScenarioError } from '../scenario/errors.js';
import { parseScenario } from '../scenario/load.js';

/** A document of `keys` unknown top-level keys: each must be read, and all refused in one located line. */
export function manyKeysDocument(keys: number): string {
  return Array.from({ length: keys }, (_, i) => `k${i}: ${i}`).join('\n');
}

/** Loads the document (the caller times it); returns the problems it was refused with. */
export function runLoaderBench(text: string): number {
  try {
    parseScenario(text, 'bench.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems.length;
    throw error;
  }
  throw new Error('the benchmark document was accepted');
}

import { ScenarioError } from '../errors.js';

/** For tests: the lines of the ScenarioError that `run` throws (and an error when it throws none). */
export function scenarioErrorLines(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

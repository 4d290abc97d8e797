import type { Scenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';

/** Runs a scenario without recording the history; returns what it simulated (the caller times it). */
export function runScenarioBench(scenario: Scenario): { hostIos: number; events: number; simulatedS: number; traceHash: string } {
  const { result } = runScenario(scenario, { history: { ops: false } });
  return {
    hostIos: result.hosts.reduce((sum, host) => sum + host.completed, 0),
    events: result.events,
    simulatedS: result.simulatedNs / 1e9,
    traceHash: result.traceHash,
  };
}

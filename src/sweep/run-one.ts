import { parseScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';
import { extractMetrics, needsBreakdown, type MetricSpec } from './extractors.js';

/** One run of a sweep, as handed to a worker: plain data, so that it crosses threads by structured clone. */
export interface RunTask {
  readonly run: number;
  readonly seed: number;
  /** The point's scenario, validated when the experiment was loaded. */
  readonly scenarioText: string;
  /** Where the base scenario is: anchors the files it names. */
  readonly scenarioFile: string;
  readonly metrics: readonly MetricSpec[];
}

/** What a run gives back: its metrics (in the experiment's order) and its trace hash. The results themselves stay in the worker. */
export interface RunOutcome {
  readonly run: number;
  readonly metrics: readonly (number | null)[];
  readonly traceHash: string;
}

export function runOne(task: RunTask): RunOutcome {
  const scenario = parseScenario(task.scenarioText, task.scenarioFile, { breakdown: needsBreakdown(task.metrics) });
  const { result } = runScenario(scenario, { seed: task.seed });
  return { run: task.run, metrics: extractMetrics(result, task.metrics), traceHash: result.traceHash };
}

import type { ChartDoc } from './experiment-schema.js';
import type { MetricSpec } from './extractors.js';

/** A grid parameter: a path into the scenario and the values it takes. */
export interface Parameter {
  /** Column name in the outputs (the path unless the experiment named it). */
  readonly name: string;
  readonly path: string;
  readonly values: readonly unknown[];
}

/** A labelled variant: several paths set together. */
export interface Variant {
  readonly name: string;
  readonly set: readonly (readonly [path: string, value: unknown])[];
}

/** A metric with what its extractor says about it (for the outputs' headers and the report). */
export interface ResolvedMetric extends MetricSpec {
  readonly unit: string;
  readonly description: string;
}

/**
 * An experiment as validated, fully resolved: everything a sweep's outputs
 * and report need, stored in every output's sweep.json so that `merge`
 * needs nothing but the shard folders. Paths are as the command was given
 * them (relative to where it ran).
 */
export interface Experiment {
  readonly name: string;
  readonly description: string | null;
  readonly question: string | null;
  readonly findings: readonly string[];
  readonly file: string;
  readonly scenarioFile: string;
  readonly scenarioName: string;
  /** Of the experiment's and the base scenario's text: shards of different experiments are never merged. */
  readonly hash: string;
  readonly seed: number;
  readonly seeds: number;
  readonly parameters: readonly Parameter[];
  readonly variants: readonly Variant[];
  readonly metrics: readonly ResolvedMetric[];
  readonly charts: readonly ChartDoc[];
}

/** One point of the grid: its variant (when the experiment has variants) and one value of each parameter. */
export interface GridPoint {
  readonly index: number;
  /** Index into the experiment's variants, or null when it has none. */
  readonly variant: number | null;
  /** Index into each parameter's values. */
  readonly valueIndices: readonly number[];
}

/** An experiment ready to run: each point's scenario as validated text (a worker parses it again). */
export interface LoadedExperiment {
  readonly experiment: Experiment;
  readonly points: readonly GridPoint[];
  readonly scenarioTexts: readonly string[];
}

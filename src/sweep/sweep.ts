import type { Executor } from './executor.js';
import type { Experiment, GridPoint, LoadedExperiment } from './experiment.js';
import { inShard, pointParams, runsOf, variantName, type RunSpec, type Shard } from './grid.js';
import type { RunOutcome } from './run-one.js';

/** One run's line in the outputs (runs.jsonl, runs.csv). */
export interface RunRecord {
  readonly run: number;
  readonly point: number;
  readonly variant: string | null;
  /** Each grid parameter's value at this point, by parameter name. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: number;
  /** Each metric by name; null when the run had none. */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly traceHash: string;
}

/** The runs of a sweep, or of one shard of it, in run order. */
export interface SweepRuns {
  readonly experiment: Experiment;
  readonly shard: Shard | null;
  /** Runs in the whole sweep (all shards). */
  readonly runsTotal: number;
  readonly records: readonly RunRecord[];
}

export interface SweepOptions {
  readonly executor: Executor;
  readonly shard?: Shard | null;
  /** Called as each run finishes (in any order), with how many are done. */
  readonly onRunDone?: (done: number, total: number) => void;
}

/**
 * Runs a sweep (or a shard of it) on the executor. Every run is handed out
 * at once; the executor decides how many go at a time. Records are placed
 * by run index, so the result depends neither on the number of workers nor
 * on the order runs finish in.
 */
export async function runSweep(loaded: LoadedExperiment, options: SweepOptions): Promise<SweepRuns> {
  const { experiment, points, scenarioTexts } = loaded;
  const shard = options.shard ?? null;
  const mine = runsInShard(loaded, shard);
  let done = 0;
  const outcomes = await Promise.all(
    mine.map(async (spec) => {
      const task = { run: spec.run, seed: spec.seed, scenarioText: scenarioTexts[spec.point]!, scenarioFile: experiment.scenarioFile, metrics: experiment.metrics };
      const outcome = await options.executor.run(task).catch((error: unknown) => {
        throw new SweepRunError(experiment, points[spec.point]!, spec, error);
      });
      options.onRunDone?.(++done, mine.length);
      return outcome;
    }),
  );
  const records = mine.map((spec, i) => recordOf(experiment, points[spec.point]!, spec, outcomes[i]!));
  return { experiment, shard, runsTotal: points.length * experiment.seeds, records };
}

/** The runs a shard (or, with null, the whole sweep) runs, in run order. */
export function runsInShard(loaded: LoadedExperiment, shard: Shard | null): RunSpec[] {
  return runsOf(loaded.points.length, loaded.experiment.seeds, loaded.experiment.seed).filter((spec) => inShard(spec.run, shard));
}

export function recordOf(experiment: Experiment, point: GridPoint, spec: RunSpec, outcome: RunOutcome): RunRecord {
  return {
    run: spec.run,
    point: spec.point,
    variant: variantName(experiment, point),
    params: pointParams(experiment, point),
    seed: spec.seed,
    metrics: Object.fromEntries(experiment.metrics.map((m, i) => [m.name, outcome.metrics[i] ?? null])),
    traceHash: outcome.traceHash,
  };
}

/** A run of a sweep failed (a bug: scenarios were validated before the sweep began). Names the run, its point and seed. */
export class SweepRunError extends Error {
  override readonly name = 'SweepRunError';

  constructor(
    experiment: Experiment,
    point: GridPoint,
    readonly spec: RunSpec,
    readonly reason: unknown,
  ) {
    const settings = [
      ...(point.variant === null ? [] : [`variant ${experiment.variants[point.variant]!.name}`]),
      ...experiment.parameters.map((p, i) => `${p.name} = ${JSON.stringify(p.values[point.valueIndices[i]!])}`),
    ];
    const why = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    super(`run ${spec.run} of ${experiment.name} (point ${spec.point}: ${settings.join(', ') || 'the base scenario'}; seed ${spec.seed}) failed:\n${why}`);
  }
}

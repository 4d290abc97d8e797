/** Parameter sweeps: experiments over a base scenario, run in parallel or in shards, aggregated and reported. */
export { loadExperiment, parseExperiment } from './load-experiment.js';
export type { Experiment, LoadedExperiment, Parameter, Variant, ResolvedMetric } from './experiment.js';
export { EXTRACTORS, type Extractor, type MetricSpec } from './extractors.js';
export { runSweep, type RunRecord, type SweepRuns, type SweepOptions } from './sweep.js';
export { inProcessExecutor, type Executor } from './executor.js';
export { poolExecutor } from './pool-executor.js';
export { parseShard, type Shard } from './grid.js';
export { aggregate, type Aggregate } from './aggregate.js';
export { pointAggregates, type PointAggregate } from './outputs.js';
export { mergeSweeps, readSweepFolder, writeSweepFolder, SweepInputError, SWEEP_FILES } from './folders.js';
export { sweepCharts } from './report/sweep-charts.js';
export { sweepDoc } from './report/sweep-doc.js';

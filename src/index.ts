/**
 * mirrorsim's public API: what docs/api.md documents, and nothing else.
 * Every change to it shows in api/mirrorsim.api.md (`npm run api`), which
 * `npm test` holds to the code. Modules not named here are internal and may
 * change in any release.
 */

// Scenarios and runs.
export { loadScenario, parseScenario, type Scenario, type LoadOptions } from './scenario/load.js';
export type { ScenarioDoc } from './scenario/schema.js';
export { ScenarioError, type ScenarioProblem } from './scenario/errors.js';
export { runScenario, type RunOptions, type RunOutcome } from './scenario/runner.js';
export type { RunResult, ArraySummary, PairResult, PhaseResult, HostResult, DriveResult } from './scenario/results.js';
export type { GroupReport } from './metrics/group.js';
export type { PhaseReport, PhaseSpan } from './metrics/phases.js';
export type { IoPoint } from './metrics/io-series.js';
export type { LevelPoint, LevelTotals } from './metrics/level-series.js';
export type { TimeSeries } from './metrics/interval-series.js';
export type { UnrestoredReads } from './scenario/unrestored-reads.js';
export type { WindowBreakdown } from './scenario/phase-breakdown.js';
export type { WindowLatency, LatencyCdf } from './scenario/phase-latency.js';
export type { LatencyHistogramJson, LatencySummary } from './metrics/histogram.js';
export { STAGES, type StageName } from './metrics/stage-ledger.js';
export type { WindowName } from './report/restores.js';
export type { RunBreakdown } from './scenario/phase-breakdown.js';
export type { StepRecord } from './scenario/timeline.js';
export type { MetricsReport } from './metrics/collector.js';
export type { IoTotalsReport, LatencyByKind } from './metrics/io-totals.js';
export type { BreakdownBook, BreakdownFilter, StageBreakdown } from './metrics/breakdown-book.js';
export type { ProgressSample } from './protocol/progress.js';
export type { FaultRecord, FaultEvent } from './array/faults.js';
export { formatSummary } from './report/summary.js';

// Histories: recorded, written, read back.
export {
  History,
  type HostOp,
  type PhysicalWrite,
  type CopyRecord,
  type CommandRecord,
  type StateChangeRecord,
  type StateCause,
  type Topology,
  type HistorySettings,
  type HistoryBounds,
  type FaultEventRecord,
  type IndicatorRecord,
  type QueryRecord,
  type QueryAnswer,
  type RecordKind,
  type HistoryOptions,
  type WriteLayer,
  type WriteSource,
  type PairCopySettings,
  type CopiedTracks,
} from './array/history.js';
export { historyLines, HISTORY_FORMAT } from './report/history-jsonl.js';
export { readHistoryLines, HistoryFormatError } from './check/index.js';
export { perfettoLines, type PerfettoOptions } from './report/perfetto.js';

// Checkers: judge any history.
export {
  checkHistory,
  formatVerdict,
  GUARANTEES,
  type CheckResult,
  type CheckStats,
  type CheckOptions,
  type NotJudged,
  type Guarantee,
  type Verdict,
  type PhaseRef,
  type ReadViolation,
  type IsolationViolation,
  type ConvergenceViolation,
  type IncrementalViolation,
  type ProgressViolation,
  type RejectedCommandViolation,
  type CommandTableViolation,
  type GroupAtomicityViolation,
  type AvailabilityViolation,
  type IoEndViolation,
  type ReadAtomicityViolation,
  type IndicatorViolation,
  type DestageViolation,
  type BlockMismatch,
  type DifferingBlock,
  type IndicatorBlock,
  type OpRef,
  type PhysicalRef,
  type StateSpan,
  type Candidate,
  type Origin,
  type Span,
  type Via,
} from './check/index.js';

// The gate.
export { runGate, replayCounterexample, type GateOptions, type GateResult, type PropertyResult, type Counterexample } from './verify/gate.js';
export { PATHS, type Coverage, type CoverageJson, type PathName } from './verify/coverage.js';
export type { Judgement, Target, Outcome, Crash } from './verify/properties.js';
export type { ReplayToken } from './verify/replay.js';
export type { PathProbe } from './verify/path-probe.js';
export { formatGate, gateJson, gateJunit } from './verify/format.js';
export { PROPERTY_NAMES, type PropertyName } from './verify/properties.js';
export { SEEDED_BUGS, seededBug, type SeededBug, type BugArea } from './verify/bugs/catalogue.js';
export type { ProtocolVariant } from './verify/variant.js';
export { scriptArbitrary, DEFAULT_SIZE, type ScriptSize } from './verify/arbitraries.js';
export { runScript, type ScriptRun, type Convergence } from './verify/run-script.js';
export { formatScript, type Script, type Action, type FaultAction } from './verify/script.js';
export { formatWorld, type World, type CopySettings } from './verify/world.js';

// Sweeps.
export { loadExperiment, parseExperiment } from './sweep/load-experiment.js';
export type { Experiment, LoadedExperiment, Parameter, Variant, ResolvedMetric, GridPoint } from './sweep/experiment.js';
export type { ChartDoc, ExperimentDoc } from './sweep/experiment-schema.js';
export { OPS, STATS, WINDOW_NAMES, type MetricSpec, type Op, type Stat, type WindowName as MetricWindowName } from './sweep/extractors.js';
export type { RunTask } from './sweep/run-one.js';
export { runSweep, type RunRecord, type SweepRuns, type SweepOptions } from './sweep/sweep.js';
export { inProcessExecutor, type Executor } from './sweep/executor.js';
export { parseShard, type Shard } from './sweep/grid.js';
export { poolExecutor } from './sweep/pool-executor.js';
export { aggregate, type Aggregate } from './sweep/aggregate.js';
export { pointAggregates, type PointAggregate } from './sweep/outputs.js';
export { mergeSweeps, readSweepFolder, writeSweepFolder, SweepInputError } from './sweep/folders.js';

// Reports.
export { reportCharts, type ChartSpec } from './report/charts/index.js';
export type { ChartConfig, BarChartConfig, LineChartConfig, BarDataset, LineDataset, ChartOptions, AxisConfig, PhaseBand, XY } from './report/charts/types.js';
export { reportDoc, type ReportDoc } from './report/doc/index.js';
export type { Block } from './report/doc/blocks.js';
export { markdownReport } from './report/markdown.js';
export { htmlReport, type HtmlReportOptions } from './report/html/page.js';
export { renderPng, type PngOptions } from './report/render/png.js';
export { sweepCharts } from './sweep/report/sweep-charts.js';
export { sweepDoc } from './sweep/report/sweep-doc.js';

// Drives.
export {
  DRIVE_CHECK_TARGETS,
  runDriveCheck,
  type DriveCheckCalibration,
  type DriveCheckFigures,
  type DriveCheckResult,
  type DriveCheckComparison,
  type DriveCheckOptions,
  type DiskSimComparison,
} from './devices/drive-check/run.js';
export type { OverheadFit, FittedOverhead, CalibratedOverhead } from './devices/drive-check/calibrate.js';
export type { ResponseStats } from './devices/drive-check/stats.js';
export type { HddParams, CacheSpec, ControllerSpec, GeometrySpec, MechanicsSpec } from './devices/hdd/params.js';
export type { QueuePolicy } from './devices/queue-policy.js';

// The protocol and its extension parts (docs/gate.md, "Bring your own controller").
export { Protocol, type PairSpec, type GroupSpec, type CommandRequest, type CommandResult } from './protocol/protocol.js';
export { DEFAULT_PARTS, type ProtocolParts } from './protocol/parts.js';
export { transition, legalCommands, mirrors, bcvAddressable, PAIR_STATE_NAMES, type PairState, type PairStateName, type PairCommand } from './protocol/state.js';
export { DEFAULT_PROTOCOL, DEFAULT_COPY, type ProtocolConfig, type CopyConfig } from './protocol/config.js';
export { formatCommandError, type CommandError } from './protocol/errors.js';
export type { PairQuery } from './protocol/query.js';
export {
  ROUTING,
  type RoutingPolicy,
  type RoutingSettings,
  type PairView,
  type IoShape,
  type Moment,
  type Refused,
  type BcvReadPlan,
  type StdReadPlan,
  type TrackReadPlan,
  type BcvWritePlan,
  type StdWritePlan,
  type TrackWritePlan,
  type Fetched,
} from './protocol/routing.js';
export { CopyTask, type CopyEngine, type CopyContext, type CopyObserver } from './protocol/copy-task.js';
export { Pair, type CopyPhase, type CopyCounters, type CopyDirection } from './protocol/pair.js';
export type { HostIo, IoDone, IoErrorCode } from './array/controller.js';
export type { Simulator } from './engine/simulator.js';
export type { StorageArray } from './array/storage-array.js';
export type { TimeNs } from './engine/time.js';

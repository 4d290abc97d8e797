/**
 * mirrorsim's public API. Everything a user needs to build a simulated
 * array, run scenarios, drive the protocol and check histories is exported
 * here and only here.
 */
export { Simulator, type SimulatorOptions, type RunLimits, type RunOutcome as SimulatorRunOutcome } from './engine/simulator.js';
export { ListChooser, firstChoice, type Chooser } from './engine/choices.js';
export { RngStreams, Rng } from './engine/rng.js';
export { AssertionError } from './engine/assert.js';
export { type TimeNs, NS_PER_US, NS_PER_MS, NS_PER_S, formatNs, parseDurationNs } from './engine/time.js';
export type { TraceEvent, TraceSink } from './engine/trace.js';

export type { Drive, DriveRequest, DriveError } from './devices/drive.js';
export { Hdd } from './devices/hdd/hdd.js';
export { CHEETAH_15K5 } from './devices/hdd/defaults.js';
export type { HddParams } from './devices/hdd/params.js';
export { loadDiskSimHddParams } from './devices/disksim/load.js';
export { Ssd, SSD_DEFAULTS, type SsdOptions } from './devices/ssd/index.js';
export { FixedServiceDrive } from './devices/fixed-drive.js';
export { ExponentialServiceDrive } from './devices/exponential-drive.js';
export { DRIVE_CHECK_TARGETS, runDriveCheck, type DriveCheckCalibration, type DriveCheckFigures, type DriveCheckResult } from './devices/drive-check/run.js';

export { StorageArray, type ArrayConfig, type VolumeConfig } from './array/storage-array.js';
export {
  History,
  type HostOp,
  type PhysicalWrite,
  type CommandRecord,
  type StateChangeRecord,
  type StateCause,
  type Topology,
  type HistorySettings,
  type HistoryBounds,
  type FaultEventRecord,
  type IndicatorRecord,
  type RecordKind,
} from './array/history.js';
export type { IoController, HostIo, IoDone, IoErrorCode } from './array/controller.js';
export type { CommandIo, CommandDone, CommandPathError } from './array/command-path.js';

export { Protocol, type PairSpec, type GroupSpec, type CommandRequest, type CommandResult } from './protocol/protocol.js';
export { transition, legalCommands, mirrors, bcvAddressable, PAIR_STATE_NAMES, type PairState, type PairStateName, type PairCommand } from './protocol/state.js';
export { DEFAULT_PROTOCOL, DEFAULT_COPY, type ProtocolConfig, type CopyConfig } from './protocol/config.js';
export { formatCommandError, type CommandError } from './protocol/errors.js';
export type { GatekeeperCommand, CommandOrigin } from './protocol/gatekeeper.js';
export type { PairQuery } from './protocol/query.js';

export { HostDriver, type HostDriverOptions } from './host/host-driver.js';
export type { WorkloadSpec, IoPort, IoRequest, IoOutcome } from './host/index.js';

export { loadScenario, parseScenario, type Scenario } from './scenario/load.js';
export { ScenarioError, type ScenarioProblem } from './scenario/errors.js';
export { runScenario, type RunOptions, type RunOutcome } from './scenario/runner.js';
export type { RunResult } from './scenario/results.js';

export { formatSummary } from './report/summary.js';
export { historyLines, HISTORY_FORMAT } from './report/history-jsonl.js';
export { perfettoLines, PERFETTO_FORMAT, DEFAULT_MAX_IOS_PER_HOST, type PerfettoOptions } from './report/perfetto.js';

export {
  checkHistory,
  formatVerdict,
  ReferenceModel,
  GUARANTEES,
  isLiveness,
  readHistoryLines,
  HistoryReader,
  HistoryFormatError,
  HISTORY_FORMATS,
  type CheckResult,
  type CheckOptions,
  type Guarantee,
  type Verdict,
} from './check/index.js';

export { PairIo, type PairIoContext } from './protocol/pair-io.js';
export { CopyTask, type CopyEngine, type CopyContext, type CopyObserver } from './protocol/copy-task.js';
export { Pair, type CopyPhase, type CopyCounters, type CopyDirection } from './protocol/pair.js';
export type { ProtocolVariant } from './verify/variant.js';
export { scriptArbitrary, DEFAULT_SIZE, type ScriptSize } from './verify/arbitraries.js';
export { runScript, type ScriptRun } from './verify/run-script.js';
export { judge, evaluate, PROPERTY_NAMES, type PropertyName, type Outcome, type Judgement, type Crash, type Target } from './verify/properties.js';
export { runGate, replayCounterexample, type GateOptions, type GateResult, type PropertyResult, type Counterexample } from './verify/gate.js';
export { formatGate, gateJson, gateJunit } from './verify/format.js';
export { encodeReplay, decodeReplay, type ReplayToken } from './verify/replay.js';
export { SEEDED_BUGS, seededBug, type SeededBug } from './verify/bugs/catalogue.js';
export { formatScript, type Script, type Action } from './verify/script.js';
export { formatWorld, type World } from './verify/world.js';
export * from './report/index.js';
export * from './sweep/index.js';

import type { TimeNs } from '../engine/time.js';
import type { FaultRecord } from '../array/faults.js';
import type { CommandRecord } from '../array/history.js';
import type { MetricsReport } from '../metrics/collector.js';
import type { IoTotalsReport } from '../metrics/io-totals.js';
import type { CopyPhase, StateChange } from '../protocol/pair.js';
import type { PairQuery } from '../protocol/query.js';
import type { RunBreakdown, WindowBreakdown } from './phase-breakdown.js';
import type { WindowLatency } from './phase-latency.js';
import type { UnrestoredReads } from './unrestored-reads.js';
import type { StepRecord } from './timeline.js';

/** A copy phase of a pair with host latency before, during and after it. */
export interface PhaseResult extends Omit<CopyPhase, 'counters'> {
  readonly counters: CopyPhase['counters'];
  readonly durationNs: TimeNs | null;
  readonly latency: { readonly before: WindowLatency; readonly during: WindowLatency; readonly after: WindowLatency };
  /** A restore's host reads that found a track not yet restored (null for an establish, or without the history). */
  readonly unrestoredReads: UnrestoredReads | null;
  /** Where host latency went before, during and after the phase (null without `metrics.breakdown`). */
  readonly breakdown: { readonly before: WindowBreakdown; readonly during: WindowBreakdown; readonly after: WindowBreakdown } | null;
}

export interface PairResult {
  readonly name: string;
  readonly std: string;
  readonly bcv: string;
  readonly finalState: string;
  readonly timeline: readonly StateChange[];
  readonly phases: readonly PhaseResult[];
  readonly query: PairQuery;
}

export interface DriveResult {
  readonly name: string;
  /** Share of the run the drive was busy. */
  readonly utilization: number;
  readonly meanQueueDepth: number;
  readonly maxQueueDepth: number;
}

/** The simulated array, in brief (for reports). */
export interface ArraySummary {
  readonly blockBytes: number;
  /** The unit of caching, copying and change tracking. */
  readonly trackBytes: number;
  readonly cacheBytes: number;
  readonly frontEndDirectors: number;
  readonly backEndAdapters: number;
  readonly drives: readonly { readonly name: string; readonly model: string }[];
  readonly volumes: readonly { readonly name: string; readonly sizeBytes: number; readonly drives: readonly string[]; readonly raid1: boolean }[];
}

export interface HostResult {
  readonly name: string;
  readonly issued: number;
  readonly completed: number;
  readonly failed: number;
  readonly totals: IoTotalsReport;
}

/** Everything a run produced, as plain data: `results.json`. Reports are pure functions of this. */
export interface RunResult {
  readonly format: 'mirrorsim.results/1';
  readonly scenario: {
    readonly name: string;
    readonly description: string | null;
    readonly file: string;
    readonly seed: number;
    readonly durationNs: TimeNs;
  };
  /** A command line that reproduces this run exactly. */
  readonly reproduce: string;
  readonly traceHash: string;
  readonly events: number;
  /** Simulated time reached (less than the duration if the run was interrupted). */
  readonly simulatedNs: TimeNs;
  readonly complete: boolean;
  readonly array: ArraySummary;
  readonly hosts: readonly HostResult[];
  readonly volumes: Readonly<Record<string, IoTotalsReport>>;
  readonly drives: readonly DriveResult[];
  readonly cache: {
    readonly readHits: number;
    readonly readMisses: number;
    readonly hitRatio: number;
    readonly writes: number;
    readonly destages: number;
    readonly throttledWrites: number;
  };
  readonly pairs: readonly PairResult[];
  readonly timeline: readonly StepRecord[];
  readonly commands: readonly CommandRecord[];
  readonly queries: readonly PairQuery[];
  /** How the array coped: reads served by the other mirror, bad sectors rewritten, destages retried, host I/Os retried on another path. */
  readonly recovery: { readonly mirrorReads: number; readonly repairs: number; readonly destageRetries: number; readonly hostRetries: number };
  /** Faults injected during the run (empty without faults). */
  readonly faults: readonly FaultRecord[];
  readonly metrics: MetricsReport;
  /** Where host latency went, stage by stage, after the warm-up (null without `metrics.breakdown`). */
  readonly breakdown: RunBreakdown | null;
}

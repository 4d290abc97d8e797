import { assert } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import { GroupMetrics, type GroupReport } from './group.js';
import { PhaseBook, type PhaseReport } from './phases.js';

export interface MetricsOptions {
  /** Width of the time series' intervals. */
  readonly intervalNs: TimeNs;
  /** Samples completing before this instant are left out of the totals (not of the series or phases). */
  readonly warmupNs?: TimeNs;
}

export interface SnapshotOptions {
  /** Also include the full latency histograms (compact JSON) beside each summary. */
  readonly histograms?: boolean;
}

/** Everything measured in a run up to `endNs`, as plain JSON-able data. */
export interface MetricsReport {
  readonly format: 'mirrorsim.metrics/1';
  readonly intervalNs: TimeNs;
  readonly warmupNs: TimeNs;
  readonly endNs: TimeNs;
  /** From the end of the warm-up to `endNs`: the span of the totals' rates. */
  readonly measuredNs: TimeNs;
  readonly phases: readonly PhaseReport[];
  /** By group name, in the order the groups were created. */
  readonly groups: Readonly<Record<string, GroupReport>>;
}

/**
 * The registry of a run's metrics: named groups of instruments, the phases
 * of the run, and the snapshot that turns them into a `MetricsReport`. All
 * time comes in as explicit `nowNs` arguments (the simulator's clock), which
 * must never go back.
 */
export class MetricsCollector {
  readonly intervalNs: TimeNs;
  readonly warmupNs: TimeNs;
  private readonly phases = new PhaseBook();
  private readonly groups = new Map<string, GroupMetrics>();

  constructor(options: MetricsOptions) {
    const warmupNs = options.warmupNs ?? 0;
    assert(Number.isSafeInteger(options.intervalNs) && options.intervalNs > 0, `interval ${options.intervalNs} ns must be a positive integer`);
    assert(Number.isSafeInteger(warmupNs) && warmupNs >= 0, `warm-up ${warmupNs} ns must be a non-negative integer`);
    this.intervalNs = options.intervalNs;
    this.warmupNs = warmupNs;
  }

  /** The group named `name` (e.g. `drive:d0`), created on first use. Components call this once and keep the handle. */
  group(name: string): GroupMetrics {
    let group = this.groups.get(name);
    if (group === undefined) {
      group = new GroupMetrics(name, { intervalNs: this.intervalNs, warmupNs: this.warmupNs, phases: this.phases });
      this.groups.set(name, group);
    }
    return group;
  }

  /** Phase `name` begins at `nowNs`: I/Os completing from now on count in it, in every group. */
  openPhase(name: string, nowNs: TimeNs): void {
    this.phases.open(name, nowNs);
  }

  /** Phase `name` ends at `nowNs`: I/Os completing from now on no longer count in it. */
  closePhase(name: string, nowNs: TimeNs): void {
    this.phases.close(name, nowNs);
  }

  /** The report up to `nowNs`. Closes the series' intervals that ended by then; recording may go on after. */
  snapshot(nowNs: TimeNs, options: SnapshotOptions = {}): MetricsReport {
    const phases = this.phases.report(nowNs);
    const groups: Record<string, GroupReport> = {};
    for (const [name, group] of this.groups) groups[name] = group.report(nowNs, phases, options.histograms ?? false);
    return {
      format: 'mirrorsim.metrics/1',
      intervalNs: this.intervalNs,
      warmupNs: this.warmupNs,
      endNs: nowNs,
      measuredNs: Math.max(0, nowNs - this.warmupNs),
      phases,
      groups,
    };
  }
}

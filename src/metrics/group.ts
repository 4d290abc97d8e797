import { AssertionError, assert } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import type { TimeSeries } from './interval-series.js';
import { IoSeries, type IoPoint } from './io-series.js';
import { IoTotals, type IoTotalsReport } from './io-totals.js';
import { LevelSeries, type LevelPoint, type LevelTotals } from './level-series.js';
import type { PhaseBook, PhaseReport } from './phases.js';

/** A group's part of a `MetricsReport`. */
export interface GroupReport {
  /** I/Os that completed after the warm-up, with rates over the measured span. */
  readonly totals: IoTotalsReport;
  /** Each level's time-weighted mean and max over the measured span. */
  readonly levels: Readonly<Record<string, LevelTotals>>;
  /** Per phase (by name): the I/Os that completed while it was open, with rates over its duration. */
  readonly phases: Readonly<Record<string, IoTotalsReport>>;
  readonly series: {
    readonly io: TimeSeries<IoPoint>;
    readonly levels: Readonly<Record<string, TimeSeries<LevelPoint>>>;
  };
}

export interface GroupSettings {
  readonly intervalNs: TimeNs;
  readonly warmupNs: TimeNs;
  readonly phases: PhaseBook;
}

/**
 * The instruments of one named group (`host:h1`, `volume:std1`, `drive:d0`).
 * A component takes its group once, at construction, and records into it:
 * every record goes to the interval series, to the totals unless still in the
 * warm-up, and to each open phase — by array index, without map lookups.
 */
export class GroupMetrics {
  private readonly series: IoSeries;
  private readonly totals = new IoTotals();
  /** Indexed by phase id; created the first time this group records in a phase. */
  private readonly phaseTotals: (IoTotals | undefined)[] = [];
  private readonly levels = new Map<string, LevelSeries>();
  private readonly openPhaseIds: readonly number[];

  constructor(readonly name: string, private readonly settings: GroupSettings) {
    this.series = new IoSeries(settings.intervalNs);
    this.openPhaseIds = settings.phases.openIds;
  }

  /** A read of `sizeBytes` completed at `nowNs`, `latencyNs` after it was issued. */
  recordRead(nowNs: TimeNs, latencyNs: TimeNs, sizeBytes: number): void {
    this.record(nowNs, latencyNs, sizeBytes, false);
  }

  /** A write of `sizeBytes` completed at `nowNs`, `latencyNs` after it was issued. */
  recordWrite(nowNs: TimeNs, latencyNs: TimeNs, sizeBytes: number): void {
    this.record(nowNs, latencyNs, sizeBytes, true);
  }

  /**
   * The level named `name` (queue depth, busy flag, …), created on first
   * use. Take it once and keep it: `set`/`add` on it are the hot path.
   */
  level(name: string, initialLevel = 0): LevelSeries {
    let level = this.levels.get(name);
    if (level === undefined) {
      level = new LevelSeries(this.settings.intervalNs, this.settings.warmupNs, initialLevel);
      this.levels.set(name, level);
    }
    return level;
  }

  report(nowNs: TimeNs, phases: readonly PhaseReport[], withHistograms: boolean): GroupReport {
    const measuredNs = Math.max(0, nowNs - this.settings.warmupNs);
    const levels: Record<string, LevelTotals> = {};
    const levelSeries: Record<string, TimeSeries<LevelPoint>> = {};
    for (const [name, level] of this.levels) {
      levels[name] = level.totals(nowNs);
      levelSeries[name] = level.snapshot(nowNs);
    }
    const phaseReports: Record<string, IoTotalsReport> = {};
    phases.forEach((phase, id) => {
      const totals = this.phaseTotals[id] ?? new IoTotals();
      phaseReports[phase.name] = totals.report(phase.durationNs, withHistograms);
    });
    return {
      totals: this.totals.report(measuredNs, withHistograms),
      levels,
      phases: phaseReports,
      series: { io: this.series.snapshot(nowNs), levels: levelSeries },
    };
  }

  private record(nowNs: TimeNs, latencyNs: TimeNs, sizeBytes: number, isWrite: boolean): void {
    // The series checks nowNs, sizeBytes and latencyNs; phase changes must not postdate the sample.
    this.series.record(nowNs, latencyNs, sizeBytes, isWrite);
    if (!(nowNs >= this.settings.phases.changedNs)) {
      throw new AssertionError(`I/O recorded at ${nowNs} ns, before a phase change at ${this.settings.phases.changedNs} ns`);
    }
    if (nowNs >= this.settings.warmupNs) this.totals.add(latencyNs, sizeBytes, isWrite);
    const open = this.openPhaseIds;
    for (let i = 0; i < open.length; i++) this.phaseTotalsOf(open[i]!).add(latencyNs, sizeBytes, isWrite);
  }

  private phaseTotalsOf(id: number): IoTotals {
    let totals = this.phaseTotals[id];
    if (totals === undefined) {
      assert(id < this.settings.phases.count, `unknown phase id ${id}`);
      totals = new IoTotals();
      this.phaseTotals[id] = totals;
    }
    return totals;
  }
}

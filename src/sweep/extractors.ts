import { tailStageNs, type StageBreakdown } from '../metrics/breakdown-book.js';
import type { LatencySummary } from '../metrics/histogram.js';
import { STAGES, type StageName } from '../metrics/stage-ledger.js';
import type { WindowBreakdown } from '../scenario/phase-breakdown.js';
import type { PhaseResult, RunResult } from '../scenario/results.js';

/**
 * The metrics a sweep can take from each run: named extractors, each a pure
 * function of a run's results. To add one, add an entry to EXTRACTORS (its
 * unit, a one-line description for the report, the options it reads) and a
 * line to the table in docs/sweeps.md; the experiment loader then accepts its name
 * and refuses options it does not read.
 */

export const STATS = ['p50', 'p95', 'p99', 'p999', 'max', 'mean'] as const;
export type Stat = (typeof STATS)[number];
export const OPS = ['all', 'reads', 'writes'] as const;
export type Op = (typeof OPS)[number];
/** A restore's windows, or the whole run after the warm-up. */
export const WINDOW_NAMES = ['before', 'during', 'after', 'run'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];
export { STAGES };

/** The options a metric may give its extractor, in the order reports list them. */
export const METRIC_OPTIONS = ['restore', 'pair', 'host', 'op', 'window', 'stage', 'stat'] as const;
export type MetricOption = (typeof METRIC_OPTIONS)[number];

/** One metric of an experiment, as validated: a column name, an extractor, and the extractor's options. */
export interface MetricSpec {
  readonly name: string;
  readonly extract: string;
  /** The n-th restore (1-based) by start time, over every pair or only `pair`'s. Default 1. */
  readonly restore?: number;
  readonly pair?: string;
  /** Only this host's I/O (default: every host). */
  readonly host?: string;
  /** Reads, writes or both (default all). */
  readonly op?: Op;
  /** Which window of the restore (or `run`: the whole run); latency-breakdown only. */
  readonly window?: WindowName;
  /** Which stage of a host I/O's life (the names of results.json's breakdown); latency-breakdown only. */
  readonly stage?: StageName;
  /** Which latency statistic (default p99). */
  readonly stat?: Stat;
}

export interface Extractor {
  readonly unit: string;
  readonly description: string;
  /** The options it reads; others are refused when the experiment is loaded. */
  readonly options: readonly MetricOption[];
  /** Why this combination of options cannot be extracted, or null. */
  readonly check?: (metric: MetricSpec) => string | null;
  /** The metric's value for one run; null when the run has none (no such restore, no I/O in the window, a restore that did not finish). */
  readonly extract: (result: RunResult, metric: MetricSpec) => number | null;
  /** It reads the latency breakdown: the sweep's runs keep one (as `metrics.breakdown: true`) whatever the scenario says. */
  readonly needsBreakdown?: boolean;
}

/** The n-th restore of the run by start time (over every pair, or `metric.pair`'s). */
export function nthRestore(result: RunResult, metric: MetricSpec): PhaseResult | undefined {
  const restores = result.pairs
    .filter((pair) => metric.pair === undefined || pair.name === metric.pair)
    .flatMap((pair) => pair.phases.filter((phase) => phase.kind === 'restore'))
    .sort((a, b) => a.startNs - b.startNs);
  return restores[(metric.restore ?? 1) - 1];
}

const NS_PER_MS = 1e6;

/** A latency statistic in milliseconds; null when nothing was measured. */
export function statMs(summary: LatencySummary | undefined, stat: Stat = 'p99'): number | null {
  if (!summary || summary.count === 0) return null;
  const ns = { p50: summary.p50Ns, p95: summary.p95Ns, p99: summary.p99Ns, p999: summary.p999Ns, max: summary.maxNs, mean: summary.meanNs }[stat];
  return ns / NS_PER_MS;
}

/** Latency in one of a restore's windows, for every host or one, for reads, writes or both. */
function windowExtractor(window: 'before' | 'during' | 'after', description: string): Extractor {
  return {
    unit: 'ms',
    description,
    options: ['restore', 'pair', 'host', 'op', 'stat'],
    check: (metric) => (metric.host !== undefined && (metric.op ?? 'all') !== 'all' ? 'host and op cannot be combined: per-host latency in a window is not split into reads and writes' : null),
    extract: (result, metric) => {
      const latency = nthRestore(result, metric)?.latency[window];
      if (!latency) return null;
      if (metric.host !== undefined) return statMs(latency.byHost[metric.host], metric.stat);
      return statMs(latency[metric.op ?? 'all'], metric.stat);
    },
  };
}

/** The window a latency-breakdown metric reads: one of the n-th restore's, or the whole run's. */
function breakdownWindow(result: RunResult, metric: MetricSpec): WindowBreakdown | null {
  const window = metric.window ?? 'during';
  if (window === 'run') return result.breakdown ?? null;
  return nthRestore(result, metric)?.breakdown?.[window] ?? null;
}

const latencyBreakdown: Extractor = {
  unit: 'ms',
  description: 'time per host I/O in one stage of its life (stage), in a window of the restore or the whole run (window, default during): the mean I/O\'s (stat: mean, the default) or the p99 tail\'s, the slowest 1 % (stat: p99)',
  options: ['restore', 'pair', 'host', 'window', 'stage', 'stat'],
  needsBreakdown: true,
  check: (metric) => {
    if (metric.stage === undefined) return `latency-breakdown needs a stage: one of ${STAGES.join(', ')}`;
    if (metric.stat !== undefined && metric.stat !== 'mean' && metric.stat !== 'p99') return `latency-breakdown takes stat mean (the mean I/O) or p99 (the slowest 1 %), not ${metric.stat}`;
    if (metric.window === 'run' && (metric.restore !== undefined || metric.pair !== undefined)) return 'window: run is the whole run: it takes no restore or pair';
    return null;
  },
  extract: (result, metric) => {
    const window = breakdownWindow(result, metric);
    const breakdown: StageBreakdown | null | undefined = metric.host === undefined ? window?.all : window?.byHost[metric.host];
    if (!breakdown) return null;
    const stage = metric.stage!;
    return (metric.stat === 'p99' ? tailStageNs(breakdown, stage) : breakdown.meanNs[stage]) / NS_PER_MS;
  },
};

const restoreTracksCopied = (phase: PhaseResult) => phase.counters.background + phase.counters.copyOnRead + phase.counters.merged + phase.counters.copyBeforeWrite;

export const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  'restore-duration': {
    unit: 's',
    description: 'how long the restore took, from the instant it took effect to the last track restored',
    options: ['restore', 'pair'],
    extract: (result, metric) => {
      const phase = nthRestore(result, metric);
      return phase?.durationNs == null || phase.abandoned ? null : phase.durationNs / 1e9;
    },
  },
  'restore-tracks': {
    unit: 'tracks',
    description: 'tracks the restore had to bring in when it began: every track (full), or those changed on either side since the split (incremental)',
    options: ['restore', 'pair'],
    extract: (result, metric) => nthRestore(result, metric)?.tracksInScope ?? null,
  },
  'restore-tracks-copied': {
    unit: 'tracks',
    description: 'tracks whose data the restore read from the BCV: background copy, copy-on-read, partial-write merges, copy-before-write (a track a host overwrote whole needs no copy)',
    options: ['restore', 'pair'],
    extract: (result, metric) => {
      const phase = nthRestore(result, metric);
      return phase ? restoreTracksCopied(phase) : null;
    },
  },
  'restore-copy-on-read': {
    unit: 'tracks',
    description: 'tracks the restore brought in because a host read them (copy-on-read)',
    options: ['restore', 'pair'],
    extract: (result, metric) => nthRestore(result, metric)?.counters.copyOnRead ?? null,
  },
  'latency-before-restore': windowExtractor('before', 'host latency of the I/Os completing between the previous copy phase (or the start) and the restore'),
  'latency-during-restore': windowExtractor('during', 'host latency of the I/Os completing while the restore ran'),
  'latency-after-restore': windowExtractor('after', 'host latency of the I/Os completing after the restore, up to the next copy phase (or the end)'),
  'host-latency': {
    unit: 'ms',
    description: "a host's latency over the whole run after the warm-up",
    options: ['host', 'op', 'stat'],
    extract: (result, metric) => {
      const host = metric.host === undefined ? result.hosts[0] : result.hosts.find((h) => h.name === metric.host);
      const op = metric.op ?? 'all';
      return statMs(host?.totals.latency[op === 'all' ? 'all' : op === 'reads' ? 'read' : 'write'], metric.stat);
    },
  },
  'first-read-unrestored': {
    unit: 'ms',
    description: 'host latency of the first read of each track the restore had not yet restored (reads served from the BCV)',
    options: ['restore', 'pair', 'stat'],
    extract: (result, metric) => statMs(nthRestore(result, metric)?.unrestoredReads?.first, metric.stat),
  },
  'latency-breakdown': latencyBreakdown,
  'unrestored-reads': {
    unit: 'reads',
    description: 'host reads that found a track the restore had not yet restored (each served from the BCV)',
    options: ['restore', 'pair'],
    extract: (result, metric) => nthRestore(result, metric)?.unrestoredReads?.all.count ?? null,
  },
};

/** Whether any of `metrics` reads the latency breakdown (its runs must keep one). */
export function needsBreakdown(metrics: readonly MetricSpec[]): boolean {
  return metrics.some((metric) => EXTRACTORS[metric.extract]?.needsBreakdown === true);
}

/** Every metric of a run, in the experiment's order. */
export function extractMetrics(result: RunResult, metrics: readonly MetricSpec[]): (number | null)[] {
  return metrics.map((metric) => {
    const value = EXTRACTORS[metric.extract]!.extract(result, metric);
    return value === null || Number.isFinite(value) ? value : null;
  });
}

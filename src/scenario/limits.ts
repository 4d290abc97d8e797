import { formatNs } from '../engine/time.js';
import { formatPath } from './errors.js';
import { estimateRun, formatBytesAbout, formatCount, formatSeconds, seriesPoints, type Part } from './estimate.js';
import type { Scenario } from './load.js';
import type { ReferenceProblem } from './references.js';
import type { ScenarioDoc } from './schema.js';

/**
 * Bounds on what a run may need, checked before anything is built, so that a
 * scenario that would exhaust memory or run for days is refused with the
 * estimate and its main contributors instead of crashing or appearing to hang.
 */
export interface RunLimits {
  /** Estimated memory the run may need. */
  readonly memoryBytes: number;
  /** Simulator events the run may take (also enforced while it runs). */
  readonly events: number;
}

/** 8 GiB: beyond most laptops. 10^10 events: hours of wall time at 0.3 to 6 million events a second (measured). */
export const DEFAULT_LIMITS: RunLimits = { memoryBytes: 8 * 2 ** 30, events: 1e10 };

/** The limits in force: the command line's, else the scenario's `limits:`, else the defaults. */
export function resolveLimits(doc: ScenarioDoc, overrides: Partial<RunLimits> = {}): RunLimits {
  return {
    memoryBytes: overrides.memoryBytes ?? doc.limits?.memory ?? DEFAULT_LIMITS.memoryBytes,
    events: overrides.events ?? doc.limits?.events ?? DEFAULT_LIMITS.events,
  };
}

/** Rough wall-clock rate, for telling a user what an event count means. */
const EVENTS_PER_WALL_SECOND = 1e6;

/** Problems with what the run would need: over a configurable bound, or over what the simulator can represent. */
export function checkLimits(scenario: Scenario, limits: RunLimits): ReferenceProblem[] {
  const problems = checkStructuralLimits(scenario.doc);
  const estimate = estimateRun(scenario);
  const memory = total(estimate.memory);
  if (memory > limits.memoryBytes) {
    const main = mainParts(estimate.memory);
    problems.push(problem(main[0]!.at, `the run would need about ${formatBytesAbout(memory)} of memory, above the bound of ${formatBytesAbout(limits.memoryBytes)} (limits.memory in the scenario, or --max-memory): ${main.map((p) => p.what).join('; ')}`));
  }
  const events = total(estimate.events);
  if (events > limits.events) {
    const main = mainParts(estimate.events);
    const wall = formatSeconds(events / EVENTS_PER_WALL_SECOND);
    problems.push(problem(main[0]!.at, `the run would take about ${formatCount(events)} simulator events (${wall} at a million a second), above the bound of ${formatCount(limits.events)} (limits.events in the scenario, or --max-events): ${main.map((p) => p.what).join('; ')}; shorten the duration, lower the rate or set a workload limit`));
  }
  return problems;
}

/** Most blocks in a volume: block and track numbers must stay 31-bit integers (stamps, bitsets and the cache index use them so). */
const MAX_VOLUME_BLOCKS = 2 ** 31 - 1;
/** Most cache slots: the cache's hash index doubles them into a power of two of at most 2^30 entries, kept well below. */
const MAX_CACHE_SLOTS = 2 ** 26;
/** Most time-series points: results.json is one JSON text, and V8 strings stop at about 512 million characters (~300 per point). */
const MAX_SERIES_POINTS = 1_000_000;

/** Limits no option raises: beyond them the simulator would compute wrong answers or cannot write its results. */
function checkStructuralLimits(doc: ScenarioDoc): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const { array } = doc;
  array.volumes.forEach((volume, i) => {
    const blocks = Math.ceil(volume.size / array.trackSize) * (array.trackSize / array.blockSize);
    if (blocks > MAX_VOLUME_BLOCKS) {
      problems.push(problem(['array', 'volumes', i, 'size'], `${formatBytesAbout(volume.size)} is ${formatCount(blocks)} blocks; a volume holds fewer than 2^31 blocks (${formatBytesAbout((MAX_VOLUME_BLOCKS + 1) * array.blockSize)} with blocks of ${formatBytesAbout(array.blockSize)})`));
    }
  });
  const slots = Math.floor(array.cache.size / array.trackSize);
  if (slots > MAX_CACHE_SLOTS) {
    problems.push(problem(['array', 'cache', 'size'], `${formatBytesAbout(array.cache.size)} is ${formatCount(slots)} slots of one track; the cache holds at most 2^26 (${formatBytesAbout(MAX_CACHE_SLOTS * array.trackSize)})`));
  }
  const points = seriesPoints(doc);
  if (points.total > MAX_SERIES_POINTS) {
    const interval = formatNs(Math.ceil((doc.duration * points.series) / MAX_SERIES_POINTS));
    problems.push(problem(['metrics', 'interval'], `${formatCount(points.intervals)} intervals × ${points.series} series = ${formatCount(points.total)} time-series points; results hold at most ${formatCount(MAX_SERIES_POINTS)}: use an interval of at least ${interval}`));
  }
  doc.hosts.forEach((host, i) => {
    const w = host.workload;
    if ('trace' in w) return;
    // A phase of no time would switch on and off without end at one instant.
    if (w.bursts && w.bursts.on <= 0) problems.push(problem(['hosts', i, 'workload', 'bursts', 'on'], 'expected a positive duration: a burst of no time would alternate without end at one instant'));
    if (w.bursts && w.bursts.off <= 0) problems.push(problem(['hosts', i, 'workload', 'bursts', 'off'], 'expected a positive duration: a pause of no time would alternate without end at one instant (leave bursts out for a steady load)'));
    if (w.queueDepth !== undefined && w.limit === undefined && closedLoopMinimumNs(doc, w.think) <= 0) {
      problems.push(problem(['hosts', i, 'workload', 'queueDepth'], 'a closed loop with no think time, on a front end that takes no time (frontEnd.overhead 0, a port this fast), would issue I/Os without end at one instant; give think or frontEnd.overhead a positive value, or set a limit'));
    }
  });
  return problems;
}

/** The least time a host I/O can take: the director's overhead, and the port's transfer of one block (every I/O pays both). */
function closedLoopMinimumNs(doc: ScenarioDoc, thinkNs: number | undefined): number {
  const transferNs = Math.round((doc.array.blockSize * 1e3) / doc.array.frontEnd.portMBps);
  return doc.array.frontEnd.overhead + transferNs + (thinkNs ?? 0);
}

function total(parts: readonly Part[]): number {
  return parts.reduce((sum, p) => sum + p.amount, 0);
}

/** The contributors worth naming: the largest first, at most four, none under 1% of the total. */
function mainParts(parts: readonly Part[]): Part[] {
  const sum = total(parts);
  const sorted = [...parts].sort((a, b) => b.amount - a.amount);
  return sorted.filter((p, i) => i === 0 || (i < 4 && p.amount >= sum / 100));
}

function problem(at: readonly (string | number)[], message: string): ReferenceProblem {
  return { at, problem: { path: formatPath(at), message } };
}

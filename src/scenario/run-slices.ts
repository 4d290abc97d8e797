import type { Simulator } from '../engine/simulator.js';
import { formatNs, type TimeNs } from '../engine/time.js';
import { ScenarioError } from './errors.js';
import { formatCount } from './estimate.js';

/** Where a run stands after a slice: reported to whoever drives it (progress, Ctrl-C). */
export interface SliceProgress {
  readonly simulatedNs: TimeNs;
  readonly durationNs: TimeNs;
}

/** The run's simulated time is cut into this many slices. */
const SLICES = 200;
/** Events run between two reports at most, so that a busy slice still lets its driver show progress or stop (well under a second). */
const CHUNK_EVENTS = 1 << 18;
/**
 * Events at one simulated instant that mean the clock is stuck: a loop that
 * takes no time. Far above any real burst (a host issues at most 2^20 I/Os at
 * one instant, and 65 536 outstanding is the largest queue depth).
 */
const STALL_EVENTS = 1 << 24;

export interface SliceBounds {
  /** The scenario file, for the error that stops a run over its bounds. */
  readonly file: string;
  /** Events the whole run may take (`limits.events`). */
  readonly maxEvents: number;
}

/**
 * Runs the simulator to `durationNs`, yielding after each slice (and within a
 * slice, every `CHUNK_EVENTS` events); the driver sends `true` to stop early.
 * Returns whether the end was reached. A run over its event bound, or stuck
 * at one instant, is stopped with a `ScenarioError` that says which — a hang
 * is never silent.
 */
export function* runSlices(sim: Simulator, durationNs: TimeNs, bounds: SliceBounds): Generator<SliceProgress, boolean, boolean | undefined> {
  const slice = Math.max(1, Math.ceil(durationNs / SLICES));
  let stuckEvents = 0;
  while (sim.now < durationNs) {
    const untilNs = Math.min(durationNs, sim.now + slice);
    for (;;) {
      const before = sim.now;
      const outcome = sim.run({ untilNs, maxEvents: CHUNK_EVENTS });
      stuckEvents = sim.now === before ? stuckEvents + outcome.events : 0;
      checkBounds(sim, stuckEvents, durationNs, bounds);
      if (outcome.reason === 'idle') sim.now = Math.min(durationNs, sim.now + slice);
      if (outcome.reason !== 'budget') break;
      if ((yield { simulatedNs: sim.now, durationNs }) === true) return false;
    }
    if ((yield { simulatedNs: sim.now, durationNs }) === true) return sim.now >= durationNs;
  }
  return true;
}

function checkBounds(sim: Simulator, stuckEvents: number, durationNs: TimeNs, bounds: SliceBounds): void {
  const at = `simulated time ${formatNs(sim.now)} of ${formatNs(durationNs)}`;
  if (stuckEvents >= STALL_EVENTS) {
    throw new ScenarioError(bounds.file, [
      {
        path: '',
        message: `the run is stuck: ${formatCount(stuckEvents)} events at ${at} without the clock moving (a loop that takes no time); give the front end, the cache or the drives a positive time (frontEnd.overhead, cache.accessTime, service) or a workload think time`,
      },
    ]);
  }
  if (sim.trace.count > bounds.maxEvents) {
    throw new ScenarioError(bounds.file, [
      { path: 'limits.events', message: `the run reached its bound of ${formatCount(bounds.maxEvents)} events at ${at}; raise limits.events (or --max-events), or shorten the run` },
    ]);
  }
}

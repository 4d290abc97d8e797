import type { TimeNs } from '../engine/time.js';
import type { CopyCounters, CopyPhase } from './pair.js';

/** The counters of a copy phase at one instant: a point of its progress curve. */
export interface ProgressSample extends Readonly<CopyCounters> {
  readonly atNs: TimeNs;
}

/**
 * At most about this many samples per phase (plus the first and the last):
 * enough for a smooth progress curve and copy-rate chart, and a bound on the
 * results' size whatever the volume's size.
 */
export const PROGRESS_SAMPLES_PER_PHASE = 200;

function copiedOf(counters: Readonly<CopyCounters>): number {
  return counters.background + counters.copyOnRead + counters.merged + counters.overwritten + counters.copyBeforeWrite;
}

/**
 * Records a progress sample of `phase` at `nowNs` when another
 * 1/PROGRESS_SAMPLES_PER_PHASE of its tracks came across since the last one,
 * or always with `last` (the phase's start and end). Driven by the copy
 * itself — no events of its own — so it leaves the trace untouched.
 */
export function sampleProgress(phase: CopyPhase, nowNs: TimeNs, last = false): void {
  const samples = phase.progress;
  const previous = samples.at(-1);
  const copied = copiedOf(phase.counters);
  if (previous !== undefined) {
    if (previous.atNs === nowNs && copiedOf(previous) === copied) return;
    const stepTracks = Math.max(1, Math.ceil(phase.tracksInScope / PROGRESS_SAMPLES_PER_PHASE));
    if (!last && copied - copiedOf(previous) < stepTracks) return;
  }
  samples.push({ atNs: nowNs, ...phase.counters });
}

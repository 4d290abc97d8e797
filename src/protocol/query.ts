import type { TimeNs } from '../engine/time.js';
import { trackBytes } from '../array/geometry.js';
import type { QueryAnswer } from '../array/history.js';
import type { CopyCounters, Pair } from './pair.js';
import { formatState, type PairStateName } from './state.js';

/** What `query` reports for a pair: the answer the history records (`QueryAnswer`), and its volumes and copy read errors. */
export interface PairQuery extends QueryAnswer {
  readonly std: string;
  readonly bcv: string;
  readonly state: PairStateName;
  readonly copied: CopyCounters | null;
  /** Track reads the current or last copy phase could not do (see `CopyPhase.readErrors`). */
  readonly copyReadErrors: number;
}

export function pairQuery(pair: Pair, nowNs: TimeNs): PairQuery {
  const copying = pair.copying;
  const toStd = copying && pair.phase!.direction === 'bcv-to-std' ? pair.toCopy.count : copying ? 0 : pair.stdChanged.count;
  const toBcv = copying && pair.phase!.direction === 'std-to-bcv' ? pair.toCopy.count : copying ? 0 : pair.bcvChanged.count;
  const mbPerTrack = trackBytes(pair.std.geometry) / 1e6;
  const phase = pair.phase;
  const percent = copying ? (100 * (pair.tracks - pair.toCopy.count)) / pair.tracks : 100;
  return {
    pair: pair.name,
    std: pair.std.name,
    bcv: pair.bcv.name,
    state: pair.state.name,
    label: formatState(pair.state),
    atNs: nowNs,
    invalidTracks: { std: toStd, bcv: toBcv },
    invalidMB: { std: toStd * mbPerTrack, bcv: toBcv * mbPerTrack },
    percentComplete: percent,
    restoredTracks: restoredTracks(pair),
    tracks: pair.tracks,
    copied: phase ? { ...phase.counters } : null,
    copyReadErrors: phase?.readErrors ?? 0,
  };
}

/**
 * The restored indicator, for the current or last restore: how many tracks
 * are restored. A track is restored when STD holds the snapshot's data for
 * it (overlaid with the host writes STD received since the restore began). A
 * track the restore never had to copy (outside an incremental restore's
 * scope) is restored from the restore's first instant; one it copies, once
 * its copy landed — by the background copy, copy-on-read, a merge, a
 * full-track overwrite or copy-before-write (each takes it out of `toCopy`
 * as it lands). Counted without visiting the tracks (queries run on every track copied).
 */
export function restoredTracks(pair: Pair): number {
  return lastRestore(pair) ? pair.tracks - pair.toCopy.count : 0;
}

/** Whether the pair's current or last copy phase is a restore: the indicator speaks of it, else of nothing. */
function lastRestore(pair: Pair): boolean {
  return pair.phase?.kind === 'restore';
}

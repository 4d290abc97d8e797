import type { TimeNs } from '../engine/time.js';
import { trackBytes } from '../array/geometry.js';
import type { CopyCounters, Pair } from './pair.js';
import { formatState, type PairStateName } from './state.js';

/** What `query` reports for a pair, in the terms of TimeFinder's `query` output. */
export interface PairQuery {
  readonly pair: string;
  readonly std: string;
  readonly bcv: string;
  readonly state: PairStateName;
  readonly label: string;
  readonly atNs: TimeNs;
  /**
   * "Inv. Tracks": tracks still to copy to each side while a copy runs; in
   * the split states, tracks changed on each side since the split.
   */
  readonly invalidTracks: { readonly std: number; readonly bcv: number };
  readonly invalidMB: { readonly std: number; readonly bcv: number };
  /** Progress of the current copy phase (100 when none runs or the last one finished). */
  readonly percentComplete: number;
  /** Tracks of STD already restored in the current or last restore (the restored indicator), and of how many. */
  readonly restoredTracks: number;
  readonly tracks: number;
  readonly copied: CopyCounters | null;
  /** Track reads the current or last copy phase could not do (see `CopyPhase.readErrors`). */
  readonly copyReadErrors: number;
}

export function pairQuery(pair: Pair, nowNs: TimeNs): PairQuery {
  const copying = pair.copying;
  const toStd = copying && pair.phase?.direction === 'bcv-to-std' ? pair.toCopy.count : copying ? 0 : pair.stdChanged.count;
  const toBcv = copying && pair.phase?.direction === 'std-to-bcv' ? pair.toCopy.count : copying ? 0 : pair.bcvChanged.count;
  const mbPerTrack = trackBytes(pair.std.geometry) / 1e6;
  const phase = pair.phase;
  const percent = phase && copying && phase.tracksInScope > 0 ? (100 * (phase.tracksInScope - pair.toCopy.count)) / phase.tracksInScope : 100;
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

/** The restored indicator of one track: set once the current (or last) restore has brought it into STD. */
export function isRestored(pair: Pair, track: number): boolean {
  return pair.phase?.kind === 'restore' && !pair.toCopy.has(track);
}

function restoredTracks(pair: Pair): number {
  return pair.phase?.kind === 'restore' ? pair.tracks - pair.toCopy.count : 0;
}

import type { TimeNs } from '../engine/time.js';
import type { CopiedTracks } from '../array/history.js';
import { Bitset } from '../array/bitset.js';
import type { Volume } from '../array/volume.js';
import type { CopyConfig } from './config.js';
import type { ProgressSample } from './progress.js';
import { mirrors, type PairState, type PairStateName } from './state.js';

export type CopyDirection = 'std-to-bcv' | 'bcv-to-std';

/** How the tracks of a copy phase were brought across (the history's `CopiedTracks`, counted as the phase goes). */
export type CopyCounters = { -readonly [K in keyof CopiedTracks]: CopiedTracks[K] };

/** One copy phase (an establish or a restore), for the timeline and the reports. */
export interface CopyPhase {
  readonly kind: 'establish' | 'restore';
  readonly direction: CopyDirection;
  readonly incremental: boolean;
  readonly protected: boolean;
  readonly startNs: TimeNs;
  endNs: TimeNs | null;
  /** Tracks that had to be copied when the phase began. */
  readonly tracksInScope: number;
  readonly counters: CopyCounters;
  /** Whether a forced split ended it before it finished. */
  abandoned: boolean;
  /**
   * Track reads of the copy that failed (a drive failed with no mirror, a
   * block bad on both mirrors): the track stays to copy and is tried again
   * on the next pass, so a phase with errors that keep coming never ends.
   */
  readErrors: number;
  /**
   * The earliest instant the copy's rate limit lets it start its next track.
   * Kept on the phase, not the copy task: a copy resumed after a director
   * failure or a power loss keeps its pace instead of starting afresh.
   */
  nextCopyStartNs: TimeNs;
  /** The counters as the phase went on: first at its start, last at its end (see progress.ts). */
  readonly progress: ProgressSample[];
}

export interface StateChange {
  readonly state: PairStateName;
  readonly label: string;
  readonly atNs: TimeNs;
}

/**
 * A standard volume and its BCV, with the pair's state and track tables. The
 * tables live in the array's protected memory: they survive director
 * restarts and power loss.
 */
export class Pair {
  state: PairState = { name: 'NeverEstab' };
  /** Tracks written on each side since the split (or since a protected restore began). */
  readonly stdChanged: Bitset;
  readonly bcvChanged: Bitset;
  /** Tracks the copy target still lacks in the current copy phase. Only shrinks during a phase. */
  readonly toCopy: Bitset;
  /** The current or last copy phase. */
  phase: CopyPhase | null = null;
  readonly phases: CopyPhase[] = [];
  readonly timeline: StateChange[] = [];
  /** Host reads of STD tracks not yet restored, served from the BCV (with or without copy-on-read). */
  redirectedReads = 0;

  constructor(
    readonly name: string,
    readonly std: Volume,
    readonly bcv: Volume,
    readonly copyConfig: CopyConfig,
  ) {
    this.stdChanged = new Bitset(std.tracks);
    this.bcvChanged = new Bitset(std.tracks);
    this.toCopy = new Bitset(std.tracks);
  }

  get tracks(): number {
    return this.std.tracks;
  }

  /** Whether STD's writes reach the BCV now. */
  get mirroring(): boolean {
    return mirrors(this.state);
  }

  /** Whether the pair records changed tracks now (the sides are apart). */
  get tracking(): boolean {
    return !mirrors(this.state) && this.state.name !== 'NeverEstab';
  }

  /** Whether this pair is restoring its standard now. */
  get restoring(): boolean {
    return this.state.name === 'RestInProg';
  }

  /** Whether a copy phase is in progress. */
  get copying(): boolean {
    return this.state.name === 'RestInProg' || this.state.name === 'SyncInProg';
  }

  /** A track of STD not yet restored in the running restore. */
  unrestored(track: number): boolean {
    return this.state.name === 'RestInProg' && this.toCopy.has(track);
  }
}

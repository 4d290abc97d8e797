import type { Simulator } from '../engine/simulator.js';
import { AssertionError } from '../engine/assert.js';
import { NS_PER_S, type TimeNs } from '../engine/time.js';
import { Bitset } from '../array/bitset.js';
import type { Cache } from '../array/cache.js';
import { Fifo } from '../array/fifo.js';
import { trackBytes } from '../array/geometry.js';
import type { CopyConfig } from './config.js';
import type { CopyCounters, CopyDirection, CopyPhase, Pair } from './pair.js';
import type { TrackLocks } from './track-locks.js';
import type { Volume } from '../array/volume.js';
import { copyWork, type Work } from '../array/work.js';

/** What a copy task needs from the protocol around it. */
export interface CopyContext {
  readonly sim: Simulator;
  readonly cache: Cache;
  /** The track locks of a standard volume. */
  locksOf(std: Volume): TrackLocks;
  /** Records that `track` reached the target (removing it from `pair.toCopy`). */
  trackCopied(pair: Pair, track: number, how: keyof CopyCounters): void;
  /** Records that the copy claimed `track` (it counts against the pair's concurrency until `copyEnded`). */
  copyStarted(pair: Pair, track: number): void;
  /** Records that the copy let go of `track`: it landed, found nothing to do, or failed. */
  copyEnded(pair: Pair, track: number): void;
  /** Records that the pair's copy task stopped: its copies under way no longer count (they will not land). */
  copiesStopped(pair: Pair): void;
  /** Told what each copy task decides (the gate's `CopyOrderProbe`); null: nobody watches. */
  readonly copyObserver: CopyObserver | null;
}

/**
 * A watcher of the background copy's decisions, which no data shows: which
 * track it copies next, and when a task starts and stops. Told, never asked:
 * it changes nothing. A task whose `pickTrack` a variant replaced tells no picks.
 */
export interface CopyObserver {
  /** A copy task of the pair starts (a phase began, or its copy resumes after a fault). */
  started(task: CopyEngine, pair: Pair): void;
  /** The task stops: its phase ended, or a fault stopped it. */
  stopped(task: CopyEngine): void;
  /** A host asked for an unrestored track of the pair (told by the host I/O router, before the copy hears of it). */
  touched(pair: Pair, track: number): void;
  /** The task chose `track` to copy next (-1: none left for now). */
  picked(task: CopyEngine, track: number): void;
  /** The task let go of `track` (copied, nothing left to do, or failed). */
  released(task: CopyEngine, track: number): void;
}

/** The background copy of one copy phase, as the protocol drives it. */
export interface CopyEngine {
  start(): void;
  /** No new tracks start; copies in flight must not write once stopped. Called once, at most. */
  stop(): void;
  /** A host asked for this track (a hint for the order of copying). */
  touch(track: number): void;
}

/**
 * The background copy of one pair's copy phase: copies the tracks in
 * `pair.toCopy` from source to target through the cache and back end, as
 * host I/O does, holding each track's lock while it copies it so a host
 * write to that track cannot be overwritten by older data. Bounded by a
 * number of tracks in flight and an optional rate limit.
 */
export class CopyTask implements CopyEngine {
  protected readonly source;
  protected readonly target;
  /** The copy's work for the cache, the back end and the track locks: its priority, and that it is copy work. */
  protected readonly work: Work;
  protected readonly claimed: Bitset;
  protected readonly touched = new Fifo<number>();
  protected readonly nsPerTrack: number;
  /** The copy phase this task copies for: it keeps the phase's pace across the tasks a fault restarts. */
  protected readonly phase: CopyPhase;
  protected cursor = 0;
  protected inFlight = 0;
  protected nextStartNs: TimeNs = 0;
  protected wakeScheduled = false;
  protected stopped = false;
  protected readonly kindWake: number;
  protected readonly kindTrack: number;

  constructor(
    protected readonly context: CopyContext,
    protected readonly pair: Pair,
    readonly direction: CopyDirection,
    protected readonly config: CopyConfig,
  ) {
    this.source = direction === 'std-to-bcv' ? pair.std : pair.bcv;
    this.target = direction === 'std-to-bcv' ? pair.bcv : pair.std;
    this.work = copyWork(config.priority === 'low' ? 'background' : 'host');
    if (pair.phase === null) throw new AssertionError(`a copy task for ${pair.name}, which is in no copy phase`);
    this.phase = pair.phase;
    this.claimed = new Bitset(pair.tracks);
    const bytes = trackBytes(pair.std.geometry);
    this.nsPerTrack = config.rateMBps > 0 ? (bytes * NS_PER_S) / (config.rateMBps * 1e6) : 0;
    this.kindWake = context.sim.kind('copy.wake');
    this.kindTrack = context.sim.kind('copy.track');
  }

  /** Starts copying, at the pace the phase has kept so far (a copy resumed after a fault does not start afresh). */
  start(): void {
    this.nextStartNs = Math.max(this.context.sim.now, this.phase.nextCopyStartNs);
    this.context.copyObserver?.started(this, this.pair);
    this.pump();
  }

  /** No new tracks start; copies in flight finish without writing (the phase was abandoned): they no longer count. */
  stop(): void {
    if (this.stopped) throw new AssertionError(`the copy task of ${this.pair.name} stopped twice`);
    this.stopped = true;
    this.context.copyObserver?.stopped(this);
    this.context.copiesStopped(this.pair);
  }

  /** A host asked for this track (one still to copy): with `touched-first` order it is copied next, unless copied by then. */
  touch(track: number): void {
    if (this.config.order === 'touched-first') this.touched.push(track);
  }

  protected pump(): void {
    const sim = this.context.sim;
    while (!this.stopped && this.inFlight < this.config.concurrency) {
      // Unlimited (no rate), the next start is never later than now.
      if (sim.now < this.nextStartNs) {
        this.wakeAt(this.nextStartNs);
        return;
      }
      const track = this.pickTrack();
      if (track < 0) return;
      // A chooser (this one, or a variant's) offers only a track still to copy. One already in flight is allowed:
      // a user's chooser may offer it again (bring-your-own.test.ts), and its second copy finds nothing left to do.
      if (!this.pair.toCopy.has(track)) throw new AssertionError(`copy of ${this.pair.name}: picked track ${track}, which is not to copy`);
      this.claimed.add(track);
      this.context.copyStarted(this.pair, track);
      this.inFlight++;
      this.nextStartNs = Math.max(this.nextStartNs, sim.now) + this.nsPerTrack;
      this.phase.nextCopyStartNs = this.nextStartNs;
      sim.trace.record(sim.now, this.kindTrack, this.target.index, track);
      this.copyTrack(track);
    }
  }

  protected wakeAt(timeNs: TimeNs): void {
    // One wake pending at a time saves events only: a second wake at the same instant finds the pace already taken and starts nothing.
    // Stryker disable next-line ConditionalExpression: equivalent (see above)
    if (this.wakeScheduled) return;
    // Stryker disable next-line BooleanLiteral: equivalent (see above)
    this.wakeScheduled = true;
    this.context.sim.at(Math.ceil(timeNs), this.kindWake, () => {
      this.wakeScheduled = false;
      this.pump();
    });
  }

  /** The track to copy next (-1: none for now), told to the observer. */
  protected pickTrack(): number {
    const track = this.nextInOrder();
    this.context.copyObserver?.picked(this, track);
    return track;
  }

  /** With `touched-first`, the oldest track a host asked for that is still to copy and not under way; else in track order from the cursor. */
  private nextInOrder(): number {
    const toCopy = this.pair.toCopy;
    while (this.touched.size > 0) {
      const track = this.touched.shift()!;
      if (toCopy.has(track) && !this.claimed.has(track)) return track;
    }
    // From the cursor on, then from the start: tracks behind the cursor may have been released unfinished.
    let track = this.unclaimedFrom(this.cursor);
    if (track < 0) track = this.unclaimedFrom(0);
    this.cursor = track + 1;
    return track;
  }

  /** The first track at or after `start` still to copy and not claimed by a copy under way; -1 if none. */
  private unclaimedFrom(start: number): number {
    let track = this.pair.toCopy.next(start);
    while (track >= 0 && this.claimed.has(track)) track = this.pair.toCopy.next(track + 1);
    return track;
  }

  /**
   * Copies one track: under its lock, if the phase still needs it, reads it
   * from the source, waits for cache room and lands it on the target —
   * looking again at the instant of landing. Each step is a method of its
   * own, so that a variant (a seeded bug, or a user's own engine) replaces
   * one step and keeps the rest.
   */
  protected copyTrack(track: number): void {
    this.lockTrack(track, () => {
      if (!this.needs(track)) return this.finishTrack(track);
      this.readTrack(track, (data) => {
        if (data === null) return this.finishTrack(track); // left in toCopy: retried on a later pass
        this.context.cache.admit(1, this.work, () => {
          if (this.landing(track)) this.land(track, data);
          this.finishTrack(track);
        });
      });
    });
  }

  /** Takes the track's lock on the standard (host I/O to the track waits for it), then calls `locked`. */
  protected lockTrack(track: number, locked: () => void): void {
    this.locks.acquire(track, this.work, locked);
  }

  protected unlockTrack(track: number): void {
    this.locks.release(track);
  }

  /** Whether the phase still needs the track: not abandoned, and not yet brought across (by the copy or by a host I/O). */
  protected needs(track: number): boolean {
    return !this.stopped && this.pair.toCopy.has(track);
  }

  /** Whether the copy lands, decided again at the instant of landing: a forced split may have ended the phase meanwhile. */
  protected landing(track: number): boolean {
    return this.needs(track);
  }

  /** Reads the whole track from the source; `done(null)` when the read failed (the phase counts it). */
  protected readTrack(track: number, done: (data: Uint32Array | null) => void): void {
    const bpt = this.source.geometry.blocksPerTrack;
    const data = new Uint32Array(bpt);
    this.context.cache.read(this.source, this.firstBlock(track), bpt, data, this.work, (error) => {
      if (error && !this.stopped && this.pair.phase) this.pair.phase.readErrors++;
      done(error ? null : data);
    });
  }

  /** Puts the track on the target and marks it copied (for a restore: the restored indicator). */
  protected land(track: number, data: Uint32Array): void {
    this.context.cache.put(this.target, this.firstBlock(track), this.source.geometry.blocksPerTrack, data, 'copy');
    this.context.trackCopied(this.pair, track, 'background');
  }

  /** The track's first block (on source and target alike). */
  protected firstBlock(track: number): number {
    return track * this.source.geometry.blocksPerTrack;
  }

  protected finishTrack(track: number): void {
    this.unlockTrack(track);
    if (!this.stopped) this.context.copyEnded(this.pair, track);
    this.context.copyObserver?.released(this, track);
    this.claimed.delete(track);
    this.inFlight--;
    this.pump();
  }

  /** The track locks of the pair's standard (both directions lock there: host writes to STD take them). */
  protected get locks(): TrackLocks {
    return this.context.locksOf(this.pair.std);
  }
}

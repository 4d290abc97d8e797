import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { Bitset } from '../array/bitset.js';
import type { FaultEvent } from '../array/faults.js';
import type { History } from '../array/history.js';
import type { StorageArray } from '../array/storage-array.js';
import type { Volume } from '../array/volume.js';
import type { CopyContext, CopyEngine, CopyObserver } from './copy-task.js';
import type { CopyCounters, CopyDirection, CopyPhase, Pair } from './pair.js';
import type { ProtocolParts } from './parts.js';
import { sampleProgress } from './progress.js';
import { formatState, type CopyScope, type PairAction } from './state.js';
import type { TrackLocks } from './track-locks.js';

/** What the copy scheduler needs of the protocol around it. */
export interface CopySchedulerContext {
  readonly sim: Simulator;
  readonly array: StorageArray;
  readonly history: History;
  /** Every pair, in the order the scenario names them (a pair's copy runs on director `index % directors`). */
  readonly pairs: readonly Pair[];
  pairsOfStd(volume: Volume): readonly Pair[];
  locksOf(std: Volume): TrackLocks;
  /** The pair's copy brought its last track across: the state machine's `copy-done`. */
  copyDone(pair: Pair): void;
}

type CopyParts = Pick<ProtocolParts, 'copyEngine' | 'tracksToCopy'>;

/**
 * The copy phases of every pair: begins a phase (its tracks, its record),
 * runs its copy engine on the pair's front-end director, counts each track
 * brought across — by the background copy or by host I/O — and ends the
 * phase with the last. A director failure or power loss stops the engines
 * it runs; the track tables live in the array's protected memory and
 * survive, so a copy resumes where it stopped when its director or the power
 * comes back.
 */
export class CopyScheduler implements CopyContext {
  readonly sim: Simulator;
  readonly cache;
  /** Told what the background copy decides (the gate's `CopyOrderProbe`); changes nothing. */
  copyObserver: CopyObserver | null = null;
  private readonly engines = new Map<Pair, CopyEngine>();
  private readonly trackListeners: ((pair: Pair) => void)[] = [];

  constructor(
    private readonly context: CopySchedulerContext,
    private readonly parts: CopyParts,
  ) {
    this.sim = context.sim;
    this.cache = context.array.cache;
    context.array.faults?.onFault((event) => this.afterFault(event));
  }

  /** Called after each track a copy phase brings across (background, copy-on-read or a host write). */
  onTrackCopied(listener: (pair: Pair) => void): void {
    this.trackListeners.push(listener);
  }

  /** The front-end director that runs a pair's copy. */
  directorOf(pair: Pair): number {
    return this.context.pairs.indexOf(pair) % this.context.array.frontEnd.directors.length;
  }

  /** A copy phase begins with the state the action came with: its tracks are chosen and its record made; nothing is copied yet (`run`). */
  begin(pair: Pair, action: PairAction & { scope: CopyScope }): void {
    const { sim, history } = this.context;
    const direction: CopyDirection = action.name === 'copy-std-to-bcv' ? 'std-to-bcv' : 'bcv-to-std';
    const incremental = action.scope === 'changed';
    this.parts.tracksToCopy(pair, incremental);
    if (direction === 'bcv-to-std') history.restoreStarted(pair.name, sim.now, runsOf(pair.toCopy));
    // From here the copy target is brought level; what changes next is tracked anew.
    pair.stdChanged.clear();
    pair.bcvChanged.clear();
    pair.phase = {
      kind: direction === 'std-to-bcv' ? 'establish' : 'restore',
      direction,
      incremental,
      protected: pair.state.name === 'RestInProg' && pair.state.protected, // the state just entered
      startNs: sim.now,
      endNs: null,
      tracksInScope: pair.toCopy.count,
      counters: { background: 0, copyOnRead: 0, merged: 0, overwritten: 0, copyBeforeWrite: 0 },
      abandoned: false,
      readErrors: 0,
      nextCopyStartNs: sim.now,
      progress: [],
    };
    sampleProgress(pair.phase, sim.now, true);
    pair.phases.push(pair.phase);
  }

  /** Starts the background copy of the phase just begun, or ends the phase at once if it has nothing to copy. */
  run(pair: Pair): void {
    if (pair.toCopy.count === 0) return this.finish(pair);
    this.start(pair);
  }

  /** A forced split abandons the pair's copy phase. */
  abandon(pair: Pair): void {
    this.end(pair).abandoned = true;
  }

  private finish(pair: Pair): void {
    this.end(pair);
    this.context.copyDone(pair);
  }

  /** The pair's copy phase ends now (finished, or abandoned): its engine stops. */
  private end(pair: Pair): CopyPhase {
    const phase = pair.phase;
    if (phase === null) throw new AssertionError(`${pair.name}'s copy ended in no copy phase (${formatState(pair.state)})`);
    this.stop(pair);
    phase.endNs = this.sim.now;
    sampleProgress(phase, this.sim.now, true);
    return phase;
  }

  /** Starts the copy engine of a pair in a copy phase, if its director and the array are up; it resumes from `toCopy`. */
  private start(pair: Pair): void {
    // A pair still copying has tracks left: the last one brought across ends its phase (trackCopied).
    if (!pair.copying || this.engines.has(pair)) return;
    const { frontEnd } = this.context.array;
    if (frontEnd.offline || !frontEnd.directors[this.directorOf(pair)]!.online) return;
    const engine = this.parts.copyEngine(this, pair, pair.phase!.direction);
    this.engines.set(pair, engine);
    engine.start();
  }

  private stop(pair: Pair): void {
    this.engines.get(pair)?.stop();
    this.engines.delete(pair);
  }

  /** A director failure or power loss stops the engines it runs; a restart or power back starts every copy that waits. */
  afterFault(event: FaultEvent): void {
    for (const pair of this.context.pairs) {
      if (event.kind === 'power-lost' || (event.kind === 'director-failed' && this.directorOf(pair) === event.director)) this.stop(pair);
      this.start(pair); // only where a copy waits and its director and the array are up: after a restart, or power back
    }
  }

  // ---- The copy context: what copy engines and host I/O routing report ----

  locksOf(std: Volume): TrackLocks {
    return this.context.locksOf(std);
  }

  trackCopied(pair: Pair, track: number, how: keyof CopyCounters): void {
    const phase = pair.phase;
    if (phase === null) throw new AssertionError(`track ${track} of ${pair.name} copied in no copy phase`);
    if (!pair.toCopy.delete(track)) throw new AssertionError(`track ${track} of ${pair.name} copied twice`);
    phase.counters[how]++;
    sampleProgress(phase, this.sim.now);
    if (phase.direction === 'bcv-to-std') {
      this.context.history.trackRestored(pair.name, track, this.sim.now);
      // A restore changes the standard under its other split pairs, as a host write would.
      for (const other of this.context.pairsOfStd(pair.std)) if (other !== pair && other.tracking) other.stdChanged.add(track);
    }
    for (const listener of this.trackListeners) listener(pair);
    if (pair.toCopy.count === 0 && pair.copying) this.finish(pair);
  }

  copyStarted(pair: Pair, track: number): void {
    this.context.history.copyStarted(pair.name, track, this.sim.now);
  }

  copyEnded(pair: Pair, track: number): void {
    this.context.history.copyEnded(pair.name, track, this.sim.now);
  }

  copiesStopped(pair: Pair): void {
    this.context.history.copiesStopped(pair.name, this.sim.now);
  }

  /** A host asked for an unrestored track (a hint for the `touched-first` copy order). */
  touched(pair: Pair, track: number): void {
    this.engines.get(pair)?.touch(track);
  }
}

/** The set tracks of a bitset as runs [first, count] (the restored indicator's record of a restore's start). */
function runsOf(tracks: Bitset): [number, number][] {
  const runs: [number, number][] = [];
  for (let track = tracks.next(0); track >= 0; ) {
    let end = track + 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — a run cut short, or not extended, leaves runs of the same tracks ([t, 1], [t + 1, 1] for [t, 2]); `has` is false past the end
    while (end < tracks.size && tracks.has(end)) end++;
    runs.push([track, end - track]);
    track = tracks.next(end);
  }
  return runs;
}

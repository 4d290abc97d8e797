import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { CommandPathError } from '../array/command-path.js';
import type { IoController } from '../array/controller.js';
import type { History } from '../array/history.js';
import type { StorageArray } from '../array/storage-array.js';
import type { Volume } from '../array/volume.js';
import { CommandExecutor } from './command-executor.js';
import type { CopyConfig, ProtocolConfig } from './config.js';
import { CopyScheduler } from './copy-scheduler.js';
import { GatekeeperCommand, type CommandOrigin } from './gatekeeper.js';
import { Pair } from './pair.js';
import { PairIo } from './pair-io.js';
import { DEFAULT_PARTS, type ProtocolParts } from './parts.js';
import { pairQuery, type PairQuery } from './query.js';
import type { EstablishOptions, PairStateName, RestoreOptions, SplitOptions } from './state.js';
import type { CommandError } from './errors.js';
import { TrackLocks } from './track-locks.js';
import { WriteHolds } from './write-holds.js';

export interface PairSpec {
  readonly name: string;
  readonly std: string;
  readonly bcv: string;
  /** Overrides the protocol's default copy settings for this pair. */
  readonly copy?: Partial<CopyConfig>;
}

export interface GroupSpec {
  readonly name: string;
  readonly pairs: readonly string[];
}

export type CommandRequest =
  | { readonly name: 'establish'; readonly target: string; readonly options: EstablishOptions }
  | { readonly name: 'split'; readonly target: string; readonly options: SplitOptions }
  | { readonly name: 'restore'; readonly target: string; readonly options: RestoreOptions };

export type CommandResult = { readonly ok: true; readonly pairs: readonly string[] } | { readonly ok: false; readonly error: CommandError };

export type StateListener = (pair: Pair) => void;

/**
 * The pair protocol running on an array: holds the pairs and their tables,
 * and puts together the parts that do the work — the command executor (the
 * pure state machine's driver), the copy scheduler, the write holds of
 * consistent splits, and the router of host I/O to paired volumes — from
 * the `ProtocolParts` it is given, each left out being mirrorsim's own.
 */
export class Protocol {
  readonly pairs: ReadonlyMap<string, Pair>;
  readonly groups: ReadonlyMap<string, readonly Pair[]>;
  /** The controller of host I/O to the array's volumes: give it to the front end. */
  readonly io: IoController;
  readonly cache;
  /** The parts in use, resolved. */
  readonly parts: ProtocolParts;
  private readonly stdPairs: Pair[][];
  private readonly bcvPair: (Pair | undefined)[];
  private readonly locks = new Map<number, TrackLocks>();
  /** The copy phases of every pair (their engines, and the tracks brought across). */
  readonly copies: CopyScheduler;
  private readonly executor: CommandExecutor;
  private lastRequestId = 0;

  constructor(
    readonly sim: Simulator,
    readonly array: StorageArray,
    readonly config: ProtocolConfig,
    pairSpecs: readonly PairSpec[],
    groupSpecs: readonly GroupSpec[],
    private readonly history: History,
    parts: Partial<ProtocolParts> = {},
  ) {
    this.parts = { ...DEFAULT_PARTS, ...parts };
    this.cache = array.cache;
    this.stdPairs = array.volumes.map(() => []);
    this.bcvPair = array.volumes.map(() => undefined);
    const pairs = new Map<string, Pair>();
    for (const spec of pairSpecs) {
      const std = array.volume(spec.std);
      const bcv = array.volume(spec.bcv);
      if (std.blocks !== bcv.blocks) throw new AssertionError(`pair ${spec.name}: ${spec.std} and ${spec.bcv} differ in size`);
      if (this.bcvPair[bcv.index]) throw new AssertionError(`pair ${spec.name}: ${spec.bcv} is already a BCV`);
      const pair = new Pair(spec.name, std, bcv, { ...config.copy, ...spec.copy });
      pairs.set(spec.name, pair);
      this.stdPairs[std.index]!.push(pair);
      this.bcvPair[bcv.index] = pair;
      pair.timeline.push({ state: 'NeverEstab', label: 'NeverEstab', atNs: sim.now });
    }
    this.pairs = pairs;
    this.groups = new Map(groupSpecs.map((g) => [g.name, g.pairs.map((name) => pairs.get(name)!)]));
    const { stdPairs, bcvPair } = this;
    const pairsOfStd = (volume: Volume): readonly Pair[] => stdPairs[volume.index]!;
    const locksOf = (std: Volume) => this.locksOf(std);
    this.copies = new CopyScheduler({ sim, array, history, pairs: [...pairs.values()], pairsOfStd, locksOf, copyDone: (pair) => this.executor.copyDone(pair) }, this.parts);
    history.topology = {
      blocksPerTrack: array.config.geometry.blocksPerTrack,
      blockBytes: array.config.geometry.blockBytes,
      volumes: array.volumes.map((v) => ({ name: v.name, blocks: v.blocks })),
      pairs: pairSpecs.map((p) => ({ name: p.name, std: p.std, bcv: p.bcv, copy: { ...pairs.get(p.name)!.copyConfig }, copyDirector: this.copies.directorOf(pairs.get(p.name)!) })),
      groups: groupSpecs.map((g) => ({ name: g.name, pairs: [...g.pairs] })),
    };
    const { copyOnRead, bcvWriteDuringRestore, commandNs, splitStepNs } = config;
    history.settings = { copyOnRead, bcvWriteDuringRestore, commandNs, splitStepNs };
    const holds = new WriteHolds();
    const copies = this.copies;
    this.io = new PairIo({
      cache: this.cache,
      config,
      routing: this.parts.routing,
      pairsOfStd,
      pairOfBcv: (volume) => bcvPair[volume.index],
      locksOf,
      held: (volume) => holds.held(volume),
      holdWrite: (volume, resume) => holds.wait(volume, resume),
      trackCopied: (pair, track, how) => copies.trackCopied(pair, track, how),
      touched: (pair, track) => {
        copies.copyObserver?.touched(pair, track);
        copies.touched(pair, track);
      },
      readRedirected: (pair, io, tracks) => {
        if (io.opId >= 0) history.redirectedReads.push({ opId: io.opId, pair: pair.name, phase: pair.phases.length - 1, atNs: sim.now, tracks });
      },
    });
    const resolve = (target: string) => this.resolve(target);
    this.executor = new CommandExecutor({ sim, cache: this.cache, config, history, pairs, groups: this.groups, copies, holds, resolve, pairsOfStd }, this.parts);
  }

  onStateChange(listener: StateListener): void {
    this.executor.onStateChange(listener);
  }

  /** Called after each track a copy phase brings across (background, copy-on-read or a host write). */
  onTrackCopied(listener: StateListener): void {
    this.copies.onTrackCopied(listener);
  }

  /**
   * Issues a command to a pair or group. It takes effect after the command
   * processing time; `done` receives the acknowledgement (for a split
   * without `instant`, once the split has finished).
   */
  command(request: CommandRequest, done: (result: CommandResult) => void = () => undefined, origin: CommandOrigin | null = null): void {
    const issueNs = origin?.issueNs ?? this.sim.now;
    this.sim.after(this.config.commandNs, this.executor.kindCommand, () => this.executor.execute(request, issueNs, done, origin));
  }

  /**
   * A command `host` sends through one of its front-end directors
   * (TimeFinder's gatekeeper path), to give to `FrontEnd.submitCommand`:
   * when its director starts it, it is carried out as `command` would; its
   * records carry the host and a request id of their own.
   */
  fromHost(host: string, request: CommandRequest): GatekeeperCommand {
    return new GatekeeperCommand(this, host, request, ++this.lastRequestId, this.sim.now);
  }

  /**
   * A command a host sent through a director was lost in the front end
   * (`error`, at `director`) before it was handed over: it did nothing.
   * Records it as refused for each pair it names, with no state before it
   * (the protocol never judged it), and returns the refusal the host sees.
   */
  lose(request: CommandRequest, origin: CommandOrigin, error: CommandPathError, director: string): CommandResult {
    return this.executor.lose(request, origin, error, director);
  }

  /** The pair's `query` answer, recorded in the history with where it falls among the other records. */
  query(pairName: string): PairQuery {
    const answer = this.peek(pairName);
    const { history } = this;
    history.queries.push({ ...answer, statesBefore: history.stateChanges.length, indicatorBefore: history.indicatorCount });
    return answer;
  }

  /** What `query` would answer now, not recorded (timeline conditions poll it on every change). */
  peek(pairName: string): PairQuery {
    return pairQuery(this.pairOrThrow(pairName), this.sim.now);
  }

  verify(pairName: string, state: PairStateName): boolean {
    return this.pairOrThrow(pairName).state.name === state;
  }

  /** The pairs a name stands for: a pair, or the members of a group. */
  resolve(target: string): readonly Pair[] | undefined {
    const pair = this.pairs.get(target);
    return pair ? [pair] : this.groups.get(target);
  }

  /** Pairs whose standard is this volume. */
  pairsOfStd(volume: Volume): readonly Pair[] {
    return this.stdPairs[volume.index]!;
  }

  /** The pair whose BCV is this volume, if any. */
  pairOfBcv(volume: Volume): Pair | undefined {
    return this.bcvPair[volume.index];
  }

  /** The track locks of a standard volume. */
  locksOf(std: Volume): TrackLocks {
    let locks = this.locks.get(std.index);
    if (!locks) {
      locks = new TrackLocks();
      this.locks.set(std.index, locks);
    }
    return locks;
  }

  private pairOrThrow(name: string): Pair {
    const pair = this.pairs.get(name);
    if (!pair) throw new AssertionError(`no pair named ${name}`);
    return pair;
  }
}

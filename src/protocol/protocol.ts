import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { CommandPathError } from '../array/command-path.js';
import type { FaultEvent } from '../array/faults.js';
import type { Bitset } from '../array/bitset.js';
import type { CommandRecord, History, StateCause } from '../array/history.js';
import type { StorageArray } from '../array/storage-array.js';
import type { Volume } from '../array/volume.js';
import { Fifo } from '../array/fifo.js';
import type { CopyConfig, ProtocolConfig } from './config.js';
import { admit, type HostCommand, type RunningCommand } from './admission.js';
import { CopyTask, type CopyContext, type CopyEngine, type CopyObserver } from './copy-task.js';
import { formatCommandError, legalFor, type CommandError } from './errors.js';
import { GatekeeperCommand, type CommandOrigin } from './gatekeeper.js';
import { Pair, type CopyCounters, type CopyDirection, type CopyPhase } from './pair.js';
import { PairIo, type PairIoContext } from './pair-io.js';
import { ROUTING, type RoutingPolicy } from './routing.js';
import type { IoController } from '../array/controller.js';
import { sampleProgress } from './progress.js';
import { pairQuery, type PairQuery } from './query.js';
import {
  formatState,
  mirrors,
  PAIR_STATE_NAMES,
  transition,
  type CopyScope,
  type EstablishOptions,
  type PairAction,
  type PairCommand,
  type PairStateName,
  type Transition,
  type RestoreOptions,
  type SplitOptions,
} from './state.js';
import { TrackLocks } from './track-locks.js';

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

/**
 * The parts of the protocol a variant may replace — a seeded bug, or a
 * user's own policy; each part left out is mirrorsim's own.
 */
export interface ProtocolParts {
  /** What host I/O to paired volumes does (routing.ts): `ROUTING`, or a policy made from it. */
  readonly routing: RoutingPolicy;
}

export type StateListener = (pair: Pair) => void;

/**
 * The pair protocol running on an array: holds the pairs and their tables,
 * carries out commands (through the pure state machine), runs the copy
 * tasks, and routes host I/O for paired volumes (`PairIo`).
 */
export class Protocol implements CopyContext, PairIoContext {
  readonly pairs: ReadonlyMap<string, Pair>;
  readonly groups: ReadonlyMap<string, readonly Pair[]>;
  readonly io: IoController;
  readonly cache;
  /** How host I/O to paired volumes is routed (see `ProtocolParts`). */
  readonly routing: RoutingPolicy;
  private readonly stdPairs: Pair[][];
  private readonly bcvPair: (Pair | undefined)[];
  private readonly locks = new Map<number, TrackLocks>();
  private readonly copyTasks = new Map<Pair, CopyEngine>();
  /** Told what the background copy decides (the gate's `CopyOrderProbe`); changes nothing. */
  copyObserver: CopyObserver | null = null;
  /** Per standard held by consistent splits: how many hold it, and the writes waiting for the last to release it. */
  private readonly holds = new Map<number, { holders: number; readonly writes: Fifo<() => void> }>();
  /** Members of an accepted command still taking effect on them, until it is acknowledged. */
  private readonly running = new Map<Pair, RunningCommand>();
  private readonly listeners: StateListener[] = [];
  private readonly trackListeners: StateListener[] = [];
  private readonly kindCommand: number;
  private readonly kindState: number;
  private lastRequestId = 0;

  constructor(
    readonly sim: Simulator,
    readonly array: StorageArray,
    readonly config: ProtocolConfig,
    pairSpecs: readonly PairSpec[],
    groupSpecs: readonly GroupSpec[],
    protected readonly history: History,
    parts: Partial<ProtocolParts> = {},
  ) {
    this.routing = parts.routing ?? ROUTING;
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
    history.topology = {
      blocksPerTrack: array.config.geometry.blocksPerTrack,
      blockBytes: array.config.geometry.blockBytes,
      volumes: array.volumes.map((v) => ({ name: v.name, blocks: v.blocks })),
      pairs: pairSpecs.map((p) => ({ name: p.name, std: p.std, bcv: p.bcv, copy: { ...pairs.get(p.name)!.copyConfig }, copyDirector: this.ownerOf(pairs.get(p.name)!) })),
      groups: groupSpecs.map((g) => ({ name: g.name, pairs: [...g.pairs] })),
    };
    const { copyOnRead, bcvWriteDuringRestore, commandNs, splitStepNs } = config;
    history.settings = { copyOnRead, bcvWriteDuringRestore, commandNs, splitStepNs };
    this.groups = new Map(groupSpecs.map((g) => [g.name, g.pairs.map((name) => pairs.get(name)!)]));
    this.io = this.createIo();
    array.faults?.onFault((event) => this.afterFault(event));
    this.kindCommand = sim.kind('protocol.command');
    this.kindState = sim.kind('protocol.state');
  }

  onStateChange(listener: StateListener): void {
    this.listeners.push(listener);
  }

  /** Called after each track a copy phase brings across (background, copy-on-read or a host write). */
  onTrackCopied(listener: StateListener): void {
    this.trackListeners.push(listener);
  }

  // ---- Commands -------------------------------------------------------

  /**
   * Issues a command to a pair or group. It takes effect after the command
   * processing time; `done` receives the acknowledgement (for a split
   * without `instant`, once the split has finished).
   */
  command(request: CommandRequest, done: (result: CommandResult) => void = () => undefined, origin: CommandOrigin | null = null): void {
    const issueNs = origin?.issueNs ?? this.sim.now;
    this.sim.after(this.config.commandNs, this.kindCommand, () => this.execute(request, issueNs, done, origin));
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
    const lost: CommandError = { code: error, command: request.name, target: request.target, host: origin.host, director };
    const members = this.resolve(request.target);
    const group = members && !this.pairs.has(request.target) ? request.target : null;
    for (const target of members ? members.map((p) => p.name) : [request.target]) {
      const fields = { command: request.name, target, group, options: { ...request.options }, issueNs: origin.issueNs, stateBefore: null };
      this.record({ ...fields, effectiveNs: -1, completeNs: this.sim.now, error: error, message: formatCommandError(lost) }, origin);
    }
    return { ok: false, error: lost };
  }

  /** The pair's `query` answer, recorded in the history with where it falls among the other records. */
  query(pairName: string): PairQuery {
    const answer = this.peek(pairName);
    this.history.queries.push({ ...answer, statesBefore: this.history.stateChanges.length, indicatorBefore: this.history.indicatorCount });
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

  private execute(request: CommandRequest, issueNs: TimeNs, done: (result: CommandResult) => void, origin: CommandOrigin | null): void {
    const members = this.resolve(request.target);
    const group = !members || this.pairs.has(request.target) ? null : request.target;
    if (!members) {
      const known = [...this.pairs.keys(), ...this.groups.keys()];
      return this.refuse(request, issueNs, null, [request.target], { code: 'unknown-target', command: request.name, target: request.target, known }, done, origin);
    }
    const errors = this.admitCommand(members, request);
    if (errors.length > 0) {
      const error: CommandError = group === null ? errors[0]! : { code: 'group-refused', group, members: errors };
      return this.refuse(request, issueNs, group, members.map((p) => p.name), error, done, origin);
    }
    const records = members.map((pair) =>
      this.record(
        {
          command: request.name,
          target: pair.name,
          group,
          options: { ...request.options },
          issueNs,
          stateBefore: formatState(pair.state),
          // Stryker disable UnaryOperator: outside the gate — placeholders, overwritten as the command takes effect, is applied and completes, which every command does in the gate (its runs drain, or fail liveness); only a scenario stopped with a command in flight reports them
          effectiveNs: -1,
          appliedNs: -1,
          completeNs: -1,
          // Stryker restore UnaryOperator
          error: null,
          message: '',
        },
        origin,
      ),
    );
    // Acknowledged only once every member took effect (see `splitMembers`).
    const acknowledge = () => {
      for (const [i, record] of records.entries()) {
        if (record.effectiveNs < 0) throw new AssertionError(`${request.name} ${request.target} acknowledged before ${members[i]!.name} took effect`);
        record.completeNs = this.sim.now;
      }
      for (const pair of members) this.running.delete(pair);
      done({ ok: true, pairs: members.map((p) => p.name) });
    };
    if (request.name === 'split') return this.splitMembers(members, request, records, acknowledge);
    for (const [i, pair] of members.entries()) {
      records[i]!.effectiveNs = records[i]!.appliedNs = this.sim.now;
      this.apply(pair, request, records[i]!.id);
    }
    acknowledge();
  }

  private refuse(
    request: CommandRequest,
    issueNs: TimeNs,
    group: string | null,
    targets: readonly string[],
    error: CommandError,
    done: (result: CommandResult) => void,
    origin: CommandOrigin | null,
  ): void {
    for (const target of targets) {
      this.record(
        {
          command: request.name,
          target,
          group,
          options: { ...request.options },
          issueNs,
          stateBefore: this.pairs.has(target) ? formatState(this.pairs.get(target)!.state) : null,
          effectiveNs: -1,
          completeNs: this.sim.now,
          error: error.code,
          message: formatCommandError(error),
          ...withLegal(legalFor(error, target)),
        },
        origin,
      );
    }
    done({ ok: false, error });
  }

  /** Records a command in the history; one a host sent through a director says so (see `CommandOrigin`). */
  private record(fields: Parameters<History['command']>[0], origin: CommandOrigin | null): CommandRecord {
    if (!origin) return this.history.command(fields);
    const record = this.history.command({ ...fields, host: origin.host, requestId: origin.requestId, ...(origin.answer && { answer: origin.answer }) });
    origin.records.push(record);
    return record;
  }

  /**
   * Splits members one after the other, `splitStepNs` apart. A consistent
   * split holds new writes to every member's standard from its start to its
   * end, so its effective instant is the start for all of them. Until it is
   * acknowledged, its members refuse other commands (`command-under-way`):
   * each member's split was judged legal at acceptance, and only background
   * work (a copy ending, a split settling) can change the member before its
   * step, which leaves the split legal — so every member takes effect.
   */
  protected splitMembers(members: readonly Pair[], request: CommandRequest & { name: 'split' }, records: CommandRecord[], acknowledge: () => void): void {
    const { options } = request;
    const running: RunningCommand = { command: request.name, target: request.target, commandId: records[0]!.id };
    for (const pair of members) this.running.set(pair, running);
    const startNs = this.sim.now;
    const holding = this.holdsWritesDuringSplit(options);
    if (holding) for (const pair of members) this.hold(pair.std);
    let finished = 0;
    const oneFinished = () => {
      if (++finished === members.length && !options.instant) acknowledge();
    };
    members.forEach((pair, i) => {
      this.sim.after((i + 1) * this.config.splitStepNs, this.kindCommand, () => {
        if (this.running.get(pair) !== running) throw new AssertionError(`split ${request.target}: ${pair.name} was released before its step`);
        Object.assign(records[i]!, { stateBefore: formatState(pair.state), effectiveNs: options.consistent ? startNs : this.sim.now, appliedNs: this.sim.now });
        this.apply(pair, request, records[i]!.id, oneFinished);
        if (i === members.length - 1) {
          if (holding) for (const member of members) this.release(member.std);
          if (options.instant) acknowledge();
        }
      });
    });
  }

  /**
   * Runs a legal transition: new state, then its actions. `commandId`: the
   * history's record of the command. `splitFinished` is called when a split has settled.
   */
  private apply(pair: Pair, request: CommandRequest | PairCommand, commandId: number, splitFinished: () => void = () => undefined): void {
    const result = transition(pair.state, request as PairCommand);
    if (!result.ok) throw new AssertionError(`apply of an illegal ${request.name} to ${pair.name} (${formatState(pair.state)})`);
    const settles = this.enter(pair, result, commandId);
    if (!settles) {
      splitFinished(); // a no-op but for a split
      return;
    }
    this.cache.whenDestaged(pair.bcv, () => {
      const settled = transition(pair.state, { name: 'split-done' });
      if (!settled.ok) throw new AssertionError(`${pair.name}'s split settled in ${formatState(pair.state)}`);
      this.enter(pair, settled, 'split-done');
      splitFinished();
    });
  }

  /**
   * The one place a pair's state changes: enters the transition's next state and
   * carries out every action the state machine asked for (a copy phase exists
   * before anyone hears of the state: a listener reads its restored indicator).
   * Returns whether the split must settle (`finish-split`: the caller waits for the BCV's pending writes).
   */
  private enter(pair: Pair, result: Transition, cause: StateCause): boolean {
    if (mirrors(pair.state) && !mirrors(result.next) && (pair.stdChanged.count > 0 || pair.bcvChanged.count > 0)) {
      throw new AssertionError(`${pair.name} stops mirroring with tracks in its change tables`);
    }
    pair.state = result.next;
    for (const action of result.actions) {
      if (action.name === 'copy-std-to-bcv' || action.name === 'copy-bcv-to-std') this.beginCopyPhase(pair, action);
    }
    this.recordState(pair, cause);
    let settles = false;
    for (const action of result.actions) {
      if (action.name === 'finish-split') settles = true;
      this.perform(pair, action);
    }
    return settles;
  }

  private perform(pair: Pair, action: PairAction): void {
    switch (action.name) {
      case 'copy-std-to-bcv':
      case 'copy-bcv-to-std':
        return this.runCopyPhase(pair); // begun by `enter`
      case 'abandon-copy': {
        const phase = this.endCopyPhase(pair);
        phase.abandoned = true;
        return;
      }
      case 'finish-split':
        return; // handled by `apply`, which waits for the BCV's pending writes
    }
    // Every action the state machine returns is carried out: one it does not know is a bug in the core or here.
    throw new AssertionError(`no handler for the action ${JSON.stringify(action)} of ${pair.name} (${formatState(pair.state)})`);
  }

  // ---- The parts a variant may replace (a user's own policy, or a seeded bug) ----

  /** Judges a command to its members, changing nothing: their errors, none when it is accepted (see `admit`). */
  protected admitCommand(members: readonly Pair[], command: HostCommand): CommandError[] {
    return admit({ pairsOfStd: (std: Volume) => this.pairsOfStd(std), runningOn: (pair: Pair) => this.running.get(pair) }, members, command);
  }

  /** The router of host I/O for paired volumes. */
  protected createIo(): IoController {
    return new PairIo(this);
  }

  /** The background copy of a copy phase. */
  protected createCopyEngine(pair: Pair, direction: CopyDirection): CopyEngine {
    return new CopyTask(this, pair, direction, pair.copyConfig);
  }

  /** Fills `pair.toCopy`: every track, or (incremental) those changed on either side since the split. */
  protected chooseTracksToCopy(pair: Pair, incremental: boolean): void {
    pair.toCopy.clear();
    if (incremental) {
      pair.toCopy.union(pair.stdChanged);
      pair.toCopy.union(pair.bcvChanged);
    } else {
      pair.toCopy.fill();
    }
  }

  /** Whether a split holds new writes to its pairs' standards while it steps through them. */
  protected holdsWritesDuringSplit(options: SplitOptions): boolean {
    return options.consistent;
  }

  /** A copy phase begins: its tracks are chosen and its record made; nothing is copied yet (see `runCopyPhase`). */
  private beginCopyPhase(pair: Pair, action: PairAction & { scope: CopyScope }): void {
    const direction: CopyDirection = action.name === 'copy-std-to-bcv' ? 'std-to-bcv' : 'bcv-to-std';
    const incremental = action.scope === 'changed';
    this.chooseTracksToCopy(pair, incremental);
    if (direction === 'bcv-to-std') this.history.restoreStarted(pair.name, this.sim.now, runsOf(pair.toCopy));
    // From here the copy target is brought level; what changes next is tracked anew.
    pair.stdChanged.clear();
    pair.bcvChanged.clear();
    pair.phase = {
      kind: direction === 'std-to-bcv' ? 'establish' : 'restore',
      direction,
      incremental,
      protected: pair.state.name === 'RestInProg' && pair.state.protected, // the state just entered
      startNs: this.sim.now,
      endNs: null,
      tracksInScope: pair.toCopy.count,
      counters: { background: 0, copyOnRead: 0, merged: 0, overwritten: 0, copyBeforeWrite: 0 },
      abandoned: false,
      readErrors: 0,
      nextCopyStartNs: this.sim.now,
      progress: [],
    };
    sampleProgress(pair.phase, this.sim.now, true);
    pair.phases.push(pair.phase);
  }

  /** Starts the background copy of the phase just begun, or ends it at once if it has nothing to copy. */
  private runCopyPhase(pair: Pair): void {
    if (pair.toCopy.count === 0) return this.finishCopy(pair);
    this.startEngine(pair);
  }

  private finishCopy(pair: Pair): void {
    this.endCopyPhase(pair);
    const result = transition(pair.state, { name: 'copy-done' });
    if (!result.ok) throw new AssertionError(`copy finished for ${pair.name} in ${pair.state.name}`);
    this.enter(pair, result, 'copy-done');
  }

  /** The pair's copy phase ends now (finished, or abandoned): its copy task stops. */
  private endCopyPhase(pair: Pair): CopyPhase {
    const phase = pair.phase;
    if (phase === null) throw new AssertionError(`${pair.name}'s copy ended in no copy phase (${formatState(pair.state)})`);
    this.copyTasks.get(pair)?.stop();
    this.copyTasks.delete(pair);
    phase.endNs = this.sim.now;
    sampleProgress(phase, this.sim.now, true);
    return phase;
  }

  private recordState(pair: Pair, cause: StateCause): void {
    const change = { state: pair.state.name, label: formatState(pair.state), atNs: this.sim.now };
    pair.timeline.push(change);
    this.history.stateChanges.push({ pair: pair.name, ...change, cause });
    this.sim.trace.record(this.sim.now, this.kindState, pair.bcv.index, PAIR_STATE_NAMES.indexOf(pair.state.name));
    for (const listener of this.listeners) listener(pair);
  }

  private pairOrThrow(name: string): Pair {
    const pair = this.pairs.get(name);
    if (!pair) throw new AssertionError(`no pair named ${name}`);
    return pair;
  }

  // ---- Faults: copy tasks run on a front-end director and stop with it ----

  /** The front-end director that runs a pair's copy task. */
  private ownerOf(pair: Pair): number {
    return [...this.pairs.values()].indexOf(pair) % this.array.frontEnd.directors.length;
  }

  /** Starts the copy engine of a pair in a copy phase, if its director and the array are up; resumes from `toCopy`. */
  private startEngine(pair: Pair): void {
    // A pair still copying has tracks left: the last one brought across ends its phase (trackCopied).
    if (!pair.copying || this.copyTasks.has(pair)) return;
    if (this.array.frontEnd.offline || !this.array.frontEnd.directors[this.ownerOf(pair)]!.online) return;
    const engine = this.createCopyEngine(pair, pair.phase!.direction);
    this.copyTasks.set(pair, engine);
    engine.start();
  }

  private suspendEngine(pair: Pair): void {
    this.copyTasks.get(pair)?.stop();
    this.copyTasks.delete(pair);
  }

  /**
   * A director failure or power loss stops the copy tasks it runs; the
   * track tables live in the array's protected memory and survive, so the
   * copy resumes where it stopped when the director or power comes back.
   */
  protected afterFault(event: FaultEvent): void {
    for (const pair of this.pairs.values()) {
      if (event.kind === 'power-lost' || (event.kind === 'director-failed' && this.ownerOf(pair) === event.director)) this.suspendEngine(pair);
      this.startEngine(pair); // only where a copy waits and its director and the array are up: after a restart, or power back
    }
  }

  // ---- Holding writes for a consistent split ----------------------------

  // Two consistent splits may hold one standard at once (a group's and a sibling pair's own): its writes
  // wait for the last of them, or one split would let through writes the other's members must not see.
  private hold(std: Volume): void {
    const held = this.holds.get(std.index);
    if (held) held.holders++;
    else this.holds.set(std.index, { holders: 1, writes: new Fifo() });
  }

  private release(std: Volume): void {
    const held = this.holds.get(std.index);
    if (!held) throw new AssertionError(`release of ${std.name}, which no split holds`);
    if (--held.holders > 0) return;
    this.holds.delete(std.index);
    for (let resume = held.writes.shift(); resume; resume = held.writes.shift()) resume();
  }

  // ---- Contexts for the copy task and host I/O routing ------------------

  held(volume: Volume): boolean {
    return this.holds.has(volume.index);
  }

  holdWrite(volume: Volume, resume: () => void): void {
    this.holds.get(volume.index)!.writes.push(resume);
  }

  pairsOfStd(volume: Volume): readonly Pair[] {
    return this.stdPairs[volume.index]!;
  }

  pairOfBcv(volume: Volume): Pair | undefined {
    return this.bcvPair[volume.index];
  }

  locksOf(std: Volume): TrackLocks {
    let locks = this.locks.get(std.index);
    if (!locks) {
      locks = new TrackLocks();
      this.locks.set(std.index, locks);
    }
    return locks;
  }

  trackCopied(pair: Pair, track: number, how: keyof CopyCounters): void {
    const phase = pair.phase;
    if (phase === null) throw new AssertionError(`track ${track} of ${pair.name} copied in no copy phase`);
    if (!pair.toCopy.delete(track)) throw new AssertionError(`track ${track} of ${pair.name} copied twice`);
    phase.counters[how]++;
    sampleProgress(phase, this.sim.now);
    if (phase.direction === 'bcv-to-std') {
      this.history.trackRestored(pair.name, track, this.sim.now);
      // A restore changes the standard under its other split pairs, as a host write would.
      for (const other of this.stdPairs[pair.std.index]!) if (other !== pair && other.tracking) other.stdChanged.add(track);
    }
    for (const listener of this.trackListeners) listener(pair);
    if (pair.toCopy.count === 0 && pair.copying) this.finishCopy(pair);
  }

  copyStarted(pair: Pair, track: number): void {
    this.history.copyStarted(pair.name, track, this.sim.now);
  }

  copyEnded(pair: Pair, track: number): void {
    this.history.copyEnded(pair.name, track, this.sim.now);
  }

  copiesStopped(pair: Pair): void {
    this.history.copiesStopped(pair.name, this.sim.now);
  }

  touched(pair: Pair, track: number): void {
    this.copyTasks.get(pair)?.touch(track);
  }
}

const withLegal = (legal: readonly string[] | undefined): { legal?: readonly string[] } => (legal ? { legal } : {});

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

import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { CommandPathError } from '../array/command-path.js';
import type { CommandRecord, History, StateCause } from '../array/history.js';
import type { Cache } from '../array/cache.js';
import type { Volume } from '../array/volume.js';
import type { RunningCommand } from './admission.js';
import type { ProtocolConfig } from './config.js';
import type { CopyScheduler } from './copy-scheduler.js';
import { formatCommandError, legalFor, type CommandError } from './errors.js';
import type { CommandOrigin } from './gatekeeper.js';
import type { Pair } from './pair.js';
import type { ProtocolParts } from './parts.js';
import { formatState, mirrors, PAIR_STATE_NAMES, transition, type PairAction, type PairCommand, type Transition } from './state.js';
import type { WriteHolds } from './write-holds.js';
import type { CommandRequest, CommandResult } from './protocol.js';

/** What carrying out commands needs of the protocol around it. */
export interface CommandExecutorContext {
  readonly sim: Simulator;
  readonly cache: Cache;
  readonly config: ProtocolConfig;
  readonly history: History;
  readonly pairs: ReadonlyMap<string, Pair>;
  readonly groups: ReadonlyMap<string, readonly Pair[]>;
  readonly copies: CopyScheduler;
  readonly holds: WriteHolds;
  /** The pairs a name stands for: a pair, or the members of a group. */
  resolve(target: string): readonly Pair[] | undefined;
  pairsOfStd(volume: Volume): readonly Pair[];
}

/**
 * Carries out commands: judges each (the `admission` part), records it in
 * the history, and runs each member's legal transition (the pure state
 * machine) — entering its next state, the one place a pair's state changes,
 * and carrying out every action the state machine returns.
 */
export class CommandExecutor {
  /** Members of an accepted command still taking effect on them, until it is acknowledged. */
  private readonly running = new Map<Pair, RunningCommand>();
  private readonly listeners: ((pair: Pair) => void)[] = [];
  /** The event kind of a command's steps (the protocol schedules commands with it too). */
  readonly kindCommand: number;
  private readonly kindState: number;

  constructor(
    private readonly context: CommandExecutorContext,
    private readonly parts: Pick<ProtocolParts, 'admission' | 'holdsWrites'>,
  ) {
    this.kindCommand = context.sim.kind('protocol.command');
    this.kindState = context.sim.kind('protocol.state');
  }

  onStateChange(listener: (pair: Pair) => void): void {
    this.listeners.push(listener);
  }

  /** A command, after its processing time (`Protocol.command`). */
  execute(request: CommandRequest, issueNs: TimeNs, done: (result: CommandResult) => void, origin: CommandOrigin | null): void {
    const { pairs, groups } = this.context;
    const members = this.context.resolve(request.target);
    const group = !members || pairs.has(request.target) ? null : request.target;
    if (!members) {
      const known = [...pairs.keys(), ...groups.keys()];
      return this.refuse(request, issueNs, null, [request.target], { code: 'unknown-target', command: request.name, target: request.target, known }, done, origin);
    }
    const admission = { pairsOfStd: (std: Volume) => this.context.pairsOfStd(std), runningOn: (pair: Pair) => this.running.get(pair) };
    const errors = this.parts.admission(admission, members, request);
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
        record.completeNs = this.context.sim.now;
      }
      for (const pair of members) this.running.delete(pair);
      done({ ok: true, pairs: members.map((p) => p.name) });
    };
    if (request.name === 'split') return this.splitMembers(members, request, records, acknowledge);
    for (const [i, pair] of members.entries()) {
      records[i]!.effectiveNs = records[i]!.appliedNs = this.context.sim.now;
      this.apply(pair, request, records[i]!.id);
    }
    acknowledge();
  }

  /**
   * A command a host sent through a director was lost in the front end
   * before it was handed over: recorded as refused for each pair it names,
   * with no state before it (the protocol never judged it).
   */
  lose(request: CommandRequest, origin: CommandOrigin, error: CommandPathError, director: string): CommandResult {
    const lost: CommandError = { code: error, command: request.name, target: request.target, host: origin.host, director };
    const members = this.context.resolve(request.target);
    const group = members && !this.context.pairs.has(request.target) ? request.target : null;
    for (const target of members ? members.map((p) => p.name) : [request.target]) {
      const fields = { command: request.name, target, group, options: { ...request.options }, issueNs: origin.issueNs, stateBefore: null };
      this.record({ ...fields, effectiveNs: -1, completeNs: this.context.sim.now, error, message: formatCommandError(lost) }, origin);
    }
    return { ok: false, error: lost };
  }

  /** The pair's copy brought its last track across. */
  copyDone(pair: Pair): void {
    const result = transition(pair.state, { name: 'copy-done' });
    if (!result.ok) throw new AssertionError(`copy finished for ${pair.name} in ${pair.state.name}`);
    this.enter(pair, result, 'copy-done');
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
    const { pairs, sim } = this.context;
    const message = formatCommandError(error);
    for (const target of targets) {
      const stateBefore = pairs.has(target) ? formatState(pairs.get(target)!.state) : null;
      const legal = legalFor(error, target);
      const fields = { command: request.name, target, group, options: { ...request.options }, issueNs, stateBefore };
      this.record({ ...fields, effectiveNs: -1, completeNs: sim.now, error: error.code, message, ...(legal && { legal }) }, origin);
    }
    done({ ok: false, error });
  }

  /** Records a command in the history; one a host sent through a director says so (see `CommandOrigin`). */
  private record(fields: Parameters<History['command']>[0], origin: CommandOrigin | null): CommandRecord {
    if (!origin) return this.context.history.command(fields);
    const record = this.context.history.command({ ...fields, host: origin.host, requestId: origin.requestId, ...(origin.answer && { answer: origin.answer }) });
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
  private splitMembers(members: readonly Pair[], request: CommandRequest & { name: 'split' }, records: CommandRecord[], acknowledge: () => void): void {
    const { sim, config, holds } = this.context;
    const { options } = request;
    const running: RunningCommand = { command: request.name, target: request.target, commandId: records[0]!.id };
    for (const pair of members) this.running.set(pair, running);
    const startNs = sim.now;
    const holding = this.parts.holdsWrites(options);
    if (holding) for (const pair of members) holds.hold(pair.std);
    let finished = 0;
    const oneFinished = () => {
      if (++finished === members.length && !options.instant) acknowledge();
    };
    members.forEach((pair, i) => {
      sim.after((i + 1) * config.splitStepNs, this.kindCommand, () => {
        if (this.running.get(pair) !== running) throw new AssertionError(`split ${request.target}: ${pair.name} was released before its step`);
        Object.assign(records[i]!, { stateBefore: formatState(pair.state), effectiveNs: options.consistent ? startNs : sim.now, appliedNs: sim.now });
        this.apply(pair, request, records[i]!.id, oneFinished);
        if (i === members.length - 1) {
          if (holding) for (const member of members) holds.release(member.std);
          if (options.instant) acknowledge();
        }
      });
    });
  }

  /** Runs a legal transition. `commandId`: the history's record of the command; `splitFinished`: called when a split has settled. */
  private apply(pair: Pair, request: CommandRequest | PairCommand, commandId: number, splitFinished: () => void = () => undefined): void {
    const result = transition(pair.state, request as PairCommand);
    if (!result.ok) throw new AssertionError(`apply of an illegal ${request.name} to ${pair.name} (${formatState(pair.state)})`);
    const settles = this.enter(pair, result, commandId);
    if (!settles) {
      splitFinished(); // a no-op but for a split
      return;
    }
    this.context.cache.whenDestaged(pair.bcv, () => {
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
      if (action.name === 'copy-std-to-bcv' || action.name === 'copy-bcv-to-std') this.context.copies.begin(pair, action);
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
        return this.context.copies.run(pair); // begun by `enter`
      case 'abandon-copy':
        return this.context.copies.abandon(pair);
      case 'finish-split':
        return; // handled by `apply`, which waits for the BCV's pending writes
    }
    // Every action the state machine returns is carried out: one it does not know is a bug in the core or here.
    throw new AssertionError(`no handler for the action ${JSON.stringify(action)} of ${pair.name} (${formatState(pair.state)})`);
  }

  private recordState(pair: Pair, cause: StateCause): void {
    const { sim, history } = this.context;
    const change = { state: pair.state.name, label: formatState(pair.state), atNs: sim.now };
    pair.timeline.push(change);
    history.stateChanges.push({ pair: pair.name, ...change, cause });
    sim.trace.record(sim.now, this.kindState, pair.bcv.index, PAIR_STATE_NAMES.indexOf(pair.state.name));
    for (const listener of this.listeners) listener(pair);
  }
}

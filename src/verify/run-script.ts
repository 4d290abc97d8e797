import { AssertionError } from '../engine/assert.js';
import { ListChooser } from '../engine/choices.js';
import { Simulator } from '../engine/simulator.js';
import { NS_PER_MS, NS_PER_US, type TimeNs } from '../engine/time.js';
import { FaultyDrive } from '../devices/faulty-drive.js';
import { FixedServiceDrive } from '../devices/fixed-drive.js';
import { History } from '../array/history.js';
import type { ArrayConfig, StorageArray } from '../array/storage-array.js';
import { DEFAULT_PROTOCOL, type ProtocolConfig } from '../protocol/config.js';
import { buildWorld } from '../protocol/build-world.js';
import type { GatekeeperCommand } from '../protocol/gatekeeper.js';
import type { Pair } from '../protocol/pair.js';
import type { CommandRequest, Protocol } from '../protocol/protocol.js';
import { bcvAddressable } from '../protocol/state.js';
import { checkCommandsAsSent, type SentCommand } from './commands-as-sent.js';
import { checkPhasesAsReported } from './phases-as-reported.js';
import { CacheProbe } from './cache-probe.js';
import { CopyOrderProbe } from './copy-order-probe.js';
import { PathProbe } from './path-probe.js';
import { isFault, type Action, type CommandAction, type FaultAction, type Script } from './script.js';
import type { ProtocolVariant } from './variant.js';
import { allDrives, BLOCK_BYTES, COMMAND_US, dataDrives, FRONT_END_DIRECTORS, drivesPerStd, groupsOf, pairsOf, PLAIN_VOLUME, SPLIT_STEP_US, tracksOf, volumesOf, type World } from './world.js';

/** How a script's run ended. */
export type Convergence =
  | { readonly ok: true; readonly settledNs: TimeNs }
  | {
      readonly ok: false;
      readonly reason: 'copy-not-finished' | 'copy-stalled' | 'split-not-settled' | 'livelock';
      readonly atNs: TimeNs;
      /** The pairs still copying (for `split-not-settled`, still settling their split). */
      readonly copying: readonly string[];
    };

export interface ScriptRun {
  readonly history: History;
  readonly traceHash: string;
  /** When the last action was issued: the safety phase ends, the liveness phase begins. */
  readonly loadEndNs: TimeNs;
  readonly convergence: Convergence;
  readonly protocol: Protocol;
  /** How often the run took the protocol's special paths (for the gate's coverage report). */
  readonly paths: PathProbe;
  /**
   * How the history disagrees with the commands the gate sent (`commands-as-sent.ts`), if it does: a crash,
   * unless a property fails on the same run — what the checkers say of it is the more telling.
   */
  readonly recordsDisagree: AssertionError | null;
}

const EVENT_BUDGET = 5_000_000;

/**
 * Runs a script on the small simulated array its world describes: the
 * safety phase issues its actions; the liveness phase lets every copy finish
 * within a bound; a final sweep reads every block of every volume that
 * answers, so that the checkers see the converged content. Everything is
 * recorded in the history.
 */
export function runScript(script: Script, variant: ProtocolVariant = {}): ScriptRun {
  const world = script.world;
  const sim = new Simulator({ seed: script.seed, chooser: new ListChooser(script.choices) });
  const driveCount = allDrives(world);
  const plain = Array.from({ length: driveCount }, (_, i) => new FixedServiceDrive(sim, { name: `d${i}`, serviceNs: world.driveServiceUs * NS_PER_US, capacitySectors: 1 << 24 }));
  // Scripts with faults get the fault overlay on every drive; others run on the plain drives (same behaviour, no cost).
  const faulty = script.actions.some(isFault) ? plain.map((drive) => new FaultyDrive(sim, drive)) : null;
  const history = new History({ ops: true, physical: true });
  const { array, protocol, controller: paths } = buildWorld({
    sim,
    drives: faulty ?? plain,
    array: arrayConfig(world),
    history,
    faults: faulty && { drives: new Map(faulty.map((d) => [d.name, d])), spares: world.raid1 ? [`d${dataDrives(world)}`] : [] },
    protocol: protocolConfig(world),
    pairs: pairsOf(world),
    groups: groupsOf(world),
    makeProtocol: variant.protocol,
    parts: variant.parts,
    wrapIo: (io, protocol) => new PathProbe(io, protocol),
  });
  const cacheProbe = new CacheProbe(sim, array.cache, world.copy.priority);
  const copyProbe = new CopyOrderProbe(protocol, array.frontEnd, history);
  // An operator watching the restore: a `query` of the pair at every change of its state or its copy, and of
  // every pair at the end. Each answer goes into the history, which holds it to guarantee 11; `verify` must
  // agree with it (true for the state query names, false for another).
  let asked = 0;
  const ask = (name: string) => {
    asked++;
    const { state } = protocol.query(name);
    const other = state === 'Split' ? 'Synchronized' : 'Split';
    if (!protocol.verify(name, state) || protocol.verify(name, other)) {
      throw new AssertionError(`verify ${name} answers ${protocol.verify(name, state)} for ${state} and ${protocol.verify(name, other)} for ${other}; query says it is ${state}`);
    }
  };
  protocol.onStateChange((pair) => ask(pair.name));
  protocol.onTrackCopied((pair) => ask(pair.name));

  const kind = sim.kind('verify.action');
  const sent: Sent[] = [];
  for (const action of script.actions) sim.at(action.atUs * NS_PER_US, kind, () => perform(action, array, protocol, sent));
  const loadEndNs = Math.max(0, ...script.actions.map((a) => a.atUs * NS_PER_US));
  const boundNs = livenessBoundNs(world);
  sim.run({ untilNs: loadEndNs, maxEvents: EVENT_BUDGET });
  const convergence = settle(sim, protocol, loadEndNs, boundNs);
  const drained = convergence.ok && sweep(sim, array, protocol, world);
  // What the checkers need to time the liveness phase: every copy, and every host I/O, must end within the bound of the load's end.
  // A run that drained its event queue has nothing left to happen: watched one bound longer, it would be
  // the same, so it is declared to end past every deadline, and an I/O still in flight never ended.
  const runEndNs = drained ? sim.now + boundNs + 1 : sim.now;
  for (const name of protocol.pairs.keys()) ask(name);
  cacheProbe.finish(history);
  copyProbe.finish();
  checkRecordsComplete(history, world, asked, protocol.pairs.values());
  // Every command sent is recorded as sent, and its sender was told what its records say.
  for (const s of sent) if (s.gatekeeper) s.result = s.gatekeeper.result;
  const groups = new Map(groupsOf(world).map((g) => [g.name, g.pairs]));
  const pairNames = new Set(pairsOf(world).map((p) => p.name));
  let recordsDisagree: AssertionError | null = null;
  try {
    checkCommandsAsSent(history, sent, (target) => groups.get(target) ?? (pairNames.has(target) ? [target] : undefined));
    checkPhasesAsReported(history, protocol.pairs.values());
  } catch (error) {
    if (!(error instanceof AssertionError)) throw error;
    recordsDisagree = error;
  }
  history.bounds = { loadEndNs, runEndNs, ioBoundNs: boundNs, copyBoundNs: boundNs, ...(drained && { idleNs: sim.now }) };
  return { history, traceHash: sim.trace.hash(), loadEndNs, convergence, protocol, paths, recordsDisagree };
}

/**
 * What the oracles read must be in the history, or they judge nothing and
 * pass: every query answer the gate asked for, a query at every state change
 * the history records, the background copy's records if it copied, and every
 * pair's copy settings and director as the world set them. Throws an
 * `AssertionError` (a crash) naming what is missing.
 */
function checkRecordsComplete(history: History, world: World, asked: number, pairs: Iterable<Pair>): void {
  // Every answer the array gave is in the history, or none of them could be judged.
  if (history.queries.length !== asked) throw new AssertionError(`the history holds ${history.queries.length} query answers; the gate asked ${asked} queries`);
  // The gate asks at every state change the history records and every track a phase brought across (its
  // counters, which the history judges), and once per pair at the end: another count means the protocol
  // did not tell it of each.
  let copied = 0;
  let count = 0;
  for (const pair of pairs) {
    count++;
    for (const phase of pair.phases) for (const tracks of Object.values<number>(phase.counters)) copied += tracks;
  }
  const expected = history.stateChanges.length + copied + count;
  if (asked !== expected) {
    throw new AssertionError(`the gate asked ${asked} queries; it asks at each of the history's ${history.stateChanges.length} state changes, each of the ${copied} tracks the phases brought across, and once per pair at the end (${expected}): the protocol told it of more or fewer`);
  }
  // The background copy's records, which its concurrency and its directors are judged by, are there if it copied.
  if (history.copies.length === 0 && [...history.physicalWrites()].some((w) => w.source === 'copy')) throw new AssertionError('the background copy landed tracks, but the history records no copy');
  // What progress is judged by: every pair's copy settings and copy director, in the topology.
  const unsettled = history.topology.pairs.find((p) => p.copy === undefined || p.copyDirector === undefined || p.copy.concurrency !== world.copy.concurrency || p.copy.rateMBps !== world.copy.rateMBps);
  if (unsettled) throw new AssertionError(`the history's topology gives pair ${unsettled.name} the copy settings ${JSON.stringify(unsettled.copy)} (director ${unsettled.copyDirector}); the world's are ${JSON.stringify(world.copy)}`);
}

function protocolConfig(world: World): ProtocolConfig {
  return {
    ...DEFAULT_PROTOCOL,
    commandNs: COMMAND_US * NS_PER_US,
    splitStepNs: SPLIT_STEP_US * NS_PER_US,
    copy: { ...world.copy },
    copyOnRead: world.copyOnRead,
    bcvWriteDuringRestore: world.bcvWriteDuringRestore,
  };
}

function arrayConfig(world: World): ArrayConfig {
  return {
    geometry: { blockBytes: BLOCK_BYTES, blocksPerTrack: world.blocksPerTrack },
    frontEnd: { count: FRONT_END_DIRECTORS, processors: 1, maxTasks: 16, overheadNs: 5 * NS_PER_US, portMBps: 800 },
    backEnd: { count: 1, processors: 2, maxTasks: 16, overheadNs: 2 * NS_PER_US, backgroundPerDrive: 2 },
    cache: { slots: world.cacheSlots, writePendingSlots: world.writePendingSlots, accessNs: 10 * NS_PER_US, destageConcurrency: 4 },
    volumes: volumesOf(world).map((name) => ({ name, blocks: world.volumeBlocks, drives: drivesOf(name, world), stripeTracks: 1, raid1: world.raid1 })),
  };
}

/** A command the gate sent; a host's, with the protocol's object that carries it (its result is what the host learns). */
type Sent = SentCommand & { gatekeeper?: GatekeeperCommand };

function perform(action: Action, array: StorageArray, protocol: Protocol, sent: Sent[]): void {
  if (isFault(action)) return injectFault(action, array);
  if (action.kind === 'io') {
    const volume = array.volume(action.volume);
    const request = { host: `h${action.host}`, volume, startBlock: action.block, blockCount: action.blocks, write: action.write };
    array.frontEnd.submit(action.host % FRONT_END_DIRECTORS, request, () => undefined);
    return;
  }
  const request = commandOf(action);
  if (action.host === undefined) {
    const command: Sent = { request, issueNs: array.sim.now, result: null };
    sent.push(command);
    return protocol.command(request, (result) => (command.result = result));
  }
  // Sent by a host: through the front end of its director, as its I/O goes.
  const gatekeeper = protocol.fromHost(`h${action.host}`, request);
  const command: Sent = { request, issueNs: array.sim.now, host: gatekeeper.host, requestId: gatekeeper.requestId, result: null, gatekeeper };
  sent.push(command);
  array.frontEnd.submitCommand(action.host % FRONT_END_DIRECTORS, gatekeeper, (error) => {
    command.told = error;
    command.heard = gatekeeper.hostError();
  });
}

function injectFault(action: FaultAction, array: StorageArray): void {
  const faults = array.faults!;
  switch (action.kind) {
    case 'fail-drive':
      return faults.failDrive(`d${action.drive}`);
    case 'media-error':
      return faults.mediaErrorAt(action.volume, action.block, action.mirror);
    case 'fail-director':
      faults.failDirector(action.director);
      array.sim.after(action.downUs * NS_PER_US, array.sim.kind('verify.restart'), () => faults.restartDirector(action.director));
      return;
    case 'power-loss':
      return faults.powerLoss(action.downUs * NS_PER_US, true);
  }
}

export function commandOf(action: CommandAction): CommandRequest {
  switch (action.kind) {
    case 'establish':
      return { name: 'establish', target: action.target, options: { incremental: action.incremental } };
    case 'split':
      return { name: 'split', target: action.target, options: { consistent: action.consistent, instant: action.instant, force: action.force } };
    case 'restore':
      return { name: 'restore', target: action.target, options: { incremental: action.incremental, protected: action.protected } };
  }
}

/** Each standard on drives of its own, its BCVs together on others: a standard's copies and host I/O contend for both. */
function drivesOf(volume: string, world: World): string[] {
  const half = drivesPerStd(world) / 2;
  // A standard on the first half of its drives, its BCVs on the second; the volume in no pair after the spare.
  const std = Number(/\d+/.exec(volume)![0]);
  const first = volume === PLAIN_VOLUME ? dataDrives(world) + (world.raid1 ? 1 : 0) : std * drivesPerStd(world) + (volume.startsWith('bcv') ? half : 0);
  return Array.from({ length: half }, (_, i) => `d${first + i}`);
}

/** The time within which, once the load stops, every copy and every host I/O must end: generous, derived from the copy work there can be. */
export function livenessBoundNs(world: World): TimeNs {
  const tracks = tracksOf(world) * pairsOf(world).length;
  const perTrackNs = 4 * (world.driveServiceUs * NS_PER_US + 100 * NS_PER_US);
  const rateNs = world.copy.rateMBps > 0 ? (tracks * world.blocksPerTrack * BLOCK_BYTES * 1e3) / world.copy.rateMBps : 0;
  return 20 * NS_PER_MS + 2 * (tracks * perTrackNs + rateNs);
}

/** The liveness phase: no new load; the world must fall idle (every copy and destage done) within the bound. */
function settle(sim: Simulator, protocol: Protocol, loadEndNs: TimeNs, boundNs: TimeNs): Convergence {
  const outcome = sim.run({ untilNs: loadEndNs + boundNs, maxEvents: EVENT_BUDGET });
  const copying = [...protocol.pairs.values()].filter((p) => p.copying).map((p) => `${p.name} (${p.state.name})`);
  const settling = [...protocol.pairs.values()].filter((p) => p.state.name === 'SplitInProg').map((p) => `${p.name} (SplitInProg)`);
  // Idle with a copy phase still open, or a split that never settled, is a stall: nothing will ever finish it.
  if (outcome.reason === 'idle' && copying.length === 0 && settling.length === 0) return { ok: true, settledNs: sim.now };
  if (outcome.reason === 'idle' && copying.length === 0) return { ok: false, reason: 'split-not-settled', atNs: sim.now, copying: settling };
  const reason = outcome.reason === 'budget' ? 'livelock' : outcome.reason === 'idle' ? 'copy-stalled' : 'copy-not-finished';
  return { ok: false, reason, atNs: sim.now, copying };
}

/**
 * Reads every block of every volume that answers (a track at a time), recorded like any host read.
 * Whether the simulation then drained its event queue (nothing left to happen).
 */
function sweep(sim: Simulator, array: StorageArray, protocol: Protocol, world: World): boolean {
  const bpt = world.blocksPerTrack;
  for (const volume of array.volumes) {
    const pair = protocol.pairOfBcv(volume);
    if (pair && !bcvAddressable(pair.state)) continue;
    for (let block = 0; block < volume.blocks; block += bpt) {
      array.frontEnd.submit(0, { host: 'sweep', volume, startBlock: block, blockCount: Math.min(bpt, volume.blocks - block), write: false }, () => undefined);
    }
  }
  return sim.run({ maxEvents: EVENT_BUDGET }).reason === 'idle';
}

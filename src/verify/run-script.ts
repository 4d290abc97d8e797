import { ListChooser } from '../engine/choices.js';
import { Simulator } from '../engine/simulator.js';
import { NS_PER_MS, NS_PER_US, type TimeNs } from '../engine/time.js';
import { FaultyDrive } from '../devices/faulty-drive.js';
import { FixedServiceDrive } from '../devices/fixed-drive.js';
import { History } from '../array/history.js';
import { StorageArray, type ArrayConfig } from '../array/storage-array.js';
import { DEFAULT_PROTOCOL, type ProtocolConfig } from '../protocol/config.js';
import { Protocol, type CommandRequest } from '../protocol/protocol.js';
import { GROUP, PAIRS, VOLUMES, type Action, type FaultAction, type Script } from './script.js';
import type { ProtocolVariant } from './variant.js';

/** How a script's run ended. */
export type Convergence =
  | { readonly ok: true; readonly settledNs: TimeNs }
  | { readonly ok: false; readonly reason: 'copy-not-finished' | 'copy-stalled' | 'livelock'; readonly atNs: TimeNs; readonly copying: readonly string[] };

export interface ScriptRun {
  readonly history: History;
  readonly traceHash: string;
  /** When the last action was issued: the safety phase ends, the liveness phase begins. */
  readonly loadEndNs: TimeNs;
  readonly convergence: Convergence;
  readonly protocol: Protocol;
}

const EVENT_BUDGET = 5_000_000;

/**
 * Runs a script on a small simulated array: the safety phase issues its
 * actions; the liveness phase lets every copy finish within a bound; a final
 * sweep reads every block of every volume that answers, so that the
 * checkers see the converged content. Everything is recorded in the history.
 */
export function runScript(script: Script, variant: ProtocolVariant = {}): ScriptRun {
  const c = script.config;
  const sim = new Simulator({ seed: script.seed, chooser: new ListChooser(script.choices) });
  const driveCount = c.raid1 ? 9 : 4; // RAID-1: four mirrored pairs and a spare
  const plain = Array.from({ length: driveCount }, (_, i) => new FixedServiceDrive(sim, { name: `d${i}`, serviceNs: c.driveServiceUs * NS_PER_US, capacitySectors: 1 << 24 }));
  // Scripts with faults get the fault overlay on every drive; others run on the plain drives (same behaviour, no cost).
  const faulty = hasFaults(script) ? plain.map((drive) => new FaultyDrive(sim, drive)) : null;
  const history = new History({ ops: true, physical: true });
  const array = new StorageArray(sim, arrayConfig(script), faulty ?? plain, history);
  if (faulty) array.enableFaults(new Map(faulty.map((d) => [d.name, d])), c.raid1 ? ['d8'] : []);
  const config: ProtocolConfig = {
    ...DEFAULT_PROTOCOL,
    commandNs: 20 * NS_PER_US,
    splitStepNs: 30 * NS_PER_US,
    copy: { rateMBps: c.copyRateMBps, concurrency: c.copyConcurrency, priority: c.copyPriority, order: c.copyOrder },
    copyOnRead: c.copyOnRead,
    bcvWriteDuringRestore: c.bcvWriteDuringRestore,
  };
  const make = variant.protocol ?? ((...args: ConstructorParameters<typeof Protocol>) => new Protocol(...args));
  const protocol = make(sim, array, config, PAIRS, [GROUP], history);
  array.frontEnd.controller = protocol.io;

  const kind = sim.kind('verify.action');
  for (const action of script.actions) sim.at(action.atUs * NS_PER_US, kind, () => perform(action, array, protocol));
  const loadEndNs = Math.max(0, ...script.actions.map((a) => a.atUs * NS_PER_US));
  sim.run({ untilNs: loadEndNs, maxEvents: EVENT_BUDGET });
  const convergence = settle(sim, protocol, loadEndNs, livenessBoundNs(script));
  if (convergence.ok) sweep(sim, array, script);
  return { history, traceHash: sim.trace.hash(), loadEndNs, convergence, protocol };
}

function arrayConfig(script: Script): ArrayConfig {
  const c = script.config;
  const blocks = c.tracks * c.blocksPerTrack;
  return {
    geometry: { blockBytes: 4096, blocksPerTrack: c.blocksPerTrack },
    frontEnd: { count: 2, processors: 1, maxTasks: 16, overheadNs: 5 * NS_PER_US, portMBps: 800 },
    backEnd: { count: 1, processors: 2, maxTasks: 16, overheadNs: 2 * NS_PER_US, backgroundPerDrive: 2 },
    cache: { slots: c.cacheSlots, writePendingSlots: c.writePendingSlots, accessNs: 10 * NS_PER_US, destageConcurrency: 4 },
    volumes: VOLUMES.map((name) => ({ name, blocks, drives: drivesOf(name, c.raid1), stripeTracks: 1, raid1: c.raid1 })),
  };
}

function perform(action: Action, array: StorageArray, protocol: Protocol): void {
  if (action.kind === 'fail-drive' || action.kind === 'media-error' || action.kind === 'fail-director' || action.kind === 'power-loss') {
    injectFault(action, array);
    return;
  }
  if (action.kind === 'io') {
    const volume = array.volume(action.volume);
    const startBlock = action.block % volume.blocks;
    const blockCount = Math.min(action.blocks, volume.blocks - startBlock);
    array.frontEnd.submit(action.host, { host: `h${action.host}`, volume, startBlock, blockCount, write: action.write }, () => undefined);
    return;
  }
  protocol.command(commandOf(action));
}

function hasFaults(script: Script): boolean {
  return script.actions.some((a) => a.kind === 'fail-drive' || a.kind === 'media-error' || a.kind === 'fail-director' || a.kind === 'power-loss');
}

function injectFault(action: FaultAction, array: StorageArray): void {
  const faults = array.faults!;
  switch (action.kind) {
    case 'fail-drive':
      return faults.failDrive(`d${action.drive}`);
    case 'media-error': {
      const volume = array.volume(action.volume);
      return faults.mediaErrorAt(action.volume, action.block % volume.blocks, action.mirror);
    }
    case 'fail-director':
      faults.failDirector(action.director);
      array.sim.after(action.downUs * NS_PER_US, array.sim.kind('verify.restart'), () => faults.restartDirector(action.director));
      return;
    case 'power-loss':
      return faults.powerLoss(action.downUs * NS_PER_US, true);
  }
}

function commandOf(action: Extract<Action, { kind: 'establish' | 'split' | 'restore' }>): CommandRequest {
  switch (action.kind) {
    case 'establish':
      return { name: 'establish', target: action.target, options: { incremental: action.incremental } };
    case 'split':
      return { name: 'split', target: action.target, options: { consistent: action.consistent, instant: action.instant, force: action.force } };
    case 'restore':
      return { name: 'restore', target: action.target, options: { incremental: action.incremental, protected: action.protected } };
  }
}

/** Standards on the first half of the drives, BCVs on the second: copies and host I/O contend for both. */
function drivesOf(volume: string, raid1: boolean): string[] {
  const std = volume.startsWith('std');
  if (!raid1) return std ? ['d0', 'd1'] : ['d2', 'd3'];
  return std ? ['d0', 'd1', 'd2', 'd3'] : ['d4', 'd5', 'd6', 'd7'];
}

/** The time within which, once the load stops, every copy must finish: generous, derived from the copy work left. */
export function livenessBoundNs(script: Script): TimeNs {
  const c = script.config;
  const tracks = c.tracks * PAIRS.length;
  const perTrackNs = 4 * (c.driveServiceUs * NS_PER_US + 100 * NS_PER_US);
  const rateNs = c.copyRateMBps > 0 ? (tracks * c.blocksPerTrack * 4096 * 1e3) / c.copyRateMBps : 0;
  return 20 * NS_PER_MS + 2 * (tracks * perTrackNs + rateNs);
}

/** The liveness phase: no new load; the world must fall idle (every copy and destage done) within the bound. */
function settle(sim: Simulator, protocol: Protocol, loadEndNs: TimeNs, boundNs: TimeNs): Convergence {
  const outcome = sim.run({ untilNs: loadEndNs + boundNs, maxEvents: EVENT_BUDGET });
  const copying = [...protocol.pairs.values()].filter((p) => p.copying).map((p) => `${p.name} (${p.state.name})`);
  // Idle with a copy phase still open is a stall: nothing will ever finish it.
  if (outcome.reason === 'idle' && copying.length === 0) return { ok: true, settledNs: sim.now };
  const reason = outcome.reason === 'budget' ? 'livelock' : outcome.reason === 'idle' ? 'copy-stalled' : 'copy-not-finished';
  return { ok: false, reason, atNs: sim.now, copying };
}

/** Reads every block of every volume (a track at a time), recorded like any host read. */
function sweep(sim: Simulator, array: StorageArray, script: Script): void {
  const bpt = script.config.blocksPerTrack;
  for (const volume of array.volumes) {
    for (let block = 0; block < volume.blocks; block += bpt) {
      array.frontEnd.submit(0, { host: 'sweep', volume, startBlock: block, blockCount: bpt, write: false }, () => undefined);
    }
  }
  sim.run({ maxEvents: EVENT_BUDGET });
}

import type { TimeNs } from '../../engine/time.js';
import type { IoErrorCode } from '../../array/controller.js';
import type { ArrayParts } from '../../array/storage-array.js';
import { smallArrayParts, type SmallArrayOptions } from '../../array/testing/small-array.js';
import { buildWorld } from '../build-world.js';
import { DEFAULT_PROTOCOL, type ProtocolConfig } from '../config.js';
import type { ProtocolParts } from '../parts.js';
import type { CommandRequest, CommandResult, GroupSpec, PairSpec } from '../protocol.js';

export interface WorldOptions extends SmallArrayOptions {
  readonly pairs?: readonly PairSpec[];
  readonly groups?: readonly GroupSpec[];
  readonly protocol?: Partial<ProtocolConfig>;
  /** Parts of the protocol to replace (a planted bug). */
  readonly parts?: Partial<ProtocolParts>;
}

export interface IoResult {
  stamp: number;
  issueNs: TimeNs;
  error: IoErrorCode | null | undefined;
  data: Uint32Array;
  completeNs: TimeNs;
}

/** A small array with pairs, and short-hands for tests: issue I/O and commands, run, inspect content. */
export function world(options: WorldOptions = {}) {
  const volumes = options.volumes ?? ['std', 'bcv'];
  return worldOn(smallArrayParts({ ...options, volumes }), options);
}

/** The same short-hands, on an array made of other parts (e.g. other drives). */
export function worldOn(base: ArrayParts, options: WorldOptions = {}) {
  const { sim, history } = base;
  const { array, protocol } = buildWorld({
    ...base,
    protocol: { ...DEFAULT_PROTOCOL, ...options.protocol },
    pairs: options.pairs ?? [{ name: 'p1', std: 'std', bcv: 'bcv' }],
    groups: options.groups ?? [],
    parts: options.parts ?? {},
  });
  const kind = sim.kind('test.action');

  const io = (volume: string, startBlock: number, blockCount: number, write: boolean, then?: (result: IoResult) => void): IoResult => {
    const result: IoResult = { stamp: 0, issueNs: sim.now, error: undefined, data: new Uint32Array(0), completeNs: -1 };
    result.stamp = array.frontEnd.submit(0, { host: 'h', volume: array.volume(volume), startBlock, blockCount, write }, (error, data) => {
      result.error = error;
      result.data = data;
      result.completeNs = sim.now;
      then?.(result);
    });
    return result;
  };

  return {
    sim,
    array,
    history,
    protocol,
    /** Issues a host write now; `then` runs when it completes. */
    write: (volume: string, startBlock: number, blockCount = 1, then?: (result: IoResult) => void) => io(volume, startBlock, blockCount, true, then),
    read: (volume: string, startBlock: number, blockCount = 1, then?: (result: IoResult) => void) => io(volume, startBlock, blockCount, false, then),
    command(request: CommandRequest): { result?: CommandResult } {
      const box: { result?: CommandResult } = {};
      protocol.command(request, (result) => (box.result = result));
      return box;
    },
    establish: (target = 'p1', incremental = false) => ({ name: 'establish', target, options: { incremental } }) as const,
    split: (target = 'p1', options: Partial<{ consistent: boolean; instant: boolean; force: boolean }> = {}) =>
      ({ name: 'split', target, options: { consistent: false, instant: false, force: false, ...options } }) as const,
    restore: (target = 'p1', options: Partial<{ incremental: boolean; protected: boolean }> = {}) =>
      ({ name: 'restore', target, options: { incremental: false, protected: true, ...options } }) as const,
    /** Runs until nothing is left to do. */
    run: () => sim.run({ maxEvents: 10_000_000 }),
    /** Runs `delayNs` more of simulated time. */
    runFor: (delayNs: TimeNs) => sim.run({ untilNs: sim.now + delayNs }),
    /** Runs until `condition` holds after an event (checked after each one), or for at most `budgetNs`; returns whether it holds. */
    runUntil(condition: () => boolean, budgetNs: TimeNs = 10_000_000_000): boolean {
      const limitNs = sim.now + budgetNs;
      while (!condition()) {
        const outcome = sim.run({ untilNs: limitNs, maxEvents: 1 });
        if (outcome.reason !== 'budget' && outcome.events === 0) return false;
      }
      return true;
    },
    at: (timeNs: TimeNs, action: () => void) => sim.at(timeNs, kind, action),
    /** What a read of each block of a volume would return now. */
    content: (volume: string): number[] => {
      const v = array.volume(volume);
      return Array.from({ length: v.blocks }, (_, b) => array.cache.table.stampOf(v, b));
    },
    state: (pair = 'p1') => protocol.pairs.get(pair)!.state.name,
    pair: (name = 'p1') => protocol.pairs.get(name)!,
  };
}

export type World = ReturnType<typeof worldOn>;

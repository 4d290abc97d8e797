import type { IoController } from '../array/controller.js';
import type { FaultInjector } from '../array/faults.js';
import { StorageArray, type ArrayParts } from '../array/storage-array.js';
import type { ProtocolConfig } from './config.js';
import type { ProtocolParts } from './parts.js';
import { Protocol, type GroupSpec, type PairSpec } from './protocol.js';

/** Builds the protocol in place of `new Protocol` (a variant's: a seeded bug, a user's own), from the same arguments. */
export type ProtocolFactory = (...args: ConstructorParameters<typeof Protocol>) => Protocol;

/** Wraps the protocol's I/O router (a probe that watches host I/O, say); the front end is connected to the wrapper. */
export type IoWrapper<C extends IoController> = (io: IoController, protocol: Protocol) => C;

/** What a world is built from: the array's parts, and the protocol's fully resolved settings, pairs and groups. */
export interface WorldParts extends ArrayParts {
  readonly protocol: ProtocolConfig;
  readonly pairs: readonly PairSpec[];
  readonly groups: readonly GroupSpec[];
  /** The parts of the protocol to replace (default: none, `DEFAULT_PARTS`). */
  readonly parts?: Partial<ProtocolParts>;
  /** Builds the protocol, for a variant that changes what is not a part (default: `new Protocol` with `parts`). */
  readonly makeProtocol?: ProtocolFactory;
  /** Wraps the protocol's I/O router before the front end is connected to it (default: the router itself). */
  readonly wrapIo?: IoWrapper<IoController>;
}

export interface BuiltWorld<C extends IoController = IoController> {
  readonly array: StorageArray;
  readonly protocol: Protocol;
  /** The array's fault injector, if the world has faults. */
  readonly faults: FaultInjector | null;
  /** What the front end hands host I/O to: the protocol's router, or `wrapIo`'s wrapper of it. */
  readonly controller: C;
}


/**
 * Assembles the array and the protocol running on it, the one place that
 * does (scenario runs, gate scripts and tests alike). Order matters and is
 * kept here: the array, its fault injector, the protocol (which needs both),
 * then the front end is connected to the protocol's router, once, before any
 * event runs.
 */
export function buildWorld<C extends IoController>(parts: WorldParts & { readonly wrapIo: IoWrapper<C> }): BuiltWorld<C>;
export function buildWorld(parts: WorldParts): BuiltWorld;
export function buildWorld(parts: WorldParts): BuiltWorld {
  const { sim, history } = parts;
  const array = new StorageArray(sim, parts.array, parts.drives, history);
  const faults = parts.faults ? array.enableFaults(parts.faults.drives, parts.faults.spares) : null;
  const args = [sim, array, parts.protocol, parts.pairs, parts.groups, history] as const;
  const protocol = parts.makeProtocol ? parts.makeProtocol(...args) : new Protocol(...args, parts.parts);
  const controller = parts.wrapIo ? parts.wrapIo(protocol.io, protocol) : protocol.io;
  array.frontEnd.connect(controller);
  return { array, protocol, faults, controller };
}

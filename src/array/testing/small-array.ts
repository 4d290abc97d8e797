import { Simulator } from '../../engine/simulator.js';
import type { Chooser } from '../../engine/choices.js';
import { History } from '../history.js';
import { StorageArray, type ArrayConfig, type ArrayParts } from '../storage-array.js';
import type { Drive } from '../../devices/drive.js';
import { FaultyDrive } from '../../devices/faulty-drive.js';
import { ConstantLatencyDrive } from './simple-drive.js';

export interface SmallArrayOptions {
  readonly seed?: number;
  readonly volumes?: readonly string[];
  readonly blocks?: number;
  readonly slots?: number;
  readonly writePendingSlots?: number;
  readonly drives?: number;
  readonly driveLatencyNs?: number;
  readonly chooser?: Chooser;
  readonly physicalHistory?: boolean;
  /** Volumes on mirrored pairs of drives. */
  readonly raid1?: boolean;
  /** Wrap every drive in a FaultyDrive and enable the fault injector; this many extra drives are spares. */
  readonly faults?: { readonly spares: number };
}

/** A small array on constant-latency drives, for tests of the array and the protocol. */
export function smallArray(options: SmallArrayOptions = {}): { sim: Simulator; array: StorageArray; history: History } {
  const { sim, drives, array: config, history, faults } = smallArrayParts(options);
  const array = new StorageArray(sim, config, drives, history);
  if (faults) array.enableFaults(faults.drives, faults.spares);
  return { sim, array, history };
}

/** What the small array is built from (for a world with a protocol, which is built in one place: the protocol's `buildWorld`). */
export function smallArrayParts(options: SmallArrayOptions = {}): ArrayParts {
  const sim = new Simulator({ seed: options.seed ?? 1, chooser: options.chooser });
  const driveCount = options.drives ?? 2;
  const spareCount = options.faults?.spares ?? 0;
  const plain = Array.from({ length: driveCount + spareCount }, (_, i) => new ConstantLatencyDrive(sim, `d${i}`, 1 << 30, options.driveLatencyNs ?? 100_000));
  const faulty = options.faults ? plain.map((d) => new FaultyDrive(sim, d)) : null;
  const all: Drive[] = faulty ?? plain;
  const drives = all.slice(0, driveCount);
  const names = options.volumes ?? ['v0', 'v1'];
  const config: ArrayConfig = {
    geometry: { blockBytes: 4096, blocksPerTrack: 16 },
    frontEnd: { count: 2, processors: 1, maxTasks: 32, overheadNs: 5_000, portMBps: 800 },
    backEnd: { count: 1, processors: 2, maxTasks: 32, overheadNs: 2_000, backgroundPerDrive: 2 },
    cache: { slots: options.slots ?? 64, writePendingSlots: options.writePendingSlots ?? 32, accessNs: 10_000, destageConcurrency: 4 },
    volumes: names.map((name) => ({
      name,
      blocks: options.blocks ?? 1024,
      drives: drives.map((d) => d.name),
      stripeTracks: 1,
      raid1: options.raid1 ?? false,
    })),
  };
  const history = new History({ physical: options.physicalHistory ?? true });
  const faults = faulty && { drives: new Map(faulty.map((d) => [d.name, d])), spares: faulty.slice(driveCount).map((d) => d.name) };
  return { sim, drives: all, array: config, history, faults };
}

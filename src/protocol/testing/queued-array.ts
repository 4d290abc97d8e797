import { Simulator } from '../../engine/simulator.js';
import type { TimeNs } from '../../engine/time.js';
import { FixedServiceDrive } from '../../devices/fixed-drive.js';
import { History } from '../../array/history.js';
import type { ArrayParts } from '../../array/storage-array.js';

/**
 * Like the small test array, but on single-server FIFO drives (one request
 * at a time, `serviceNs` each): work queues in the drives, so what is
 * submitted first is served first — the setting where copy priority matters.
 * What it is built from: `worldOn` builds the world.
 */
export function queuedArray(options: { volumes: readonly string[]; blocks: number; serviceNs: TimeNs; drives?: number }): ArrayParts {
  const sim = new Simulator({ seed: 1 });
  const drives = Array.from({ length: options.drives ?? 2 }, (_, i) => new FixedServiceDrive(sim, { name: `q${i}`, serviceNs: options.serviceNs }));
  return {
    sim,
    drives,
    array: {
      geometry: { blockBytes: 4096, blocksPerTrack: 16 },
      frontEnd: { count: 2, processors: 1, maxTasks: 32, overheadNs: 5_000, portMBps: 800 },
      backEnd: { count: 1, processors: 2, maxTasks: 64, overheadNs: 2_000, backgroundPerDrive: 2 },
      cache: { slots: 128, writePendingSlots: 64, accessNs: 10_000, destageConcurrency: 4 },
      volumes: options.volumes.map((name) => ({ name, blocks: options.blocks, drives: drives.map((d) => d.name), stripeTracks: 1, raid1: false })),
    },
    history: new History({ physical: true }),
    faults: null,
  };
}

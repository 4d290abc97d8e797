import { History } from '../array/history.js';
import { StorageArray, type ArrayConfig } from '../array/storage-array.js';
import { Simulator } from '../engine/simulator.js';
import { FixedServiceDrive } from '../devices/fixed-drive.js';

/**
 * Memory of the array's per-block state: builds an array with a volume of
 * `blocks` blocks, writes a stamp to every block if `written`, and returns
 * the bytes it took per block, as the runtime reports them (`measure` is
 * `process.memoryUsage`, injected).
 */
export function measureBytesPerBlock(blocks: number, written: boolean, measure: () => { heapUsed: number; arrayBuffers: number }): number {
  const before = measure();
  const sim = new Simulator({ seed: 1 });
  const drive = new FixedServiceDrive(sim, { name: 'd0', serviceNs: 1000, capacitySectors: blocks * 8 * 2 });
  const config: ArrayConfig = {
    geometry: { blockBytes: 4096, blocksPerTrack: 16 },
    frontEnd: { count: 1, processors: 1, maxTasks: 16, overheadNs: 0, portMBps: 800 },
    backEnd: { count: 1, processors: 1, maxTasks: 16, overheadNs: 0, backgroundPerDrive: 2 },
    cache: { slots: 1024, writePendingSlots: 512, accessNs: 1000, destageConcurrency: 4 },
    volumes: [{ name: 'v', blocks, drives: ['d0'], stripeTracks: 1, raid1: false }],
  };
  const array = new StorageArray(sim, config, [drive], new History({ ops: false }));
  if (written) for (let block = 0; block < blocks; block++) array.volumes[0]!.disk.set(block, block + 1);
  const after = measure();
  const bytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  // Keep the array alive until measured.
  return array.volumes.length > 0 ? bytes / blocks : 0;
}

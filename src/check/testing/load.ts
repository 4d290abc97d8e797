import type { World } from '../../protocol/testing/world.js';

export interface LoadOptions {
  readonly volumes: readonly string[];
  /** I/Os issued, one every `everyNs`, from now on. */
  readonly count: number;
  readonly everyNs: number;
  readonly seed: number;
  /** Share of writes, 0..1. */
  readonly writeShare?: number;
  readonly maxBlocks?: number;
}

/**
 * Schedules a mixed load of overlapping reads and writes on a world, with
 * its own small generator (a test must not depend on the simulator's
 * streams). Errors (e.g. a hidden BCV) are part of the history too.
 */
export function load(w: World, options: LoadOptions): void {
  let state = options.seed >>> 0 || 1;
  const next = (n: number) => {
    // xorshift32: enough to spread blocks and sizes.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
  const startNs = w.sim.now;
  for (let k = 0; k < options.count; k++) {
    const volume = options.volumes[next(options.volumes.length)]!;
    const size = w.array.volume(volume).blocks;
    const blockCount = 1 + next(options.maxBlocks ?? 20);
    const startBlock = next(size - blockCount + 1);
    const write = next(1000) < (options.writeShare ?? 0.5) * 1000;
    w.at(startNs + k * options.everyNs, () => (write ? w.write(volume, startBlock, blockCount) : w.read(volume, startBlock, blockCount)));
  }
}

/** Reads every block of the volumes, one track at a time (the final sweep). */
export function readAll(w: World, volumes: readonly string[]): void {
  const bpt = w.array.config.geometry.blocksPerTrack;
  for (const volume of volumes) {
    for (let b = 0; b < w.array.volume(volume).blocks; b += bpt) w.read(volume, b, bpt);
  }
  w.run();
}

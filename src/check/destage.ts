import type { CheckContext } from './context.js';

/**
 * Guarantee 4 at the drives, from the physical writes: a destage writes to
 * the drives only values the cache held for those blocks, and once the run
 * fell idle (the history declares `bounds.idleNs`) the drives hold exactly
 * what the cache holds — every acknowledged write reached them. Reported
 * once per volume and reason. Returns the destage writes judged.
 */
export function checkDestaged(ctx: CheckContext): number {
  const physical = ctx.physical;
  if (!physical) return 0;
  const volumes = ctx.history.topology.volumes;
  const cache = volumes.map((v) => new Uint32Array(v.blocks));
  const disk = volumes.map((v) => new Uint32Array(v.blocks));
  // Every value the cache has held per block (beside 0, its first), for the blocks destaged with something else than its latest.
  const held = volumes.map(() => new Map<number, Set<number>>());
  const unheld = volumes.map(() => ({ first: null as null | { block: number; cache: number; disk: number; atNs: number }, count: 0 }));
  let judged = 0;
  for (let k = 0; k < physical.count; k++) {
    const i = physical.order[k]!;
    const volume = physical.volume[i]!;
    const start = physical.startBlock[i]!;
    const stamps = physical.stamps(i);
    if (physical.disk[i] === 0) {
      for (let b = 0; b < stamps.length; b++) {
        const block = start + b;
        const before = cache[volume]![block]!;
        if (before !== stamps[b]) {
          const values = held[volume]!.get(block);
          if (values) values.add(stamps[b]!);
          else held[volume]!.set(block, new Set([0, before, stamps[b]!]));
        }
        cache[volume]![block] = stamps[b]!;
      }
      continue;
    }
    judged++;
    for (let b = 0; b < stamps.length; b++) {
      const block = start + b;
      const value = stamps[b]!;
      disk[volume]![block] = value;
      const current = cache[volume]![block]!;
      if (value === current || (held[volume]!.get(block)?.has(value) ?? value === 0)) continue;
      const wrong = unheld[volume]!;
      wrong.count++;
      wrong.first ??= { block, cache: current, disk: value, atNs: physical.timeNs[i]! };
    }
  }
  unheld.forEach((wrong, volume) => {
    if (wrong.first) ctx.log.add({ guarantee: 'no-lost-writes', reason: 'destaged-unheld', volume: volumes[volume]!.name, ...wrong.first, alsoWrong: wrong.count - 1, message: '' });
  });
  const idleNs = ctx.history.bounds.idleNs;
  if (idleNs !== undefined) {
    volumes.forEach((v, volume) => {
      let first = -1;
      let count = 0;
      for (let block = 0; block < v.blocks; block++) {
        if (cache[volume]![block] === disk[volume]![block]) continue;
        if (first < 0) first = block;
        count++;
      }
      if (first < 0) return;
      ctx.log.add({ guarantee: 'no-lost-writes', reason: 'not-destaged', volume: v.name, block: first, cache: cache[volume]![first]!, disk: disk[volume]![first]!, atNs: idleNs, alsoWrong: count - 1, message: '' });
    });
  }
  return judged;
}

import type { CheckContext } from './context.js';

/** A pair's stay in `SplitInProg`: its BCV, from the split taking effect to its settling (`Split`). */
interface Settling {
  readonly bcv: number;
  readonly fromNs: number;
  readonly toNs: number;
}

/**
 * Guarantee 4 at a split (docs/protocol.md): a split reports `Split` only
 * once the BCV's writes still pending in cache when it took effect (mirror
 * writes, copy writes) have reached its drives. So, from the physical
 * writes: when a pair leaves `SplitInProg` for `Split`, each block of its
 * BCV holds on the drives what the cache held for it just before the split
 * took effect, or a value written to the BCV's cache since. Reported once
 * per settling. Returns the settlings judged.
 */
export function checkSplitSettling(ctx: CheckContext): number {
  const physical = ctx.physical;
  if (!physical) return 0;
  const settlings = settlingsOf(ctx);
  if (settlings.length === 0) return 0;
  const volumes = ctx.history.topology.volumes;
  const cache = volumes.map((v) => new Uint32Array(v.blocks));
  const disk = volumes.map((v) => new Uint32Array(v.blocks));
  const open: { settling: Settling; pending: Uint32Array; since: Map<number, Set<number>> }[] = [];
  let next = 0;
  const judge = (entry: (typeof open)[number]) => {
    const { settling, pending, since } = entry;
    const onDisk = disk[settling.bcv]!;
    let first = -1;
    let count = 0;
    for (let block = 0; block < onDisk.length; block++) {
      const value = onDisk[block]!;
      if (value === pending[block] || since.get(block)?.has(value)) continue;
      if (first < 0) first = block;
      count++;
    }
    if (first < 0) return;
    ctx.log.add({
      guarantee: 'no-lost-writes',
      reason: 'split-settled-early',
      volume: volumes[settling.bcv]!.name,
      block: first,
      cache: pending[first]!,
      disk: onDisk[first]!,
      atNs: settling.toNs,
      alsoWrong: count - 1,
      message: '',
    });
  };
  /** Opens the settlings begun by `timeNs` (a write at that instant may follow the split) and judges those ended before it (every write at their end seen). */
  const advance = (timeNs: number, closeAtNs: boolean) => {
    while (next < settlings.length && settlings[next]!.fromNs <= timeNs) {
      const settling = settlings[next++]!;
      open.push({ settling, pending: cache[settling.bcv]!.slice(), since: new Map() });
    }
    for (let i = open.length - 1; i >= 0; i--) {
      const { toNs } = open[i]!.settling;
      if (toNs < timeNs || (closeAtNs && toNs <= timeNs)) judge(open.splice(i, 1)[0]!);
    }
  };
  for (let k = 0; k < physical.count; k++) {
    const i = physical.order[k]!;
    advance(physical.timeNs[i]!, false);
    const volume = physical.volume[i]!;
    const start = physical.startBlock[i]!;
    const stamps = physical.stamps(i);
    const target = physical.disk[i] === 0 ? cache[volume]! : disk[volume]!;
    for (let b = 0; b < stamps.length; b++) target[start + b] = stamps[b]!;
    if (physical.disk[i] !== 0) continue;
    for (const { settling, since } of open) {
      if (settling.bcv !== volume) continue;
      for (let b = 0; b < stamps.length; b++) {
        const values = since.get(start + b);
        if (values) values.add(stamps[b]!);
        else since.set(start + b, new Set([stamps[b]!]));
      }
    }
  }
  advance(Infinity, true);
  return settlings.length;
}

/** Every stay in `SplitInProg` that ended in `Split`, by the instant it began. */
function settlingsOf(ctx: CheckContext): Settling[] {
  const settlings: Settling[] = [];
  for (const pair of ctx.timeline.pairs) {
    const changes = ctx.timeline.changesOf(pair.name);
    changes.forEach((change, i) => {
      const after = changes[i + 1];
      if (change.record.state === 'SplitInProg' && after?.record.state === 'Split') settlings.push({ bcv: pair.bcvVolume, fromNs: change.record.atNs, toNs: after.record.atNs });
    });
  }
  return settlings.sort((a, b) => a.fromNs - b.fromNs);
}

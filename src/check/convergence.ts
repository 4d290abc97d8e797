import { writersOf, type CheckContext } from './context.js';
import { isUnprotected, type PairTopo } from './timeline.js';

/**
 * Guarantee 3, from the physical writes: every pair that ends the history
 * `Synchronized`, or `Restored` by an unprotected restore, holds the same
 * content on both sides, block for block. Each side's final content is the
 * latest cache-layer stamp of each block (what a read would return).
 * A protected restore leaves STD as the snapshot plus the writes since:
 * that is checked by the reads, through the reference model.
 * Returns the number of pairs compared.
 */
export function checkConvergence(ctx: CheckContext): number {
  const physical = ctx.physical;
  if (!physical) return 0;
  const pairs = ctx.timeline.pairs.filter((p) => mustConverge(ctx, p));
  if (pairs.length === 0) return 0;
  const wanted = new Set(pairs.flatMap((p) => [p.stdVolume, p.bcvVolume]));
  const content = new Map<number, Map<number, number>>([...wanted].map((v) => [v, new Map()]));
  for (const i of physical.order) {
    const map = physical.disk[i] === 0 ? content.get(physical.volume[i]!) : undefined;
    if (!map) continue;
    const stamps = physical.stamps(i);
    for (let k = 0; k < stamps.length; k++) map.set(physical.startBlock[i]! + k, stamps[k]!);
  }
  for (const pair of pairs) compare(ctx, pair, content.get(pair.stdVolume)!, content.get(pair.bcvVolume)!);
  return pairs.length;
}

function mustConverge(ctx: CheckContext, pair: PairTopo): boolean {
  const changes = ctx.timeline.changesOf(pair.name);
  const last = changes[changes.length - 1]?.record;
  if (!last) return false;
  return last.state === 'Synchronized' || (last.state === 'Restored' && isUnprotected(last.label));
}

function compare(ctx: CheckContext, pair: PairTopo, std: Map<number, number>, bcv: Map<number, number>): void {
  const differing: number[] = [];
  for (const [block, stamp] of std) if ((bcv.get(block) ?? 0) !== stamp) differing.push(block);
  for (const [block, stamp] of bcv) if (!std.has(block) && stamp !== 0) differing.push(block);
  if (differing.length === 0) return;
  if (!ctx.log.keeps('mirror-convergence')) return ctx.log.count('mirror-convergence');
  differing.sort((a, b) => a - b);
  const first = differing.slice(0, ctx.config.maxBlocks);
  const origin = writersOf(ctx.ops, first.flatMap((b) => [std.get(b) ?? 0, bcv.get(b) ?? 0]));
  const changes = ctx.timeline.changesOf(pair.name);
  const last = changes[changes.length - 1]!.record;
  ctx.log.add({
    guarantee: 'mirror-convergence',
    pair: pair.name,
    std: pair.std,
    bcv: pair.bcv,
    finalState: last.label,
    sinceNs: last.atNs,
    blocks: first.map((block) => {
      const s = std.get(block) ?? 0;
      const b = bcv.get(block) ?? 0;
      return { block, std: s, bcv: b, stdOrigin: origin(s), bcvOrigin: origin(b) };
    }),
    blocksDiffering: differing.length,
    message: '',
  });
}

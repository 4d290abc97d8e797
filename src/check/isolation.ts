import { writersOf, type CheckContext } from './context.js';
import { isUnprotected, type PairTopo, type Timeline } from './timeline.js';
import type { IsolationViolation, PhysicalRef } from './verdict.js';

/** A BCV's time apart from its STD: from a split until the next establish or unprotected restore. */
interface SplitWindow {
  readonly pair: PairTopo;
  /** The split's effective instant (the snapshot's). */
  readonly fromNs: number;
  /** When the split was carried out on this pair (later for a consistent group split's members). */
  readonly graceUntilNs: number;
  toNs: number;
}

/** A cache write whose stamp must be checked against the host writes. */
interface Claim {
  readonly index: number;
  readonly window: SplitWindow;
  readonly stamp: number;
  readonly kind: 'host' | 'mirror';
}

/**
 * Guarantee 2, from the physical writes: while a BCV is split, its cache
 * changes only by host writes addressed to it and in flight then, and its
 * destages carry only what its cache held. One grace period: from the split's
 * effective instant to the instant it was carried out on this pair
 * (inclusive: the history does not order writes within an instant). They
 * differ for a consistent group split, whose instant is its start while its
 * members are split one after another. Meanwhile the BCV may still receive
 * mirror writes of STD writes issued by the split instant (concurrent with
 * it: the snapshot may or may not hold them), and the copy of a sync a
 * forced split is about to abandon.
 * A destage may record blocks between its first and last dirty ones that it
 * did not write: those must equal the drives' previous content instead.
 */
export function checkIsolation(ctx: CheckContext): number {
  const physical = ctx.physical;
  if (!physical) return 0;
  const windows = splitWindows(ctx.timeline);
  const latestCache = new Map<number, Map<number, number>>();
  const latestDisk = new Map<number, Map<number, number>>();
  const claims: Claim[] = [];
  let checked = 0;
  for (const i of physical.order) {
    const volume = physical.volume[i]!;
    const list = windows.get(volume);
    if (!list) continue;
    const window = windowAt(list, physical.timeNs[i]!);
    const stamps = physical.stamps(i);
    const cache = blockMap(latestCache, volume);
    const disk = blockMap(latestDisk, volume);
    if (window) {
      checked++;
      if (physical.disk[i] === 1) checkDestage(ctx, i, window, stamps, cache, disk);
      else claimCacheWrite(ctx, i, window, stamps, claims);
    }
    const latest = physical.disk[i] === 1 ? disk : cache;
    for (let k = 0; k < stamps.length; k++) latest.set(physical.startBlock[i]! + k, stamps[k]!);
  }
  settleClaims(ctx, claims);
  return checked;
}

function splitWindows(timeline: Timeline): Map<number, SplitWindow[]> {
  const windows = new Map<number, SplitWindow[]>();
  const open = new Map<string, SplitWindow>();
  for (const step of timeline.steps) {
    const { pair, record } = step;
    const current = open.get(pair.name);
    if (record.command === 'split' && !current) {
      const window = { pair, fromNs: record.effectiveNs, graceUntilNs: step.change?.atNs ?? record.effectiveNs, toNs: Infinity };
      open.set(pair.name, window);
      if (!windows.has(pair.bcvVolume)) windows.set(pair.bcvVolume, []);
      windows.get(pair.bcvVolume)!.push(window);
    }
    const unprotectedRestore = record.command === 'restore' && (step.change ? isUnprotected(step.change.label) : record.options['protected'] === false);
    if (current && (record.command === 'establish' || unprotectedRestore)) {
      current.toNs = record.effectiveNs;
      open.delete(pair.name);
    }
  }
  return windows;
}

/** The window holding `timeNs`, if any (windows of one BCV are disjoint and in time order). */
function windowAt(list: readonly SplitWindow[], timeNs: number): SplitWindow | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.fromNs <= timeNs) lo = mid + 1;
    else hi = mid;
  }
  const w = list[lo - 1];
  return w && timeNs < w.toNs ? w : null;
}

function blockMap(maps: Map<number, Map<number, number>>, volume: number): Map<number, number> {
  let map = maps.get(volume);
  if (!map) maps.set(volume, (map = new Map()));
  return map;
}

function claimCacheWrite(ctx: CheckContext, i: number, window: SplitWindow, stamps: Uint32Array, claims: Claim[]): void {
  const physical = ctx.physical!;
  const source = physical.sourceOf(i);
  const uniform = stamps.every((s) => s === stamps[0]);
  const inGrace = physical.timeNs[i]! <= window.graceUntilNs;
  // Until the member is split, a (forced) split's pair may still be copying into the BCV.
  if (inGrace && source === 'copy') return;
  if (uniform && (source === 'host' || (inGrace && source === 'mirror'))) {
    claims.push({ index: i, window, stamp: stamps[0] ?? 0, kind: source === 'host' ? 'host' : 'mirror' });
    return;
  }
  report(ctx, i, window, source === 'host' ? 'foreign-stamp' : 'foreign-source', null, []);
}

function checkDestage(ctx: CheckContext, i: number, window: SplitWindow, stamps: Uint32Array, cache: Map<number, number>, disk: Map<number, number>): void {
  const start = ctx.physical!.startBlock[i]!;
  const wrong: { block: number; expected: number; written: number }[] = [];
  for (let k = 0; k < stamps.length; k++) {
    const block = start + k;
    const expected = cache.get(block) ?? 0;
    if (stamps[k] !== expected && stamps[k] !== (disk.get(block) ?? 0)) wrong.push({ block, expected, written: stamps[k]! });
  }
  if (wrong.length > 0) report(ctx, i, window, 'destage-mismatch', null, wrong.slice(0, ctx.config.maxBlocks));
}

/** Resolves every claimed stamp to its host write (one pass over the ops) and judges it. */
function settleClaims(ctx: CheckContext, claims: readonly Claim[]): void {
  const { ops } = ctx;
  const origin = writersOf(ops, claims.map((c) => c.stamp));
  const physical = ctx.physical!;
  for (const claim of claims) {
    const found = origin(claim.stamp);
    const op = found.kind === 'write' ? found.opId : -1;
    const i = claim.index;
    const timeNs = physical.timeNs[i]!;
    let ok = false;
    if (op >= 0 && claim.kind === 'host') {
      const start = physical.startBlock[i]!;
      const inFlight = ops.issueNs[op]! <= timeNs && (ops.completeNs[op]! < 0 || timeNs <= ops.completeNs[op]!);
      const inside = start >= ops.startBlock[op]! && start + physical.blockCount[i]! <= ops.startBlock[op]! + ops.blockCount[op]!;
      ok = ops.volume[op] === claim.window.pair.bcvVolume && inFlight && inside;
    } else if (op >= 0) {
      ok = ops.volume[op] === claim.window.pair.stdVolume && ops.issueNs[op]! <= claim.window.fromNs;
    }
    if (!ok) report(ctx, i, claim.window, claim.kind === 'host' ? 'foreign-stamp' : 'foreign-source', op >= 0 ? op : null, []);
  }
}

function report(
  ctx: CheckContext,
  i: number,
  window: SplitWindow,
  reason: IsolationViolation['reason'],
  stampOp: number | null,
  blocks: IsolationViolation['blocks'],
): void {
  if (!ctx.log.keeps('split-isolation')) return ctx.log.count('split-isolation');
  ctx.log.add({
    guarantee: 'split-isolation',
    pair: window.pair.name,
    bcv: window.pair.bcv,
    splitNs: window.fromNs,
    write: physicalRef(ctx, i),
    reason,
    stampOp: stampOp === null ? null : ctx.ops.ref(stampOp),
    blocks,
    message: '',
  });
}

/** A physical write as a verdict shows it (its first stamps). */
export function physicalRef(ctx: CheckContext, i: number): PhysicalRef {
  const physical = ctx.physical!;
  const write = physical.stamps(i);
  return {
    index: i,
    timeNs: physical.timeNs[i]!,
    volume: ctx.volumes.names[physical.volume[i]!]!,
    layer: physical.disk[i] === 1 ? 'disk' : 'cache',
    source: physical.sourceOf(i),
    startBlock: physical.startBlock[i]!,
    blockCount: physical.blockCount[i]!,
    stamps: Array.from(write.subarray(0, ctx.config.maxBlocks)),
  };
}

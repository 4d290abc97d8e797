import type { CheckContext } from './context.js';
import { copiesBetween, overwrittenTracks, phaseCopies, tracksOf } from './phase-copies.js';
import { phaseRef, type CopyPhase } from './phases.js';
import type { IncrementalViolation } from './verdict.js';

/** Tracks changed on either side since the baseline: surely, or perhaps (writes straddling an end). */
interface Changed {
  readonly possibly: Set<number>;
  readonly definitely: Set<number>;
}

/**
 * Guarantee 5, from the physical writes: an incremental phase copies no track
 * outside those possibly changed on either side since its baseline (the split,
 * or the pair's previous phase), and, if it finished, every track surely
 * changed was copied or wholly overwritten by a host write during it. A full
 * phase copies every track at most once, and, if it finished, each one.
 *
 * Changed: a host write to STD or BCV in flight during [baseline, start] is
 * possibly a change; it surely is if it ran entirely inside while the pair was
 * recording changes (not mirroring). A copy into STD by another pair's
 * restore changes STD too. Returns the number of phases judged.
 */
export function checkIncremental(ctx: CheckContext, phases: readonly CopyPhase[]): number {
  if (!ctx.physical) return 0;
  for (const phase of phases) {
    const copies = phaseCopies(ctx, phase);
    const copied = new Map<number, number>();
    for (const c of copies) copied.set(c.track, (copied.get(c.track) ?? 0) + 1);
    const done = phase.ending === 'copy-done';
    if (phase.incremental) {
      const changed = changedTracks(ctx, phase, phases);
      report(ctx, phase, 'copied-unchanged', [...copied.keys()].filter((t) => !changed.possibly.has(t)));
      if (done) report(ctx, phase, 'missed-changed', missing(ctx, phase, changed.definitely, copied));
    } else {
      report(ctx, phase, 'copied-twice', [...copied].filter(([, n]) => n > 1).map(([t]) => t));
      if (done) report(ctx, phase, 'missed-changed', missing(ctx, phase, allTracks(tracksOf(ctx, phase.target)), copied));
    }
  }
  return phases.length;
}

function missing(ctx: CheckContext, phase: CopyPhase, needed: Iterable<number>, copied: ReadonlyMap<number, number>): number[] {
  const overwritten = overwrittenTracks(ctx, phase);
  return [...needed].filter((t) => !copied.has(t) && !overwritten.has(t));
}

function* allTracks(count: number): Generator<number> {
  for (let t = 0; t < count; t++) yield t;
}

function changedTracks(ctx: CheckContext, phase: CopyPhase, phases: readonly CopyPhase[]): Changed {
  const changed: Changed = { possibly: new Set(), definitely: new Set() };
  const { ops } = ctx;
  const { stdVolume, bcvVolume } = phase.pairTopo;
  const { baselineNs, startNs } = phase;
  const order = ops.byIssue();
  const from = baselineNs === -Infinity ? 0 : ops.firstIssuedFrom(baselineNs - ops.maxLatencyNs);
  for (let k = from; k < order.length && ops.issueNs[order[k]!]! <= startNs; k++) {
    const id = order[k]!;
    if (ops.write[id] === 0 || (ops.volume[id] !== stdVolume && ops.volume[id] !== bcvVolume)) continue;
    const completeNs = ops.completeNs[id]! < 0 ? Infinity : ops.completeNs[id]!;
    if (completeNs < baselineNs) continue;
    const sure = phase.trackedThroughout && ops.failed[id] === 0 && ops.issueNs[id]! >= baselineNs && completeNs <= startNs;
    addTracks(ctx, changed, ops.startBlock[id]!, ops.blockCount[id]!, sure);
  }
  addNeverCompleted(ctx, phase, changed);
  addOtherRestores(ctx, phase, phases, changed);
  return changed;
}

/** Writes never completed may land at any time after their issue (the scan above bounds latency by completed ops). */
function addNeverCompleted(ctx: CheckContext, phase: CopyPhase, changed: Changed): void {
  const { ops } = ctx;
  for (const id of ops.neverCompletedWrites()) {
    if (ops.issueNs[id]! > phase.startNs) continue;
    if (ops.volume[id] === phase.pairTopo.stdVolume || ops.volume[id] === phase.pairTopo.bcvVolume) {
      addTracks(ctx, changed, ops.startBlock[id]!, ops.blockCount[id]!, false);
    }
  }
}

/** Copies into STD during [baseline, start] outside this pair's own phases: another pair's restore. */
function addOtherRestores(ctx: CheckContext, phase: CopyPhase, phases: readonly CopyPhase[], changed: Changed): void {
  const physical = ctx.physical!;
  const own = phases.filter((p) => p.pair === phase.pair);
  const ownAt = (t: number) => own.some((p) => p.startNs <= t && (p.endNs < 0 || t <= p.endNs));
  for (const i of copiesBetween(ctx, phase.pairTopo.stdVolume, phase.baselineNs, phase.startNs)) {
    const t = physical.timeNs[i]!;
    if (ownAt(t)) continue;
    const sure = phase.trackedThroughout && t > phase.baselineNs && t < phase.startNs;
    addTracks(ctx, changed, physical.startBlock[i]!, physical.blockCount[i]!, sure);
  }
}

function addTracks(ctx: CheckContext, changed: Changed, startBlock: number, blockCount: number, sure: boolean): void {
  const bpt = ctx.history.topology.blocksPerTrack;
  for (let t = Math.floor(startBlock / bpt); t <= Math.floor((startBlock + blockCount - 1) / bpt); t++) {
    changed.possibly.add(t);
    if (sure) changed.definitely.add(t);
  }
}

function report(ctx: CheckContext, phase: CopyPhase, reason: IncrementalViolation['reason'], tracks: number[]): void {
  if (tracks.length === 0) return;
  tracks.sort((a, b) => a - b);
  ctx.log.add({
    guarantee: 'incremental-equals-full',
    phase: phaseRef(phase),
    reason,
    tracks: tracks.slice(0, ctx.config.maxBlocks),
    tracksWrong: tracks.length,
    baselineNs: phase.baselineNs,
    message: '',
  });
}

import type { CopyRecord } from '../array/history.js';
import type { CheckContext } from './context.js';
import { phaseCopies } from './phase-copies.js';
import { phaseRef, type CopyPhase } from './phases.js';

/**
 * Guarantee 6. Three named checks per copy phase:
 * - `phaseEndsInTime`: with a bound from the caller (derived from the copy
 *   rate and the load), the phase ended within it — or, still running, the
 *   history did not reach past it;
 * - `restoredNeverShrinks`: the tracks brought into the target (the restored
 *   indicator, for a restore) only ever grow: a track copied a second time in
 *   one phase must have been marked not-restored again in between;
 * - `keepsItsRate`: the background copy kept to its rate limit.
 * And over all phases, `keepsItsConcurrency` and `copiesOnlyWhileUp`.
 * Returns the number of phases judged.
 */
export function checkProgress(ctx: CheckContext, phases: readonly CopyPhase[]): number {
  // Each pair's copy records, so that a phase reads its own pair's, not every pair's.
  const copiesOf = new Map<string, CopyRecord[]>();
  for (const copy of ctx.history.copies) {
    const list = copiesOf.get(copy.pair);
    if (list) list.push(copy);
    else copiesOf.set(copy.pair, [copy]);
  }
  for (const phase of phases) {
    phaseEndsInTime(ctx, phase);
    if (ctx.physical) {
      restoredNeverShrinks(ctx, phase);
      keepsItsRate(ctx, phase, copiesOf.get(phase.pair) ?? []);
    }
  }
  keepsItsConcurrency(ctx, phases);
  copiesOnlyWhileUp(ctx, phases);
  return phases.length;
}

/**
 * A pair's background copy runs on a front-end director (the topology's
 * `copyDirector`): no track copy starts while the array has no power or
 * while that director is down. Judged from the `copy` and `fault` records.
 */
export function copiesOnlyWhileUp(ctx: CheckContext, phases: readonly CopyPhase[]): void {
  const { copies, faults, topology } = ctx.history;
  if (copies.length === 0 || ctx.history.unrecorded.has('faults')) return;
  const directorOf = new Map(topology.pairs.map((p) => [p.name, p.copyDirector]));
  // When each was down: the array (key -1) and each director, as [from, to) spans.
  const down = new Map<number, [number, number][]>();
  const open = new Map<number, number>();
  for (const fault of faults) {
    const key = fault.kind === 'power-lost' || fault.kind === 'power-restored' ? -1 : fault.kind === 'director-failed' || fault.kind === 'director-restarted' ? fault.director : null;
    if (key === null) continue;
    if (fault.kind === 'power-lost' || fault.kind === 'director-failed') {
      if (!open.has(key)) open.set(key, fault.atNs);
    } else if (open.has(key)) {
      down.set(key, [...(down.get(key) ?? []), [open.get(key)!, fault.atNs]]);
      open.delete(key);
    }
  }
  for (const [key, fromNs] of open) down.set(key, [...(down.get(key) ?? []), [fromNs, Infinity]]);
  // A copy started at the very instant of a failure may have started before it.
  const isDown = (key: number | undefined, atNs: number) => key !== undefined && (down.get(key) ?? []).some(([from, to]) => from < atNs && atNs < to);
  const reported = new Set<string>();
  for (const copy of copies) {
    const director = directorOf.get(copy.pair);
    const what = isDown(-1, copy.startNs) ? 'the array had no power' : isDown(director, copy.startNs) ? `its director (${director}) was down` : null;
    if (what === null || reported.has(copy.pair)) continue;
    const phase = phases.findLast((p) => p.pair === copy.pair && p.startNs <= copy.startNs);
    if (!phase) continue;
    reported.add(copy.pair);
    ctx.log.add({ guarantee: 'progress', phase: phaseRef(phase), reason: 'copy-while-down', boundNs: Infinity, track: copy.track, atNs: copy.startNs, restoredBefore: 0, restoredAfter: 0, whileDown: what, message: '' });
  }
}

/**
 * The background copy keeps to its pair's concurrency: at no instant are
 * more of its track copies under way than the pair's `concurrency`. Judged
 * from the history's `copy` records, when it records the pair's copy
 * settings. (A copy ending at the instant another starts has made room for
 * it; one copy of a track may start while another is under way — the
 * track's lock orders them, and the later finds nothing left to do.)
 */
export function keepsItsConcurrency(ctx: CheckContext, phases: readonly CopyPhase[]): void {
  const { copies, topology } = ctx.history;
  if (copies.length === 0) return;
  const limit = new Map(topology.pairs.map((p) => [p.name, p.copy?.concurrency ?? Infinity]));
  // Ends before starts at one instant; then in record order. A copy let go of at the instant it started
  // (its task stopped at once) took no time: it is left out, or its end would come before its start.
  const events = copies.flatMap((c, i) => (c.endNs === c.startNs ? [] : [{ atNs: c.startNs, start: true, i }, ...(c.endNs >= 0 ? [{ atNs: c.endNs, start: false, i }] : [])]));
  events.sort((a, b) => a.atNs - b.atNs || Number(a.start) - Number(b.start) || a.i - b.i);
  const underWay = new Map<string, number>();
  const reported = new Set<string>();
  for (const event of events) {
    const copy = copies[event.i]!;
    const count = (underWay.get(copy.pair) ?? 0) + (event.start ? 1 : -1);
    underWay.set(copy.pair, count);
    const concurrency = limit.get(copy.pair) ?? Infinity;
    if (!event.start || count <= concurrency || reported.has(copy.pair)) continue;
    reported.add(copy.pair);
    const phase = phases.findLast((p) => p.pair === copy.pair && p.startNs <= copy.startNs);
    if (!phase) continue; // a copy outside every phase: the reader keeps it, nothing here judges it
    ctx.log.add({
      guarantee: 'progress',
      phase: phaseRef(phase),
      reason: 'over-concurrency',
      boundNs: Infinity,
      track: copy.track,
      atNs: copy.startNs,
      restoredBefore: 0,
      restoredAfter: 0,
      overConcurrency: { underWay: count, concurrency },
      message: '',
    });
  }
}

/**
 * The background copy keeps to its pair's rate limit (the rate the progress
 * bound is derived from): it starts a track at most every track-size / rate,
 * from the phase's start — a copy that was held up (a fault, a full cache)
 * does not catch up in a burst. Judged from the history's `copy` records
 * (each start at least that long after the phase's previous one), and from
 * the landings, which a history without them still has (the k-th, from 0,
 * comes no earlier than start + k × that). Judged when the history records
 * the pair's copy settings and the block size.
 */
export function keepsItsRate(ctx: CheckContext, phase: CopyPhase, copiesOfPair: readonly CopyRecord[]): void {
  const { blocksPerTrack, blockBytes, pairs } = ctx.history.topology;
  const rateMBps = pairs.find((p) => p.name === phase.pair)?.copy?.rateMBps ?? 0;
  if (rateMBps <= 0 || blockBytes === undefined) return;
  const nsPerTrack = (blocksPerTrack * blockBytes * 1e9) / (rateMBps * 1e6);
  const endNs = phase.endNs < 0 ? Infinity : phase.endNs;
  const overRate = (track: number, atNs: number, boundNs: number, landedBefore: number, previousStartNs?: number) =>
    ctx.log.add({
      guarantee: 'progress',
      phase: phaseRef(phase),
      reason: 'over-rate',
      boundNs: Math.ceil(boundNs),
      track,
      atNs,
      restoredBefore: 0,
      restoredAfter: 0,
      overRate: { landedBefore, rateMBps, ...(previousStartNs === undefined ? {} : { previousStartNs }) },
      message: '',
    });
  let previousNs = -Infinity;
  for (const copy of copiesOfPair) {
    if (copy.startNs < phase.startNs || copy.startNs >= endNs) continue;
    if (copy.startNs < previousNs + nsPerTrack - 1) return overRate(copy.track, copy.startNs, previousNs + nsPerTrack, 0, previousNs);
    previousNs = copy.startNs;
  }
  const physical = ctx.physical!;
  let k = 0;
  for (const i of physical.ofVolumeBetween(phase.targetVolume, phase.startNs, endNs)) {
    if (physical.disk[i] === 1 || physical.sourceOf(i) !== 'copy') continue;
    const earliestNs = phase.startNs + k * nsPerTrack;
    if (physical.timeNs[i]! < earliestNs - 1) return overRate(Math.floor(physical.startBlock[i]! / blocksPerTrack), physical.timeNs[i]!, earliestNs, k);
    k++;
  }
}

export function phaseEndsInTime(ctx: CheckContext, phase: CopyPhase): void {
  const bound = ctx.config.phaseBoundNs;
  if (!bound) return;
  const boundNs = bound(phaseRef(phase));
  const lastNs = phase.endNs >= 0 ? phase.endNs : ctx.endNs;
  if (lastNs - phase.startNs <= boundNs) return;
  ctx.log.add({
    guarantee: 'progress',
    phase: phaseRef(phase),
    reason: 'overran',
    boundNs,
    track: -1,
    atNs: lastNs,
    restoredBefore: 0,
    restoredAfter: 0,
    message: '',
  });
}

export function restoredNeverShrinks(ctx: CheckContext, phase: CopyPhase): void {
  const restored = new Set<number>();
  for (const copy of phaseCopies(ctx, phase)) {
    const before = restored.size;
    if (!restored.has(copy.track)) {
      restored.add(copy.track);
      continue;
    }
    ctx.log.add({
      guarantee: 'progress',
      phase: phaseRef(phase),
      reason: 'indicator-shrank',
      boundNs: ctx.config.phaseBoundNs?.(phaseRef(phase)) ?? Infinity,
      track: copy.track,
      atNs: copy.timeNs,
      // Copying a restored track again means it was counted out in between: the count dipped by one.
      restoredBefore: before,
      restoredAfter: before - 1,
      message: '',
    });
  }
}

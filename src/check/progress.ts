import type { CheckContext } from './context.js';
import { phaseCopies } from './phase-copies.js';
import { phaseRef, type CopyPhase } from './phases.js';

/**
 * Guarantee 6. Two named checks per copy phase:
 * - `phaseEndsInTime`: with a bound from the caller (derived from the copy
 *   rate and the load), the phase ended within it — or, still running, the
 *   history did not reach past it;
 * - `restoredNeverShrinks`: the tracks brought into the target (the restored
 *   indicator, for a restore) only ever grow: a track copied a second time in
 *   one phase must have been marked not-restored again in between.
 * Returns the number of phases judged.
 */
export function checkProgress(ctx: CheckContext, phases: readonly CopyPhase[]): number {
  for (const phase of phases) {
    phaseEndsInTime(ctx, phase);
    if (ctx.physical) restoredNeverShrinks(ctx, phase);
  }
  return phases.length;
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

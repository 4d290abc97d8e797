import { isUnprotected, type CommandStep, type Timeline } from './timeline.js';
import type { Via } from './verdict.js';

/**
 * One atomic change of the reference model at a command's effective instant:
 * `target := source` (a copy of every candidate possibly current there), or
 * with `source` -1, `target` becomes unconstrained; or, `add`, the source's
 * candidates join the target's, which stay.
 */
export interface ModelStep {
  readonly atNs: number;
  readonly target: number;
  readonly source: number;
  readonly mode: 'replace' | 'add';
  readonly via: Via;
}

/**
 * The model's volumes: the history's, then one hidden volume per pair that
 * keeps STD as it was when a restore began, for the restores a forced split
 * will abandon (see `modelSteps`). No host I/O addresses them.
 */
export function modelVolumeCount(timeline: Timeline, historyVolumes: number): number {
  return historyVolumes + timeline.pairs.length;
}

/**
 * What each accepted command does to the model's content (DESIGN.md §1):
 * - split: BCV := STD(s) — except from a protected `Restored`, where the BCV
 *   never stopped being split and keeps its snapshot (the state machine runs
 *   no action there);
 * - restore: STD := BCV(r); an unprotected one also hides the BCV;
 * - forced split of a sync: the BCV, an incomplete image, becomes unconstrained;
 * - forced split of a restore at s: each STD track holds what the restore
 *   made of it (the snapshot overlaid with later writes) or, not yet
 *   restored, its data from before the restore — so STD's candidates at s
 *   are joined by those it had at r (kept at r on the pair's hidden volume).
 *   After an unprotected restore the BCV, which received STD's writes, first
 *   takes STD's content;
 * - establish: hides the BCV.
 * A hidden BCV (one mirroring STD) becomes unconstrained: only a read already
 * in flight when it was hidden can see it, and it may see any mix of old
 * content, mirrored writes and copies. Nothing leaks from it: every way out
 * of a mirroring state is a split, which copies STD over it.
 */
export function modelSteps(timeline: Timeline, historyVolumes: number): ModelStep[] {
  const hidden = new Map(timeline.pairs.map((pair, i) => [pair.name, historyVolumes + i]));
  return timeline.steps.flatMap((step) => stepsOf(timeline, step, hidden.get(step.pair.name)!));
}

function stepsOf(timeline: Timeline, step: CommandStep, hiddenVolume: number): ModelStep[] {
  const { pair, record } = step;
  const atNs = record.effectiveNs;
  const via = (effect: Via['effect'], reason?: Via['reason']): Via => ({
    commandId: record.id,
    command: record.command,
    pair: pair.name,
    atNs,
    effect,
    ...(reason ? { reason } : {}),
  });
  const copy = (source: number, target: number, effect: Via['effect'], mode: ModelStep['mode'] = 'replace'): ModelStep => ({
    atNs,
    source,
    target,
    mode,
    via: via(effect),
  });
  const unconstrain = (target: number, reason: Via['reason']): ModelStep => ({ atNs, source: -1, target, mode: 'replace', via: via('unconstrained', reason) });
  switch (record.command) {
    case 'establish':
      return [unconstrain(pair.bcvVolume, 'hidden BCV')];
    case 'restore': {
      const unprotected = step.change ? isUnprotected(step.change.label) : record.options['protected'] === false;
      const keep = abandoned(timeline, step) ? [copy(pair.stdVolume, hiddenVolume, 'pre-restore')] : [];
      const restore = copy(pair.bcvVolume, pair.stdVolume, 'restore');
      return unprotected ? [...keep, restore, unconstrain(pair.bcvVolume, 'hidden BCV')] : [...keep, restore];
    }
    case 'split':
      return splitSteps(step, {
        snapshot: copy(pair.stdVolume, pair.bcvVolume, 'snapshot'),
        preRestore: copy(hiddenVolume, pair.stdVolume, 'pre-restore', 'add'),
        unconstrainBcv: unconstrain(pair.bcvVolume, 'forced split'),
      });
    default:
      return [];
  }
}

/** Whether a forced split ends the restore this step began (its pair's next state change is `SplitBfrRest`). */
function abandoned(timeline: Timeline, step: CommandStep): boolean {
  if (step.change === null) return false;
  return timeline.changesOf(step.pair.name)[step.changeIndex + 1]?.record.state === 'SplitBfrRest';
}

function splitSteps(step: CommandStep, steps: { snapshot: ModelStep; preRestore: ModelStep; unconstrainBcv: ModelStep }): ModelStep[] {
  const { before } = step;
  switch (step.change?.state) {
    case 'Split':
      return before.state === 'Restored' ? [] : [steps.snapshot];
    case 'SplitBfrSync':
      return [steps.unconstrainBcv];
    case 'SplitBfrRest':
      return isUnprotected(before.label) ? [steps.snapshot, steps.preRestore] : [steps.preRestore];
    default:
      return [steps.snapshot];
  }
}

import { isUnprotected, type CommandStep, type Timeline } from './timeline.js';
import type { Via } from './verdict.js';

/**
 * One atomic change of the reference model at a command's effective instant:
 * `target := source` (a copy of every candidate possibly current there), or
 * with `source` -1, `target` becomes unconstrained.
 */
export interface ModelStep {
  readonly atNs: number;
  readonly target: number;
  readonly source: number;
  readonly via: Via;
}

/**
 * What each accepted command does to the model's content (DESIGN.md §1):
 * - split: BCV := STD(s) — except from a protected `Restored`, where the BCV
 *   never stopped being split and keeps its snapshot (the state machine runs
 *   no action there);
 * - forced split: the incomplete side (BCV from SyncInProg, STD from
 *   RestInProg) becomes unconstrained; after an unprotected restore the BCV,
 *   which received STD's writes, first takes STD's content;
 * - restore: STD := BCV(r); an unprotected one also hides the BCV;
 * - establish: hides the BCV.
 * A hidden BCV (one mirroring STD) becomes unconstrained: only a read already
 * in flight when it was hidden can see it, and it may see any mix of old
 * content, mirrored writes and copies. Nothing leaks from it: every way out
 * of a mirroring state is a split, which copies STD over it.
 */
export function modelSteps(timeline: Timeline): ModelStep[] {
  return timeline.steps.flatMap(stepsOf);
}

function stepsOf(step: CommandStep): ModelStep[] {
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
  const copy = (source: number, target: number, effect: Via['effect']): ModelStep => ({ atNs, source, target, via: via(effect) });
  const unconstrain = (target: number, reason: Via['reason']): ModelStep => ({ atNs, source: -1, target, via: via('unconstrained', reason) });
  switch (record.command) {
    case 'establish':
      return [unconstrain(pair.bcvVolume, 'hidden BCV')];
    case 'restore': {
      const unprotected = step.change ? isUnprotected(step.change.label) : record.options['protected'] === false;
      const restore = copy(pair.bcvVolume, pair.stdVolume, 'restore');
      return unprotected ? [restore, unconstrain(pair.bcvVolume, 'hidden BCV')] : [restore];
    }
    case 'split':
      return splitSteps(step, copy(pair.stdVolume, pair.bcvVolume, 'snapshot'), unconstrain);
    default:
      return [];
  }
}

function splitSteps(step: CommandStep, snapshot: ModelStep, unconstrain: (target: number, reason: Via['reason']) => ModelStep): ModelStep[] {
  const { pair, before } = step;
  switch (step.change?.state) {
    case 'Split':
      return before.state === 'Restored' ? [] : [snapshot];
    case 'SplitBfrSync':
      return [unconstrain(pair.bcvVolume, 'forced split')];
    case 'SplitBfrRest': {
      const std = unconstrain(pair.stdVolume, 'forced split');
      return isUnprotected(before.label) ? [snapshot, std] : [std];
    }
    default:
      return [snapshot];
  }
}

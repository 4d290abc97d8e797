import { isUnprotected, mirroringIn, type CommandStep, type PairTopo, type Timeline } from './timeline.js';
import type { PhaseRef } from './verdict.js';

/** A copy phase with what the checkers of guarantees 5 and 6 need to judge it. */
export interface CopyPhase extends PhaseRef {
  readonly pairTopo: PairTopo;
  readonly sourceVolume: number;
  readonly targetVolume: number;
  /** Changes count from here: the last split that reset change tracking, or the previous phase's start. */
  readonly baselineNs: number;
  /** Whether the pair recorded changes throughout [baseline, start) (no mirroring state in between). */
  readonly trackedThroughout: boolean;
}

/** The establish and restore phases of every pair, in start order. */
export function copyPhases(timeline: Timeline): CopyPhase[] {
  const phases: CopyPhase[] = [];
  const lastResetNs = new Map<string, number>();
  for (const step of timeline.steps) {
    const pair = step.pair.name;
    const command = step.record.command;
    if (command === 'split' && step.change && resetsTracking(step)) lastResetNs.set(pair, step.change.atNs);
    if ((command !== 'establish' && command !== 'restore') || !step.change) continue;
    const baselineNs = lastResetNs.get(pair) ?? -Infinity;
    phases.push(phaseOf(timeline, step, baselineNs));
    lastResetNs.set(pair, step.record.effectiveNs);
  }
  return phases;
}

function phaseOf(timeline: Timeline, step: CommandStep, baselineNs: number): CopyPhase {
  const restore = step.record.command === 'restore';
  const next = timeline.changesOf(step.pair.name)[step.changeIndex + 1];
  const startNs = step.record.effectiveNs;
  return {
    pair: step.pair.name,
    kind: restore ? 'restore' : 'establish',
    commandId: step.record.id,
    incremental: restore ? restoreIsIncremental(step) : establishIsIncremental(step),
    protected: restore && !isUnprotected(step.change!.label),
    startNs,
    endNs: next ? next.record.atNs : -1,
    ending: !next ? 'running' : next.cause.kind === 'copy-done' ? 'copy-done' : 'forced-split',
    target: restore ? step.pair.std : step.pair.bcv,
    pairTopo: step.pair,
    sourceVolume: restore ? step.pair.bcvVolume : step.pair.stdVolume,
    targetVolume: restore ? step.pair.stdVolume : step.pair.bcvVolume,
    baselineNs,
    trackedThroughout: trackedThroughout(timeline, step.pair.name, baselineNs, startNs),
  };
}

/** The copy scope of a restore: as asked, except after a forced split of a restore, which leaves nothing to build an increment on. */
function restoreIsIncremental(step: CommandStep): boolean {
  return step.record.options['incremental'] === true && step.before.state !== 'SplitBfrRest';
}

/** The copy scope of an establish, as the state machine decides it from the state it leaves. */
function establishIsIncremental(step: CommandStep): boolean {
  const asked = step.record.options['incremental'] === true;
  switch (step.before.state) {
    case 'Split':
      return asked;
    case 'Restored':
      // After an unprotected restore the BCV already mirrors STD: only changes are copied.
      return isUnprotected(step.before.label) ? true : asked;
    default:
      return false; // NeverEstab, or an incomplete image after a forced split
  }
}

/** A split clears the changed-track tables unless the BCV was already split (protected restore). */
export function resetsTracking(step: CommandStep): boolean {
  const { state, label } = step.before;
  if (state === 'Restored' || state === 'RestInProg') return isUnprotected(label);
  return true;
}

function trackedThroughout(timeline: Timeline, pair: string, fromNs: number, toNs: number): boolean {
  if (fromNs === -Infinity) return false;
  const initial = timeline.stateAt(pair, fromNs);
  if (!tracking(initial.state, initial.label)) return false;
  for (const change of timeline.changesOf(pair)) {
    const { atNs, state, label } = change.record;
    if (atNs > fromNs && atNs < toNs && !tracking(state, label)) return false;
  }
  return true;
}

const tracking = (state: string, label: string): boolean => state !== 'NeverEstab' && !mirroringIn(state, label);

/** The part of a phase a verdict shows. */
export function phaseRef(phase: CopyPhase): PhaseRef {
  const { pair, kind, commandId, incremental, startNs, endNs, ending, target } = phase;
  return { pair, kind, commandId, incremental, protected: phase.protected, startNs, endNs, ending, target };
}

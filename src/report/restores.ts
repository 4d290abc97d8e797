import type { PairResult, PhaseResult, RunResult } from '../scenario/results.js';
import type { WindowLatency } from '../scenario/phase-latency.js';

/** A report charts at most this many restores (the earliest): more would bury the rest of the report. */
export const MAX_RESTORES_CHARTED = 6;

/** One copy phase of one pair, named for a report. */
export interface NamedPhase {
  readonly pair: PairResult;
  readonly phase: PhaseResult;
  /** 1-based, among the pair's phases of the same kind. */
  readonly ordinal: number;
  /** E.g. `p1 restore #2`. */
  readonly name: string;
  /** E.g. `incremental, protected`. */
  readonly kindLabel: string;
}

export function kindLabelOf(phase: PhaseResult): string {
  const parts = [phase.incremental ? 'incremental' : 'full'];
  if (phase.kind === 'restore') parts.push(phase.protected ? 'protected' : 'unprotected');
  return parts.join(', ');
}

/** Every copy phase of every pair, by start time (ties: in pair order). */
export function copyPhases(result: RunResult): NamedPhase[] {
  const phases = result.pairs.flatMap((pair) => {
    const seen = { establish: 0, restore: 0 };
    return pair.phases.map((phase) => {
      const ordinal = ++seen[phase.kind];
      return { pair, phase, ordinal, name: `${pair.name} ${phase.kind} #${ordinal}`, kindLabel: kindLabelOf(phase) };
    });
  });
  return phases.sort((a, b) => a.phase.startNs - b.phase.startNs);
}

/** The restores a report charts. */
export function chartedRestores(result: RunResult): NamedPhase[] {
  return copyPhases(result)
    .filter((named) => named.phase.kind === 'restore')
    .slice(0, MAX_RESTORES_CHARTED);
}

export type WindowName = 'before' | 'during' | 'after';
export const WINDOWS: readonly WindowName[] = ['before', 'during', 'after'];

/** A phase's latency window; absent when the run did not record the history (`metrics.history: false`). */
export function windowOf(phase: PhaseResult, name: WindowName): WindowLatency | undefined {
  return (phase.latency as Partial<PhaseResult['latency']> | undefined)?.[name];
}

/** Tracks a phase brought across because hosts wrote them (partial-write merges, whole-track overwrites, copy-before-write). */
export function byHostWrites(phase: PhaseResult): number {
  const c = phase.counters;
  return c.merged + c.overwritten + c.copyBeforeWrite;
}

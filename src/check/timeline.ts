import type { CommandRecord, History, StateChangeRecord } from '../array/history.js';
import type { VolumeIndex } from './tables.js';

/** A pair of the topology, with its volumes' indices. */
export interface PairTopo {
  readonly name: string;
  readonly std: string;
  readonly bcv: string;
  readonly stdVolume: number;
  readonly bcvVolume: number;
}

/** Why a pair entered a state: an accepted command, or the end of background work. */
export type ChangeCause =
  | { readonly kind: 'command'; readonly commandId: number }
  | { readonly kind: 'copy-done' }
  | { readonly kind: 'split-done' }
  | { readonly kind: 'unexplained' };

export interface AttributedChange {
  readonly record: StateChangeRecord;
  readonly previous: { readonly state: string; readonly label: string };
  cause: ChangeCause;
}

/** An accepted command, with the state its pair was in and the state change it caused. */
export interface CommandStep {
  readonly record: CommandRecord;
  readonly pair: PairTopo;
  readonly before: { readonly state: string; readonly label: string };
  /** Null when the history holds no matching state change (e.g. a hand-built one without them). */
  readonly change: StateChangeRecord | null;
  /** Position of `change` in its pair's list of changes (-1 without one). */
  readonly changeIndex: number;
}

const NEVER_ESTAB = { state: 'NeverEstab', label: 'NeverEstab' } as const;

/** The states a command can put its pair in (the first change it causes). */
const OUTCOMES: Readonly<Record<string, readonly string[]>> = {
  establish: ['SyncInProg'],
  restore: ['RestInProg'],
  split: ['SplitInProg', 'Split', 'SplitBfrSync', 'SplitBfrRest'],
};

export const isUnprotected = (label: string): boolean => label.includes('unprotected');

/** Whether STD's writes reach the BCV in this state (DESIGN.md §1's table). */
export function mirroringIn(state: string, label: string): boolean {
  if (state === 'SyncInProg' || state === 'Synchronized') return true;
  return (state === 'RestInProg' || state === 'Restored') && isUnprotected(label);
}

/**
 * The pairs' lives as the history tells them: each accepted command matched
 * to the state change it caused (so the state before it is known), and every
 * other change explained by background work or left unexplained.
 */
export class Timeline {
  readonly pairs: readonly PairTopo[];
  readonly pairByName: ReadonlyMap<string, PairTopo>;
  readonly changes = new Map<string, AttributedChange[]>();
  /** Accepted commands in effect order (time, then id). */
  readonly steps: CommandStep[] = [];
  /** Changes whose recorded cause is a command: by command record id, the change. */
  private readonly recordedCause = new Map<number, { readonly pair: string; readonly index: number }>();

  constructor(history: History, volumes: VolumeIndex) {
    this.pairs = history.topology.pairs.map((p) => ({ ...p, stdVolume: volumes.of(p.std), bcvVolume: volumes.of(p.bcv) }));
    this.pairByName = new Map(this.pairs.map((p) => [p.name, p]));
    for (const pair of this.pairs) this.changes.set(pair.name, []);
    for (const record of history.stateChanges) this.attach(record);
    const accepted = history.commands.filter((c) => c.error === null && c.effectiveNs >= 0 && this.pairByName.has(c.target));
    accepted.sort((a, b) => a.effectiveNs - b.effectiveNs || a.id - b.id);
    for (const record of accepted) this.steps.push(this.match(record));
    for (const list of this.changes.values()) explainTheRest(list);
  }

  /** The changes of one pair, in order. */
  changesOf(pair: string): readonly AttributedChange[] {
    return this.changes.get(pair) ?? [];
  }

  /** The other pairs of `pair`'s standard. */
  siblingsOf(pair: PairTopo): PairTopo[] {
    return this.pairs.filter((p) => p.std === pair.std && p.name !== pair.name);
  }

  /** Whether the pair's state changed at `timeNs`: a command decided at that instant may have come before or after it. */
  changedAt(pair: string, timeNs: number): boolean {
    return this.changesOf(pair).some((c) => c.record.atNs === timeNs);
  }

  /** The pair's state at `timeNs` (after every change at or before it). */
  stateAt(pair: string, timeNs: number): { state: string; label: string } {
    let current: { state: string; label: string } = NEVER_ESTAB;
    for (const change of this.changesOf(pair)) {
      if (change.record.atNs > timeNs) break;
      current = change.record;
    }
    return current;
  }

  private attach(record: StateChangeRecord): void {
    let list = this.changes.get(record.pair);
    if (!list) this.changes.set(record.pair, (list = []));
    const last = list[list.length - 1];
    const previous = last ? { state: last.record.state, label: last.record.label } : NEVER_ESTAB;
    const cause = record.cause;
    if (typeof cause === 'number') this.recordedCause.set(cause, { pair: record.pair, index: list.length });
    list.push({ record, previous, cause: cause === 'copy-done' || cause === 'split-done' ? { kind: cause } : { kind: 'unexplained' } });
  }

  /**
   * The first change of the pair, at or after the command took effect, that
   * the command can cause and no other command caused. Commands are taken in
   * effect order, but two taking effect at one instant may have been applied
   * in either order: the search starts at the command's instant, not after
   * the change the previous command matched.
   */
  private match(record: CommandRecord): CommandStep {
    const pair = this.pairByName.get(record.target)!;
    const list = this.changes.get(pair.name)!;
    const recorded = this.recordedCause.get(record.id);
    if (recorded?.pair === pair.name) return this.claim(record, pair, list, recorded.index);
    const outcomes = OUTCOMES[record.command] ?? [];
    for (let i = firstAtOrAfter(list, record.effectiveNs); i < list.length; i++) {
      const change = list[i]!;
      // A change the history says another command caused is not this one's.
      if (change.cause.kind !== 'unexplained' || change.record.cause !== undefined || !outcomes.includes(change.record.state)) continue;
      return this.claim(record, pair, list, i);
    }
    return { record, pair, before: NEVER_ESTAB, change: null, changeIndex: -1 };
  }

  private claim(record: CommandRecord, pair: PairTopo, list: AttributedChange[], i: number): CommandStep {
    const change = list[i]!;
    change.cause = { kind: 'command', commandId: record.id };
    return { record, pair, before: change.previous, change: change.record, changeIndex: i };
  }
}

/** Index of the first change at or after `timeNs` (changes are in time order). */
function firstAtOrAfter(list: readonly AttributedChange[], timeNs: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.record.atNs < timeNs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Changes no command caused: the end of a copy or of a split's settling, or unexplained. */
function explainTheRest(list: AttributedChange[]): void {
  for (const change of list) {
    if (change.cause.kind !== 'unexplained') continue;
    const from = change.previous.state;
    const to = change.record.state;
    if ((from === 'SyncInProg' && to === 'Synchronized') || (from === 'RestInProg' && to === 'Restored')) {
      change.cause = { kind: 'copy-done' };
    } else if (from === 'SplitInProg' && to === 'Split') {
      change.cause = { kind: 'split-done' };
    }
  }
}

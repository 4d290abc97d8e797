import { mirrors, transition, type PairCommand, type PairState } from '../protocol/state.js';
import type { PairNames } from './world.js';

const isCopying = (state: PairState): boolean => state.name === 'SyncInProg' || state.name === 'RestInProg';

/** How long background work usually takes in a world: a copy on its own, and the settling of a split. */
export interface Durations {
  readonly copyUs: number;
  readonly splitUs: number;
}

/**
 * What the script generator expects each pair's state to be, from the pure
 * state machine and the standard-sharing rules of `Protocol` (a restore is
 * refused while another pair of its standard restores or mirrors it, an
 * establish while another restores it; a group's members are judged in turn,
 * each against what the earlier ones leave). It only steers generation
 * toward legal commands — a wrong forecast makes an illegal command, which
 * the gate also wants.
 */
export class Forecast {
  /** Each pair's predicted state, since when, and when its background work likely ends. */
  private readonly predicted = new Map<string, { state: PairState; sinceUs: number; untilUs: number }>();
  private readonly stdOf = new Map<string, string>();

  constructor(
    private readonly pairs: readonly PairNames[],
    readonly durations: Durations,
  ) {
    for (const pair of pairs) {
      this.predicted.set(pair.name, { state: { name: 'NeverEstab' }, sinceUs: 0, untilUs: 0 });
      this.stdOf.set(pair.name, pair.std);
    }
  }

  /**
   * Whether `command` is legal for all of `members` at `atUs`: with
   * `settled`, assuming background work begun earlier has finished by then.
   */
  legal(members: readonly string[], command: PairCommand, atUs: number, settled: boolean): boolean {
    const shadow = new Map<string, PairState>();
    const stateOf = (name: string) => shadow.get(name) ?? this.stateAt(name, atUs, settled);
    for (const name of members) {
      const next = this.judge(name, command, stateOf);
      if (!next) return false;
      shadow.set(name, next);
    }
    return true;
  }

  /**
   * Whether `command` is refused at the edge: legal for each member on its
   * own (the state machine allows it, and no other pair of its standard is
   * in the way now) but refused as a whole, or because of a sibling. These
   * refusals are where a protocol's admission goes wrong.
   */
  edge(members: readonly string[], command: PairCommand, atUs: number, settled: boolean): boolean {
    if (this.legal(members, command, atUs, settled)) return false;
    return members.every((name) => transition(this.stateAt(name, atUs, settled), command).ok);
  }

  /** The member's next state if `command` is legal for it, given the others' states; null if refused. */
  private judge(name: string, command: PairCommand, stateOf: (name: string) => PairState): PairState | null {
    const result = transition(stateOf(name), command);
    if (!result.ok) return null;
    const siblings = this.pairs.filter((p) => p.name !== name && p.std === this.stdOf.get(name)).map((p) => stateOf(p.name));
    if (command.name === 'restore' && siblings.some((s) => s.name === 'RestInProg' || mirrors(s))) return null;
    if (command.name === 'establish' && siblings.some((s) => s.name === 'RestInProg')) return null;
    return result.next;
  }

  /** Records that `command` was issued to `members` at `atUs` (each member that it is legal for changes state). */
  issue(members: readonly string[], command: PairCommand, atUs: number, settled: boolean): void {
    const legal = this.legal(members, command, atUs, settled);
    for (const name of members) {
      const state = this.stateAt(name, atUs, settled);
      const result = transition(state, command);
      const before = this.predicted.get(name)!;
      if (!legal || !result.ok) {
        this.predicted.set(name, { ...before, state });
        continue;
      }
      // Copies of one standard's pairs share its drives: each takes about as long again per sibling copying.
      const copying = this.pairs.filter((p) => p.std === this.stdOf.get(name) && p.name !== name && isCopying(this.stateAt(p.name, atUs, settled))).length;
      const workUs = isCopying(result.next) ? this.durations.copyUs * (1 + copying) : this.durations.splitUs;
      this.predicted.set(name, { state: result.next, sinceUs: atUs, untilUs: atUs + workUs });
    }
  }

  /** The state a pair is likely in by `atUs`; with `settled`, its background work done in its usual time. */
  private stateAt(name: string, atUs: number, settled: boolean): PairState {
    const { state, untilUs } = this.predicted.get(name)!;
    if (!settled || atUs <= untilUs) return state;
    if (isCopying(state)) {
      const done = transition(state, { name: 'copy-done' });
      return done.ok ? done.next : state;
    }
    if (state.name === 'SplitInProg') return { name: 'Split' };
    return state;
  }
}

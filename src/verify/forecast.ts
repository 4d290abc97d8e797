import { afterBackground, designOutcome } from '../check/command-table.js';
import { mirroringIn } from '../check/timeline.js';
import type { PairCommand } from '../protocol/state.js';
import type { PairNames } from './world.js';

/** A pair's state as the history labels it, e.g. `RestInProg (protected)`. */
type Label = string;

const stateOf = (label: Label): string => label.split(' ')[0]!;
const isCopying = (label: Label): boolean => stateOf(label) === 'SyncInProg' || stateOf(label) === 'RestInProg';

/**
 * The design's outcome of a host command for a pair in `label`: its next
 * label, or null if refused. Taken from the checker's restatement of
 * DESIGN.md §1, never from the protocol under test: a protocol whose state
 * machine drifts must not steer the scripts that judge it away from the drift.
 */
function next(label: Label, command: PairCommand): Label | null {
  if (command.name !== 'establish' && command.name !== 'split' && command.name !== 'restore') return null;
  const outcome = designOutcome(command.name, label, command.options);
  return outcome && 'next' in outcome ? outcome.next : null;
}

/** How long background work usually takes in a world: a copy on its own, and the settling of a split. */
export interface Durations {
  readonly copyUs: number;
  readonly splitUs: number;
}

/**
 * What the script generator expects each pair's state to be, from the
 * design's table of commands (see `next`) and the standard-sharing rules of `Protocol` (a restore is
 * refused while another pair of its standard restores or mirrors it, an
 * establish while another restores it; a group's members are judged in turn,
 * each against what the earlier ones leave). It only steers generation
 * toward legal commands — a wrong forecast makes an illegal command, which
 * the gate also wants.
 */
export class Forecast {
  /** Each pair's predicted state, since when, and when its background work likely ends. */
  private readonly predicted = new Map<string, { state: Label; sinceUs: number; untilUs: number }>();
  private readonly stdOf = new Map<string, string>();

  constructor(
    private readonly pairs: readonly PairNames[],
    readonly durations: Durations,
  ) {
    for (const pair of pairs) {
      this.predicted.set(pair.name, { state: 'NeverEstab', sinceUs: 0, untilUs: 0 });
      this.stdOf.set(pair.name, pair.std);
    }
  }

  /**
   * Whether `command` is legal for all of `members` at `atUs`: with
   * `settled`, assuming background work begun earlier has finished by then.
   */
  legal(members: readonly string[], command: PairCommand, atUs: number, settled: boolean): boolean {
    const shadow = new Map<string, Label>();
    const labelOf = (name: string) => shadow.get(name) ?? this.stateAt(name, atUs, settled);
    for (const name of members) {
      const after = this.judge(name, command, labelOf);
      if (!after) return false;
      shadow.set(name, after);
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
    return members.every((name) => next(this.stateAt(name, atUs, settled), command) !== null);
  }

  /** The member's next state if `command` is legal for it, given the others' states; null if refused. */
  private judge(name: string, command: PairCommand, labelOf: (name: string) => Label): Label | null {
    const after = next(labelOf(name), command);
    if (after === null) return null;
    const siblings = this.pairs.filter((p) => p.name !== name && p.std === this.stdOf.get(name)).map((p) => labelOf(p.name));
    if (command.name === 'restore' && siblings.some((s) => stateOf(s) === 'RestInProg' || mirroringIn(stateOf(s), s))) return null;
    if (command.name === 'establish' && siblings.some((s) => stateOf(s) === 'RestInProg')) return null;
    return after;
  }

  /** Records that `command` was issued to `members` at `atUs` (each member that it is legal for changes state). */
  issue(members: readonly string[], command: PairCommand, atUs: number, settled: boolean): void {
    const legal = this.legal(members, command, atUs, settled);
    for (const name of members) {
      const state = this.stateAt(name, atUs, settled);
      const after = next(state, command);
      const before = this.predicted.get(name)!;
      if (!legal || after === null) {
        this.predicted.set(name, { ...before, state });
        continue;
      }
      // Copies of one standard's pairs share its drives: each takes about as long again per sibling copying.
      const copying = this.pairs.filter((p) => p.std === this.stdOf.get(name) && p.name !== name && isCopying(this.stateAt(p.name, atUs, settled))).length;
      const workUs = isCopying(after) ? this.durations.copyUs * (1 + copying) : this.durations.splitUs;
      this.predicted.set(name, { state: after, sinceUs: atUs, untilUs: atUs + workUs });
    }
  }

  /** The state a pair is likely in by `atUs`; with `settled`, its background work done in its usual time. */
  private stateAt(name: string, atUs: number, settled: boolean): Label {
    const { state, untilUs } = this.predicted.get(name)!;
    if (!settled || atUs <= untilUs) return state;
    return afterBackground(isCopying(state) ? 'copy-done' : 'split-done', state) ?? state;
  }
}

import { AssertionError } from '../engine/assert.js';
import type { Volume } from '../array/volume.js';
import type { CommandError } from './errors.js';
import type { Pair } from './pair.js';
import { mirrors, transition, type EstablishOptions, type PairState, type RestoreOptions, type SplitOptions } from './state.js';

/** A host command, without its target. */
export type HostCommand =
  | { readonly name: 'establish'; readonly options: EstablishOptions }
  | { readonly name: 'split'; readonly options: SplitOptions }
  | { readonly name: 'restore'; readonly options: RestoreOptions };

/** An accepted command still taking effect on its members (a split stepping through them). */
export interface RunningCommand {
  readonly command: string;
  /** The pair or group it was addressed to. */
  readonly target: string;
  /** The id of its first record. */
  readonly commandId: number;
}

/** What admission reads of the protocol. */
export interface AdmissionContext {
  /** Every pair of a standard (the pair itself among them). */
  pairsOfStd(std: Volume): readonly Pair[];
  /** The accepted command still taking effect on the pair, if any. */
  runningOn(pair: Pair): RunningCommand | undefined;
}

/**
 * Judges a command to `members` (one pair, or a group's members in order)
 * without changing anything. Each member is judged against the states the
 * earlier members' transitions would leave (a shadow of the states, built
 * with the pure `transition`), so that a group command is accepted exactly
 * when its members' commands, issued one after the other, would each be —
 * e.g. a group restore of two BCVs of one standard is refused, as the second
 * of two single restores would be. Returns the members' errors in member
 * order: none when the command is accepted.
 */
export function admit(context: AdmissionContext, members: readonly Pair[], command: HostCommand): CommandError[] {
  const shadow = new Map<Pair, PairState>();
  const stateOf = (pair: Pair): PairState => shadow.get(pair) ?? pair.state;
  const errors: CommandError[] = [];
  for (const pair of members) {
    const error = judge(context, pair, command, stateOf);
    if (error) {
      errors.push(error); // a refused member keeps its state: the next members are judged against it
      continue;
    }
    const result = transition(stateOf(pair), command);
    if (!result.ok) throw new AssertionError(`${command.name} judged legal for ${pair.name} but refused by the state machine`);
    shadow.set(pair, result.next);
  }
  return errors;
}

function judge(context: AdmissionContext, pair: Pair, command: HostCommand, stateOf: (pair: Pair) => PairState): CommandError | null {
  const running = context.runningOn(pair);
  if (running) return { code: 'command-under-way', pair: pair.name, command: command.name, running };
  const result = transition(stateOf(pair), command);
  if (!result.ok) {
    if (result.code === 'incremental-needs-split') return { code: result.code, pair: pair.name, state: result.state, legal: result.legal };
    return { code: 'illegal-in-state', pair: pair.name, state: result.state, command: command.name, legal: result.legal };
  }
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent — a pair's own state never stands in the way of a command that state allows (inTheWay holds only for RestInProg and the mirroring states, from which neither establish nor restore is legal)
  const others = context.pairsOfStd(pair.std).filter((other) => other !== pair);
  const busy = others.find((other) => inTheWay(command.name, stateOf(other)));
  if (!busy) return null;
  return {
    code: 'std-busy',
    pair: pair.name,
    command: command.name,
    std: pair.std.name,
    otherPair: busy.name,
    otherState: stateOf(busy).name,
    sameCommand: !inTheWay(command.name, busy.state),
  };
}

/**
 * Whether a pair in `state` keeps another pair of its standard from
 * `command`: a restore needs the standard to itself (no other pair restoring
 * or mirroring it); an establish, no other pair restoring it.
 */
function inTheWay(command: HostCommand['name'], state: PairState): boolean {
  const restoring = state.name === 'RestInProg';
  if (command === 'restore') return restoring || mirrors(state);
  return command === 'establish' && restoring; // a split is never in another pair's way
}

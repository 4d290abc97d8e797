/**
 * The pair state machine, pure: `transition(state, command)` returns the next
 * state and the actions the driver must carry out, or a typed refusal, and
 * executes nothing. State names follow TimeFinder/Mirror's `query` output.
 */

export type PairState =
  | { readonly name: 'NeverEstab' }
  | { readonly name: 'SyncInProg' }
  | { readonly name: 'Synchronized' }
  | { readonly name: 'SplitInProg' }
  | { readonly name: 'Split' }
  | { readonly name: 'SplitBfrSync' }
  | { readonly name: 'RestInProg'; readonly protected: boolean }
  | { readonly name: 'Restored'; readonly protected: boolean }
  /** A restore abandoned by a forced split; `protected` tells whether it was, and so whether the BCV still holds its snapshot. */
  | { readonly name: 'SplitBfrRest'; readonly protected: boolean };

export type PairStateName = PairState['name'];

// Stryker disable next-line ArrayDeclaration: outside the gate — read only by the scenario parser (timeline conditions name a state), which the gate never runs; state.test.ts holds it to the state machine
export const PAIR_STATE_NAMES: readonly PairStateName[] = [
  'NeverEstab', 'SyncInProg', 'Synchronized', 'SplitInProg', 'Split', 'SplitBfrSync', 'RestInProg', 'Restored', 'SplitBfrRest',
];

export interface EstablishOptions {
  readonly incremental: boolean;
}

export interface SplitOptions {
  /** Part of a consistent group split: new writes to the group's STDs are held for its duration. */
  readonly consistent: boolean;
  /** Return at once; the pair finishes the split in the background (`SplitInProg`). */
  readonly instant: boolean;
  /** Allowed from `SyncInProg` and `RestInProg`, leaving an incomplete image. */
  readonly force: boolean;
}

export interface RestoreOptions {
  readonly incremental: boolean;
  readonly protected: boolean;
}

/** Commands a host issues, and the events the driver feeds back when background work ends. */
export type PairCommand =
  | { readonly name: 'establish'; readonly options: EstablishOptions }
  | { readonly name: 'split'; readonly options: SplitOptions }
  | { readonly name: 'restore'; readonly options: RestoreOptions }
  | { readonly name: 'copy-done' }
  | { readonly name: 'split-done' };

export type HostCommandName = 'establish' | 'split' | 'restore';

/** Which tracks a copy covers: all of them, or those changed on either side since the split. */
export type CopyScope = 'all' | 'changed';

/**
 * What the driver does to carry out a transition, in order; each is carried
 * out (`Protocol.perform`). Whether STD's writes reach the BCV and whether the
 * BCV answers at its address follow from the state alone (`mirrors`,
 * `bcvAddressable`): no action stands for them.
 */
export type PairAction =
  | { readonly name: 'copy-std-to-bcv'; readonly scope: CopyScope }
  | { readonly name: 'copy-bcv-to-std'; readonly scope: CopyScope }
  | { readonly name: 'abandon-copy' }
  | { readonly name: 'finish-split' }; // destage the BCV's pending mirror writes, then report split-done

export interface Transition {
  readonly ok: true;
  readonly next: PairState;
  readonly actions: readonly PairAction[];
}

/** A refused command: it changed nothing. */
export interface Refusal {
  readonly ok: false;
  readonly code: 'illegal-in-state' | 'incremental-needs-split';
  readonly state: PairStateName;
  readonly command: HostCommandName | 'copy-done' | 'split-done';
  /** The commands legal in this state, as a user would type them. */
  readonly legal: readonly string[];
}

const S = <N extends PairStateName>(name: N) => ({ name }) as Extract<PairState, { name: N }>;

/**
 * The host commands legal in each state (with the options that make them
 * legal). `(full)`: the command copies every track, whatever is asked.
 */
export function legalCommands(state: PairState): string[] {
  switch (state.name) {
    case 'NeverEstab':
      return ['establish (full)'];
    case 'SyncInProg':
      return ['split --force'];
    case 'Synchronized':
      return ['split'];
    case 'SplitInProg':
      return [];
    case 'Split':
      return ['establish', 'restore'];
    case 'SplitBfrSync':
      return ['establish (full)'];
    case 'RestInProg':
      return ['split --force'];
    case 'Restored':
      // Stryker disable next-line ArrayDeclaration: equivalent — a protected Restored refuses no command (see `transition`), so no refusal ever names this list
      if (state.protected) return ['split', 'establish', 'restore'];
      return ['split', 'establish'];
    case 'SplitBfrRest':
      return state.protected ? ['establish (full)', 'restore (full)'] : ['establish (full)'];
  }
}

export function transition(state: PairState, command: PairCommand): Transition | Refusal {
  switch (command.name) {
    case 'establish':
      return establish(state, command.options);
    case 'split':
      return split(state, command.options);
    case 'restore':
      return restore(state, command.options);
    case 'copy-done':
      return copyDone(state);
    case 'split-done':
      // Stryker disable next-line ConditionalExpression: equivalent — the driver asks only when a split it started settles, in SplitInProg (Protocol.apply asserts the answer)
      return state.name === 'SplitInProg' ? ok(S('Split'), []) : refuse(state, 'split-done');
  }
}

function establish(state: PairState, options: EstablishOptions): Transition | Refusal {
  const scope: CopyScope = options.incremental ? 'changed' : 'all';
  switch (state.name) {
    case 'NeverEstab':
      if (options.incremental) return refuse(state, 'establish', 'incremental-needs-split');
      return ok(S('SyncInProg'), [{ name: 'copy-std-to-bcv', scope }]);
    case 'Split':
    case 'SplitBfrSync':
    case 'SplitBfrRest':
      // An incomplete image has no valid change tracking to build on: copy everything.
      return ok(S('SyncInProg'), [{ name: 'copy-std-to-bcv', scope: state.name === 'Split' ? scope : 'all' }]);
    case 'Restored':
      // After an unprotected restore the BCV already mirrors STD.
      return ok(S('SyncInProg'), [{ name: 'copy-std-to-bcv', scope: state.protected ? scope : 'changed' }]);
    default:
      return refuse(state, 'establish');
  }
}

function split(state: PairState, options: SplitOptions): Transition | Refusal {
  // No action resets change tracking: a pair tracks nothing while it mirrors, and its copy phase began with
  // both tables emptied, so a pair that stops mirroring finds them empty (`Protocol.enter` asserts it).
  switch (state.name) {
    // Stryker disable next-line ConditionalExpression: equivalent — falling through to Restored's case, an unprotected state splits the same way
    case 'Synchronized':
      return ok(S('SplitInProg'), [{ name: 'finish-split' }]);
    case 'Restored':
      if (state.protected) return ok(S('Split'), []); // the BCV never stopped being split
      return ok(S('SplitInProg'), [{ name: 'finish-split' }]);
    case 'SyncInProg':
      if (!options.force) return refuse(state, 'split');
      return ok(S('SplitBfrSync'), [{ name: 'abandon-copy' }]);
    case 'RestInProg':
      if (!options.force) return refuse(state, 'split');
      return ok({ name: 'SplitBfrRest', protected: state.protected }, [{ name: 'abandon-copy' }]);
    default:
      return refuse(state, 'split');
  }
}

function restore(state: PairState, options: RestoreOptions): Transition | Refusal {
  // After a protected restore, finished or abandoned, the BCV still holds the snapshot: it can be restored again.
  const abandoned = state.name === 'SplitBfrRest' && state.protected;
  if (state.name !== 'Split' && !(state.name === 'Restored' && state.protected) && !abandoned) return refuse(state, 'restore');
  // The tracks an abandoned restore left unrestored are in no change table: only a full copy is sure to bring them.
  const scope: CopyScope = options.incremental && !abandoned ? 'changed' : 'all';
  return ok({ name: 'RestInProg', protected: options.protected }, [{ name: 'copy-bcv-to-std', scope }]);
}

function copyDone(state: PairState): Transition | Refusal {
  switch (state.name) {
    case 'SyncInProg':
      return ok(S('Synchronized'), []);
    case 'RestInProg':
      return ok({ name: 'Restored', protected: state.protected }, []);
    // Stryker disable next-line ConditionalExpression: equivalent — the driver reports copy-done only for a copy it runs, in SyncInProg or RestInProg (and asserts the answer)
    default:
      return refuse(state, 'copy-done');
  }
}

function ok(next: PairState, actions: readonly PairAction[]): Transition {
  return { ok: true, next, actions };
}

function refuse(state: PairState, command: Refusal['command'], code: Refusal['code'] = 'illegal-in-state'): Refusal {
  return { ok: false, code, state: state.name, command, legal: legalCommands(state) };
}

/** Per state, whether STD's host writes reach the BCV, and whether the BCV answers host I/O at its own address. */
const MIRRORS: Readonly<Record<PairStateName, boolean | 'unless protected'>> = {
  NeverEstab: false,
  SyncInProg: true,
  Synchronized: true,
  SplitInProg: false,
  Split: false,
  SplitBfrSync: false,
  RestInProg: 'unless protected',
  Restored: 'unless protected',
  SplitBfrRest: false,
};
const BCV_ADDRESSABLE: Readonly<Record<PairStateName, boolean | 'if protected'>> = {
  NeverEstab: true,
  SyncInProg: false,
  Synchronized: false,
  SplitInProg: true,
  Split: true,
  SplitBfrSync: true,
  RestInProg: 'if protected',
  Restored: 'if protected',
  SplitBfrRest: true,
};

/** Only the states of a restore have a rule that depends on protection (the tables above say which), and they all carry it. */
function isProtected(state: PairState): boolean {
  return (state as Extract<PairState, { protected: boolean }>).protected;
}

/** Whether STD's host writes are applied to the BCV in this state. */
export function mirrors(state: PairState): boolean {
  const rule = MIRRORS[state.name];
  return rule === 'unless protected' ? !isProtected(state) : rule;
}

/** Whether the BCV answers host I/O at its own address in this state. */
export function bcvAddressable(state: PairState): boolean {
  const rule = BCV_ADDRESSABLE[state.name];
  return rule === 'if protected' ? isProtected(state) : rule;
}

/** The state with its qualifier, as `query` and the history show it. */
export function formatState(state: PairState): string {
  return 'protected' in state ? `${state.name} (${state.protected ? 'protected' : 'unprotected'})` : state.name;
}

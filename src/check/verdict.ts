import type { TimeNs } from '../engine/time.js';
import type { StateChangeRecord, WriteLayer, WriteSource } from '../array/history.js';

/** The guarantees of DESIGN.md §1 that the history checkers decide. */
export type Guarantee =
  | 'snapshot-consistency'
  | 'split-isolation'
  | 'mirror-convergence'
  | 'no-lost-writes'
  | 'incremental-equals-full'
  | 'progress'
  | 'rejected-commands-change-nothing'
  | 'availability'
  | 'every-io-ends'
  | 'reads-atomic'
  | 'restored-indicator';

export const GUARANTEES: readonly Guarantee[] = [
  'snapshot-consistency',
  'split-isolation',
  'mirror-convergence',
  'no-lost-writes',
  'incremental-equals-full',
  'progress',
  'rejected-commands-change-nothing',
  'availability',
  'every-io-ends',
  'reads-atomic',
  'restored-indicator',
];

/** The guarantees whose violation is a liveness failure (something did not end in time), not a safety one. */
export function isLiveness(verdict: Verdict): boolean {
  return verdict.guarantee === 'every-io-ends' || (verdict.guarantee === 'progress' && verdict.reason === 'overran');
}

/** A host I/O, as a person reading a violation needs it. */
export interface OpRef {
  readonly id: number;
  readonly host: string;
  readonly volume: string;
  readonly write: boolean;
  readonly startBlock: number;
  readonly blockCount: number;
  readonly issueNs: TimeNs;
  /** -1: never completed. */
  readonly completeNs: TimeNs;
  readonly error: string | null;
}

/** The command that carried a value onto a volume (the last hop), or made it unconstrained. */
export interface Via {
  readonly commandId: number;
  readonly command: string;
  readonly pair: string;
  readonly atNs: TimeNs;
  /**
   * `snapshot`: a split copied STD to BCV; `restore`: a restore copied BCV to
   * STD; `pre-restore`: a forced split of a restore left STD's value from
   * before the restore possible again; `unconstrained`: see the model.
   */
  readonly effect: 'snapshot' | 'restore' | 'pre-restore' | 'unconstrained';
  /** Why the side became unconstrained (only for `unconstrained`). */
  readonly reason?: 'forced split' | 'hidden BCV';
}

/** Where a stamp came from: a host write, the initial content, or nothing the history knows. */
export type Origin =
  | { readonly kind: 'write'; readonly opId: number }
  | { readonly kind: 'initial' }
  | { readonly kind: 'unconstrained' }
  | { readonly kind: 'unknown' };

/** A value the reference model allows for a block during a read, and why. */
export interface Candidate {
  /** Stamp; meaningless for an `unconstrained` origin (any stamp is allowed). */
  readonly stamp: number;
  readonly origin: Origin;
  readonly via: Via | null;
  /** The candidate is possibly current from `fromNs` to `toNs` (Infinity: still). */
  readonly fromNs: TimeNs;
  readonly toNs: TimeNs;
}

export interface BlockMismatch {
  readonly block: number;
  readonly returned: number;
  readonly returnedBy: Origin;
  /** The allowed set: every candidate possibly current during the read. */
  readonly allowed: readonly Candidate[];
}

/** Guarantees 1 and 4: a read returned, for some block, a value the model cannot explain. */
export interface ReadViolation {
  readonly guarantee: 'snapshot-consistency' | 'no-lost-writes';
  readonly op: OpRef;
  /** The first mismatching blocks (at most the configured number). */
  readonly blocks: readonly BlockMismatch[];
  readonly blocksWrong: number;
  message: string;
}

/**
 * Guarantee 4, at the drives: a destage wrote a block a value its cache never
 * held (`destaged-unheld`), or the run fell idle with a block on the drives
 * other than in the cache (`not-destaged`: an acknowledged write that a
 * power loss without the vault, or a restart from the drives, would lose).
 */
export interface DestageViolation {
  readonly guarantee: 'no-lost-writes';
  readonly reason: 'destaged-unheld' | 'not-destaged' | 'split-settled-early';
  readonly volume: string;
  readonly block: number;
  /** What the cache held (for `destaged-unheld`, last, before the destage; for `split-settled-early`, when the split took effect) and what the drives hold. */
  readonly cache: number;
  readonly disk: number;
  /** The destage's instant, the instant the run fell idle, or the split's settling. */
  readonly atNs: TimeNs;
  /** Further blocks wrong in the same way on the volume. */
  readonly alsoWrong: number;
  message: string;
}

export interface PhysicalRef {
  readonly index: number;
  readonly timeNs: TimeNs;
  readonly volume: string;
  readonly layer: WriteLayer;
  readonly source: WriteSource;
  readonly startBlock: number;
  readonly blockCount: number;
  /** The stamps it carried (the first few). */
  readonly stamps: readonly number[];
}

/** Guarantee 2: something other than the BCV's own host writes changed a split BCV. */
export interface IsolationViolation {
  readonly guarantee: 'split-isolation';
  readonly pair: string;
  readonly bcv: string;
  readonly splitNs: TimeNs;
  readonly write: PhysicalRef;
  /**
   * `foreign-source`: a cache write by anything but a host write to the BCV;
   * `foreign-stamp`: a host-sourced write whose stamp is not that of a host write to the BCV in flight then;
   * `destage-mismatch`: a destage carrying a stamp the BCV's cache did not hold.
   */
  readonly reason: 'foreign-source' | 'foreign-stamp' | 'destage-mismatch';
  /** The host write whose stamp it carried, if any. */
  readonly stampOp: OpRef | null;
  /** For a destage: per wrong block, the latest cache stamp (expected) and what reached the drives. */
  readonly blocks: readonly { readonly block: number; readonly expected: number; readonly written: number }[];
  message: string;
}

export interface DifferingBlock {
  readonly block: number;
  readonly std: number;
  readonly bcv: number;
  readonly stdOrigin: Origin;
  readonly bcvOrigin: Origin;
}

/** Guarantee 3: a pair that should be a mirror is not, block for block. */
export interface ConvergenceViolation {
  readonly guarantee: 'mirror-convergence';
  readonly pair: string;
  readonly std: string;
  readonly bcv: string;
  readonly finalState: string;
  readonly sinceNs: TimeNs;
  readonly blocks: readonly DifferingBlock[];
  readonly blocksDiffering: number;
  message: string;
}

/** A copy phase (an establish or a restore), as the checkers derive it from the history. */
export interface PhaseRef {
  readonly pair: string;
  readonly kind: 'establish' | 'restore';
  readonly commandId: number;
  readonly incremental: boolean;
  readonly protected: boolean;
  readonly startNs: TimeNs;
  /** -1: still running when the history ends. */
  readonly endNs: TimeNs;
  readonly ending: 'copy-done' | 'forced-split' | 'running';
  /** Copy target. */
  readonly target: string;
}

/** Guarantee 5: a phase copied a track it had no reason to, missed a changed one, or copied one twice (full). */
export interface IncrementalViolation {
  readonly guarantee: 'incremental-equals-full';
  readonly phase: PhaseRef;
  readonly reason: 'copied-unchanged' | 'missed-changed' | 'copied-twice';
  readonly tracks: readonly number[];
  readonly tracksWrong: number;
  /** Since when changes count (the split, or the previous phase's start). */
  readonly baselineNs: TimeNs;
  message: string;
}

/** Guarantee 6: a phase overran its bound, or re-copied a track (its restored indicator shrank). */
export interface ProgressViolation {
  readonly guarantee: 'progress';
  readonly phase: PhaseRef;
  /**
   * `over-rate`: the background copy landed a track earlier than its rate limit allows;
   * `over-concurrency`: it had more track copies under way than its concurrency;
   * `copy-while-down`: it started a track copy while the array had no power or its director was down.
   */
  readonly reason: 'overran' | 'indicator-shrank' | 'over-rate' | 'over-concurrency' | 'copy-while-down';
  /** For `over-rate`: the earliest instant the rate allowed the landing. */
  readonly boundNs: TimeNs;
  /** For `indicator-shrank`: the track copied again, when, and the restored count before it and as it must have dipped (`over-rate`: the track landed, when). */
  readonly track: number;
  readonly atNs: TimeNs;
  readonly restoredBefore: number;
  readonly restoredAfter: number;
  /** For `over-rate`: the background copies the phase landed before this one, and the pair's rate limit; for a copy started too soon after the previous one, that one's start (`track`, `atNs`: this start). */
  readonly overRate?: { readonly landedBefore: number; readonly rateMBps: number; readonly previousStartNs?: TimeNs };
  /** For `over-concurrency`: the copies under way as this one started (`track`, at `atNs`), and the pair's concurrency. */
  readonly overConcurrency?: { readonly underWay: number; readonly concurrency: number };
  /** For `copy-while-down`: what was down. */
  readonly whileDown?: string;
  message: string;
}

/** Guarantee 7: a refused command changed its pair's state. */
export interface RejectedCommandViolation {
  readonly guarantee: 'rejected-commands-change-nothing';
  readonly command: { readonly id: number; readonly command: string; readonly target: string; readonly error: string; readonly issueNs: TimeNs; readonly completeNs: TimeNs };
  readonly change: StateChangeRecord;
  readonly previousLabel: string;
  /** When the change was made by another record of the same host request (a command lost on its way, yet carried out). */
  readonly sameRequest?: { readonly id: number; readonly effectiveNs: TimeNs };
  message: string;
}

/**
 * Guarantee 7, the rest of it: a command's outcome disagrees with DESIGN.md
 * §1's table of commands and states (see `command-table.ts`).
 * `illegal-accepted`: accepted in a state the table refuses it in;
 * `legal-refused`: refused for its pair's state, which the table allows it in;
 * `wrong-refusal`: refused for its state with the wrong code;
 * `wrong-legal-list`: a refusal named other commands as legal than the table does;
 * `message-incomplete`: a refusal whose message leaves out what its user needs: for its state, its pair, that state and the commands legal there; for std-busy, its pair, the standard and a pair in the way;
 * `std-busy-accepted` / `std-busy-refused`: a command accepted though another pair of its standard stood in its way, or refused `std-busy` though none did (see `standard-sharing.ts`);
 * `wrong-next-state`: accepted, and took its pair to another state than the table's;
 * `wrong-background-change`: a copy ending or a split settling moved its pair from, or to, a state the table does not;
 * `off-schedule`: a command reached the array, took effect or was acknowledged at another instant than the history's settings make it (see `command-timing.ts`; `before` says which instant, `expected` and `got` are ns).
 */
export interface CommandTableViolation {
  readonly guarantee: 'rejected-commands-change-nothing';
  readonly reason:
    | 'illegal-accepted'
    | 'legal-refused'
    | 'wrong-refusal'
    | 'wrong-legal-list'
    | 'message-incomplete'
    | 'std-busy-accepted'
    | 'std-busy-refused'
    | 'wrong-next-state' | 'wrong-background-change' | 'off-schedule';
  /** The command judged (absent for `wrong-background-change`). */
  readonly command?: {
    readonly id: number;
    readonly command: string;
    readonly target: string;
    readonly options: Readonly<Record<string, unknown>>;
    readonly error: string | null;
    readonly issueNs: TimeNs;
  };
  /** For `wrong-background-change`: the change. */
  readonly change?: StateChangeRecord;
  /** The pair's state (label) before; for `off-schedule`, which instant is off. */
  readonly before: string;
  readonly expected: string;
  readonly got: string;
  message: string;
}

/** An interval of time, [fromNs, toNs] (toNs Infinity: still). */
export interface Span {
  readonly fromNs: TimeNs;
  readonly toNs: TimeNs;
}

/** A pair's state over a span of time, as a verdict shows it. */
export interface StateSpan extends Span {
  readonly pair: string;
  readonly label: string;
}

/**
 * Guarantee 8: a host I/O failed with an error the model does not allow
 * then, or succeeded on a volume that did not answer at any instant of it.
 */
export interface AvailabilityViolation {
  readonly guarantee: 'availability';
  readonly op: OpRef;
  /**
   * `answered-while-hidden`: it succeeded, yet its volume answered at no instant of it;
   * `accepted-while-refusing`: a BCV write succeeded though, all through it, a protected restore refused BCV writes;
   * `error-not-allowed`: it failed with an error nothing in the history explains;
   * `landed-while-hidden`: a BCV write landed (its physical line) while the BCV did not answer;
   * `landed-while-refusing`: a BCV write landed while a protected restore refused BCV writes (`bcvWriteDuringRestore: refuse`);
   * `landed-after-answer`: a write landed (its physical line, in its volume or mirrored) after its host had the answer.
   */
  readonly reason: 'answered-while-hidden' | 'accepted-while-refusing' | 'error-not-allowed' | 'landed-while-hidden' | 'landed-while-refusing' | 'landed-after-answer';
  /** Why the error is not allowed (or what made the success wrong), for people. */
  readonly why: string;
  /** The pair states of the op's volume while it was in flight (a BCV's pair; empty for a standard). */
  readonly states: readonly StateSpan[];
  message: string;
}

/** Guarantee 9: a host I/O did not end, or ended after its bound. */
export interface IoEndViolation {
  readonly guarantee: 'every-io-ends';
  readonly op: OpRef;
  readonly reason: 'never-completed' | 'late';
  readonly boundNs: TimeNs;
  /** max(issue, load end) + bound. */
  readonly deadlineNs: TimeNs;
  readonly loadEndNs: TimeNs | null;
  /** The last instant the history covers. */
  readonly runEndNs: TimeNs;
  message: string;
}

/** Guarantee 10 (a): a read in flight when its volume stopped (or started) answering returned what it never held while it answered. */
export interface ReadAtomicityViolation {
  readonly guarantee: 'reads-atomic';
  readonly reason: 'read-across-hiding';
  readonly op: OpRef;
  /** The parts of the read's flight in which its volume answered (empty: none). */
  readonly answered: readonly Span[];
  /** The blocks whose value is allowed only outside those parts; `allowed` holds the candidates within them. */
  readonly blocks: readonly BlockMismatch[];
  readonly blocksWrong: number;
  message: string;
}

/** Guarantee 10 (b): a group command took effect for some of its members only, or a consistent split at several instants. */
export interface GroupAtomicityViolation {
  readonly guarantee: 'reads-atomic';
  readonly reason: 'group-partly-refused' | 'group-member-missing' | 'consistent-split-instants-differ';
  readonly group: string;
  readonly command: string;
  readonly issueNs: TimeNs;
  readonly members: readonly {
    readonly commandId: number;
    readonly pair: string;
    readonly error: string | null;
    readonly effectiveNs: TimeNs;
    readonly appliedNs: TimeNs;
  }[];
  /** For `group-member-missing`: the group's pairs with no record of the command. */
  readonly missing: readonly string[];
  message: string;
}

/** A block of STD when its track was marked restored, with what the reference model allows there then. */
export interface IndicatorBlock {
  readonly block: number;
  readonly held: number;
  readonly heldBy: Origin;
  readonly allowed: readonly Candidate[];
}

/** Guarantee 11: the restored indicator shrank, marked a track whose content was not the snapshot's, or was incomplete at `Restored`. */
export interface IndicatorViolation {
  readonly guarantee: 'restored-indicator';
  readonly pair: string;
  /**
   * `marked-twice`: a track marked restored again in one restore (it must have been unmarked in between);
   * `marked-outside-restore`: a track marked while its pair was not restoring;
   * `not-snapshot`: a track counted restored (marked, or from the start) whose STD content the model does not allow;
   * `incomplete-at-restored`: the pair entered `Restored` with tracks not restored;
   * `query-disagrees`: a `query` answer disagrees with the history (see `query`);
   * `copy-on-read-when-off`: a read restored a track (a copy-on-read write) although the settings turn copy-on-read off;
   * `copy-before-write-when-refused`: a BCV write restored a track (a copy-before-write write) although the settings refuse BCV writes during a protected restore;
   * `merge-of-covered-track`: a host write merged a track it covered whole (it restores it by overwriting);
   * `read-before-restored`: with copy-on-read on, a host read issued during the restore answered before `track`, which it read, was restored.
   */
  readonly reason: 'marked-twice' | 'marked-outside-restore' | 'not-snapshot' | 'incomplete-at-restored' | 'query-disagrees' | 'copy-on-read-when-off' | 'copy-before-write-when-refused' | 'merge-of-covered-track' | 'read-before-restored';
  readonly atNs: TimeNs;
  /** The restore's start (-1: none running). */
  readonly restoreNs: TimeNs;
  /** The track marked (-1 for `incomplete-at-restored`). */
  readonly track: number;
  /** Whether the track was counted restored from the restore's start (not marked). */
  readonly fromStart: boolean;
  /** For `not-snapshot`: the first wrong blocks. */
  readonly blocks: readonly IndicatorBlock[];
  readonly blocksWrong: number;
  /** For `incomplete-at-restored`: the first tracks not restored, and how many. */
  readonly tracks: readonly number[];
  readonly tracksWrong: number;
  /** For `query-disagrees`: the field answered wrong (a dotted path), its value as JSON, and what the history says it should be. */
  readonly query?: { readonly field: string; readonly answered: string; readonly expected: string };
  message: string;
}

export type Verdict =
  | ReadViolation
  | IsolationViolation
  | ConvergenceViolation
  | IncrementalViolation
  | ProgressViolation
  | RejectedCommandViolation
  | CommandTableViolation
  | DestageViolation
  | AvailabilityViolation
  | IoEndViolation
  | ReadAtomicityViolation
  | GroupAtomicityViolation
  | IndicatorViolation;

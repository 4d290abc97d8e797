import type { DriveWork } from '../devices/drive.js';
import type { StageLedger } from '../metrics/stage-ledger.js';
import type { Priority } from './director.js';

/**
 * Whom the array does a piece of work for, passed along with it through the
 * cache and the back end to the drives: its priority on directors and
 * adapters, whether it is background copy work, and — for a host I/O whose
 * latency is being broken down — its stage ledger. A host I/O is its own
 * work object only when it keeps a ledger; otherwise the shared constants
 * below serve, so that nothing is allocated for it.
 */
export interface Work extends DriveWork {
  readonly priority: Priority;
}

/** A host I/O that keeps no ledger. */
export const HOST_WORK: Work = { priority: 'host', copy: false, ledger: null };
/** Background work that is not the copy's: the destage of host writes, rebuilds, repairs. */
export const BACKGROUND_WORK: Work = { priority: 'background', copy: false, ledger: null };
/** The destage of cache slots the background copy made dirty: the copy's writes reach the drives this way. */
export const COPY_DESTAGE_WORK: Work = { priority: 'background', copy: true, ledger: null };

/** The work of a host I/O, with its ledger (or none). */
export function hostWork(ledger: StageLedger | null): Work {
  return ledger === null ? HOST_WORK : { priority: 'host', copy: false, ledger };
}

/** The work of a background copy at `priority`. */
export function copyWork(priority: Priority): Work {
  return { priority, copy: true, ledger: null };
}

/**
 * The work of one of several branches of `work` that run in parallel (tracks
 * staged at once): the same, with a ledger of its own when `work` has one.
 * Join the branch that finishes last with `joinLast`.
 */
export function branchOf(work: Work): Work {
  return work.ledger === null ? work : { priority: work.priority, copy: work.copy, ledger: work.ledger.fork() };
}

/**
 * Every branch of `work` is done, `last` the last: `work`'s ledger takes `last`'s stages since the fork.
 * Nothing to do when `last` is `work` itself (`branchOf` of work that keeps no ledger).
 */
export function joinLast(work: Work, last: Work): void {
  if (last !== work && work.ledger !== null && last.ledger !== null) work.ledger.join(last.ledger);
}

import { AssertionError } from '../engine/assert.js';
import { Fifo } from '../array/fifo.js';
import type { Work } from '../array/work.js';
import { Stage } from '../metrics/stage-ledger.js';

/** One waiting for a track's lock: whom for, and what to call once it holds it. */
interface Waiter {
  readonly holder: Work;
  readonly granted: () => void;
}

/** A held track's lock: who holds it, and who waits for it, first come first served (null until someone does). */
interface HeldLock {
  holder: Work;
  waiters: Fifo<Waiter> | null;
}

/** The stage of a host I/O waiting for a lock `holder` has: behind the copy, or behind another host I/O. */
function waitStage(holder: Work): number {
  return holder.copy ? Stage.behindCopy : Stage.trackLock;
}

/** The lock changed hands: those still waiting now wait behind the new holder (the latency breakdown's bookkeeping). */
function waitBehind(waiters: Fifo<Waiter> | null, holder: Work): void {
  if (waiters === null || waiters.size === 0) return;
  const stage = waitStage(holder);
  waiters.forEach((waiter) => waiter.holder.ledger?.enter(stage));
}

/**
 * Exclusive per-track locks of one standard volume, taken by the copy task
 * and by host I/O that must not interleave with it (a write to a track being
 * copied, a read redirected to the BCV). Waiters are served FIFO. Several
 * tracks are always taken in ascending order, so no two lockers deadlock.
 * A host I/O that waits keeps, in its stage ledger, whom it waits behind:
 * while the copy holds the track it is behind the copy, while another host
 * I/O does it is in the track-lock stage.
 */
export class TrackLocks {
  private readonly locks = new Map<number, HeldLock>();

  acquire(track: number, holder: Work, granted: () => void): void {
    const lock = this.locks.get(track);
    if (lock === undefined) {
      // Stryker disable next-line ObjectLiteral: equivalent in the gate — the holder is read only for the latency breakdown (waitStage), and the waiters start empty either way
      this.locks.set(track, { holder, waiters: null });
      granted();
      return;
    }
    (lock.waiters ??= new Fifo()).push({ holder, granted });
    holder.ledger?.enter(waitStage(lock.holder));
  }

  release(track: number): void {
    const lock = this.locks.get(track);
    if (!lock) throw new AssertionError(`release of track ${track}, which is not locked`);
    const next = lock.waiters?.shift();
    if (next === undefined) {
      this.locks.delete(track);
      return;
    }
    lock.holder = next.holder;
    waitBehind(lock.waiters, next.holder);
    next.granted();
  }

  /** Acquires tracks `[first, last]` in ascending order for `holder`, then calls `granted`. */
  acquireRange(first: number, last: number, holder: Work, granted: () => void): void {
    const step = (track: number): void => {
      if (track > last) granted();
      else this.acquire(track, holder, () => step(track + 1));
    };
    step(first);
  }

  releaseRange(first: number, last: number): void {
    for (let track = first; track <= last; track++) this.release(track);
  }
}

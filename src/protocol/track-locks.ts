import { AssertionError } from '../engine/assert.js';
import { Fifo } from '../array/fifo.js';

/**
 * Exclusive per-track locks of one standard volume, taken by the copy task
 * and by host I/O that must not interleave with it (a write to a track being
 * copied, a read redirected to the BCV). Waiters are served FIFO. Several
 * tracks are always taken in ascending order, so no two lockers deadlock.
 */
export class TrackLocks {
  private readonly waiters = new Map<number, Fifo<() => void>>();

  /** Whether `track` is held. */
  held(track: number): boolean {
    return this.waiters.has(track);
  }

  get heldCount(): number {
    return this.waiters.size;
  }

  acquire(track: number, granted: () => void): void {
    const queue = this.waiters.get(track);
    if (queue) queue.push(granted);
    else {
      this.waiters.set(track, new Fifo());
      granted();
    }
  }

  release(track: number): void {
    const queue = this.waiters.get(track);
    if (!queue) throw new AssertionError(`release of track ${track}, which is not locked`);
    const next = queue.shift();
    if (next) next();
    else this.waiters.delete(track);
  }

  /** Acquires tracks `[first, last]` in ascending order, then calls `granted`. */
  acquireRange(first: number, last: number, granted: () => void): void {
    const step = (track: number): void => {
      if (track > last) granted();
      else this.acquire(track, () => step(track + 1));
    };
    step(first);
  }

  releaseRange(first: number, last: number): void {
    for (let track = first; track <= last; track++) this.release(track);
  }
}

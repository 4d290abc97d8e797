import { AssertionError } from '../engine/assert.js';
import { Fifo } from '../array/fifo.js';
import type { Volume } from '../array/volume.js';

/**
 * The write holds of consistent splits: while a consistent split steps
 * through its pairs, new host writes to their standards wait, so that every
 * member's BCV keeps the same instant. Two consistent splits may hold one
 * standard at once (a group's and a sibling pair's own): its writes wait for
 * the last of them, or one split would let through writes the other's
 * members must not see.
 */
export class WriteHolds {
  /** Per standard held: how many splits hold it, and the writes waiting for the last to release it. */
  private readonly holds = new Map<number, { holders: number; readonly writes: Fifo<() => void> }>();

  hold(std: Volume): void {
    const held = this.holds.get(std.index);
    if (held) held.holders++;
    else this.holds.set(std.index, { holders: 1, writes: new Fifo() });
  }

  /** One split lets go of `std`; when the last does, the writes waiting on it go on, in order. */
  release(std: Volume): void {
    const held = this.holds.get(std.index);
    if (!held) throw new AssertionError(`release of ${std.name}, which no split holds`);
    if (--held.holders > 0) return;
    this.holds.delete(std.index);
    for (let resume = held.writes.shift(); resume; resume = held.writes.shift()) resume();
  }

  /** Whether new writes to this standard are held now. */
  held(volume: Volume): boolean {
    return this.holds.has(volume.index);
  }

  /** Queues a write to a held standard until the hold is released. */
  wait(volume: Volume, resume: () => void): void {
    const held = this.holds.get(volume.index);
    if (!held) throw new AssertionError(`a write waits on ${volume.name}, which no split holds`);
    held.writes.push(resume);
  }
}

import { AssertionError } from '../engine/assert.js';
import type { QueuePolicy } from './queue-policy.js';

/**
 * A drive's queue of waiting requests, ordered by a `QueuePolicy` on an
 * integer position (the cylinder, for a disk). Entries live in a ring buffer
 * kept in arrival order, so FIFO is a pop from the front and the seek-aware
 * policies scan it (queues are short: O(n) is cheaper than any index).
 * Nothing is allocated per push or pop once the buffer has grown.
 * Equal candidates are broken by arrival order, so the order is deterministic.
 *
 * Command aging, as drive firmware bounds starvation: a request that has
 * waited longer than `maxWaitNs` is served next, oldest first, whatever the
 * policy prefers. Arrival order makes the oldest the front entry, so the
 * check costs one comparison. The caller passes the time in; the queue has
 * no clock of its own.
 */
export class RequestQueue<T> {
  private items: (T | undefined)[];
  private positions: Float64Array;
  private arrivalsNs: Float64Array;
  private head = 0;
  private count = 0;
  /** Arrival time of the last push, to check that time never runs backwards. */
  private lastPushNs = Number.NEGATIVE_INFINITY;
  /** `look` sweeps upwards first, as an elevator starting at cylinder 0 would. */
  private sweepingUp = true;

  constructor(
    readonly policy: QueuePolicy,
    /** The most requests the queue may hold; exceeding it is a reported failure, never silent growth. */
    readonly capacity = 65_536,
    /** Longest a request waits before it is served next (`Infinity`: no aging). */
    readonly maxWaitNs = Number.POSITIVE_INFINITY,
  ) {
    if (!(maxWaitNs > 0)) throw new AssertionError(`request queue: maximum wait must be > 0, got ${maxWaitNs}`);
    const initial = Math.min(64, capacity);
    this.items = new Array<T | undefined>(initial).fill(undefined);
    this.positions = new Float64Array(initial);
    this.arrivalsNs = new Float64Array(initial);
  }

  get size(): number {
    return this.count;
  }

  push(item: T, position: number, nowNs: number): void {
    if (this.count >= this.capacity) {
      throw new AssertionError(`request queue full: ${this.count} requests (capacity ${this.capacity})`);
    }
    if (!(nowNs >= this.lastPushNs)) throw new AssertionError(`request queue: push at ${nowNs} after one at ${this.lastPushNs}`);
    this.lastPushNs = nowNs;
    if (this.count === this.items.length) this.grow();
    const slot = (this.head + this.count) % this.items.length;
    this.items[slot] = item;
    this.positions[slot] = position;
    this.arrivalsNs[slot] = nowNs;
    this.count++;
  }

  /** Removes and returns the request served next, given where the head is and what time it is. */
  pop(headPosition: number, nowNs: number): T | undefined {
    if (this.count === 0) return undefined;
    if (!(nowNs >= this.lastPushNs)) throw new AssertionError(`request queue: pop at ${nowNs} before a push at ${this.lastPushNs}`);
    // The front entry is the oldest: if any request is past the bound, it is.
    const overdue = nowNs - this.arrivalsNs[this.head]! > this.maxWaitNs;
    return this.removeAt(overdue ? 0 : this.pick(headPosition));
  }

  /** Logical index (0 = oldest) of the request the policy serves next. */
  private pick(headPosition: number): number {
    switch (this.policy) {
      case 'fifo':
        return 0;
      case 'sstf':
        return this.closest(headPosition);
      case 'look':
        return this.pickLook(headPosition);
      case 'clook':
        return this.pickClook(headPosition);
      default: {
        const never: never = this.policy;
        throw new AssertionError(`unknown queue policy ${String(never)}`);
      }
    }
  }

  private closest(headPosition: number): number {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.count; i++) {
      const distance = Math.abs(this.positionAt(i) - headPosition);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    return best;
  }

  private pickLook(headPosition: number): number {
    const ahead = this.nearestInDirection(headPosition, this.sweepingUp);
    if (ahead >= 0) return ahead;
    this.sweepingUp = !this.sweepingUp;
    return this.nearestInDirection(headPosition, this.sweepingUp);
  }

  private pickClook(headPosition: number): number {
    const ahead = this.nearestInDirection(headPosition, true);
    if (ahead >= 0) return ahead;
    // Nothing at or beyond the head: jump back to the lowest position.
    let best = 0;
    for (let i = 1; i < this.count; i++) if (this.positionAt(i) < this.positionAt(best)) best = i;
    return best;
  }

  /** The nearest request at or beyond the head in the given direction, or -1. */
  private nearestInDirection(headPosition: number, up: boolean): number {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.count; i++) {
      const distance = up ? this.positionAt(i) - headPosition : headPosition - this.positionAt(i);
      if (distance >= 0 && distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    return best;
  }

  private positionAt(logical: number): number {
    return this.positions[(this.head + logical) % this.items.length]!;
  }

  /** Removes the entry at a logical index, shifting the shorter side to close the gap. */
  private removeAt(logical: number): T {
    const length = this.items.length;
    const slot = (this.head + logical) % length;
    const item = this.items[slot]!;
    if (logical < this.count - 1 - logical) {
      for (let i = logical; i > 0; i--) this.moveSlot((this.head + i - 1) % length, (this.head + i) % length);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % length;
    } else {
      for (let i = logical; i < this.count - 1; i++) this.moveSlot((this.head + i + 1) % length, (this.head + i) % length);
      this.items[(this.head + this.count - 1) % length] = undefined;
    }
    this.count--;
    return item;
  }

  private moveSlot(from: number, to: number): void {
    this.items[to] = this.items[from];
    this.positions[to] = this.positions[from]!;
    this.arrivalsNs[to] = this.arrivalsNs[from]!;
  }

  private grow(): void {
    const length = this.items.length;
    const nextLength = Math.min(this.capacity, length * 2);
    const items = new Array<T | undefined>(nextLength).fill(undefined);
    const positions = new Float64Array(nextLength);
    const arrivalsNs = new Float64Array(nextLength);
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % length;
      items[i] = this.items[slot];
      positions[i] = this.positions[slot]!;
      arrivalsNs[i] = this.arrivalsNs[slot]!;
    }
    this.items = items;
    this.positions = positions;
    this.arrivalsNs = arrivalsNs;
    this.head = 0;
  }
}

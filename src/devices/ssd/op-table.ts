import { AssertionError } from '../../engine/assert.js';
import type { DriveRequest } from '../drive.js';

const NONE = -1;
const LENGTH_INITIAL = 64;

/**
 * Page operations in flight, as parallel typed arrays indexed by an op id
 * (a struct of arrays), with a free list: steady-state traffic allocates
 * nothing. `next` links an op into exactly one list at a time — the free
 * list or its flash unit's FIFO queue.
 */
export class PageOpTable {
  /** Slot of the owning request in the `RequestTable`. */
  request = new Int32Array(LENGTH_INITIAL);
  /** Flash unit (channel, die, plane) the page lives on. */
  unit = new Int32Array(LENGTH_INITIAL);
  /** Channel transfer time of the bytes this request moves to or from the page. */
  transferNs = new Int32Array(LENGTH_INITIAL);
  /** Earliest start on its unit: submission time plus the controller overhead. */
  readyNs = new Float64Array(LENGTH_INITIAL);
  /** 1 for a program (write), 0 for a read. */
  write = new Uint8Array(LENGTH_INITIAL);
  next = new Int32Array(LENGTH_INITIAL);
  private freeHead = NONE;
  private used = 0;

  constructor() {
    this.linkFree(0, LENGTH_INITIAL);
  }

  /** Makes room for `count` more allocations, so that ids taken next do not reallocate the arrays. */
  reserve(count: number): void {
    if (this.request.length - this.used >= count) return;
    let length = this.request.length;
    while (length - this.used < count) length *= 2;
    const old = this.request.length;
    this.request = grown(this.request, length);
    this.unit = grown(this.unit, length);
    this.transferNs = grown(this.transferNs, length);
    this.readyNs = grown(this.readyNs, length);
    this.write = grown(this.write, length);
    this.next = grown(this.next, length);
    this.linkFree(old, length);
  }

  alloc(): number {
    const op = this.freeHead;
    if (op === NONE) throw new AssertionError('page op table exhausted: reserve() first');
    this.freeHead = this.next[op]!;
    this.next[op] = NONE;
    this.used++;
    return op;
  }

  free(op: number): void {
    this.next[op] = this.freeHead;
    this.freeHead = op;
    this.used--;
  }

  get inUse(): number {
    return this.used;
  }

  /** Puts ids [from, to) on the free list, lowest id first out (keeps ids, and so traces, small and stable). */
  private linkFree(from: number, to: number): void {
    for (let op = to - 1; op >= from; op--) {
      this.next[op] = this.freeHead;
      this.freeHead = op;
    }
  }
}

/**
 * Host requests in flight: the request object, how many of its pages do not
 * yet know when they end, and the latest end known so far.
 */
export class RequestTable {
  private requests: (DriveRequest | undefined)[] = new Array<DriveRequest | undefined>(LENGTH_INITIAL);
  pagesLeft = new Int32Array(LENGTH_INITIAL);
  endNs = new Float64Array(LENGTH_INITIAL);
  private freeSlots = new Int32Array(LENGTH_INITIAL);
  private freeCount = 0;
  private highWater = 0;

  add(request: DriveRequest, pages: number): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount]!;
    else {
      if (this.highWater === this.requests.length) this.grow();
      slot = this.highWater++;
    }
    this.requests[slot] = request;
    this.pagesLeft[slot] = pages;
    this.endNs[slot] = 0;
    return slot;
  }

  /** Removes and returns the request in `slot`. */
  take(slot: number): DriveRequest {
    const request = this.requests[slot]!;
    this.requests[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
    return request;
  }

  private grow(): void {
    const length = this.requests.length * 2;
    this.requests.length = length;
    this.pagesLeft = grown(this.pagesLeft, length);
    this.endNs = grown(this.endNs, length);
    this.freeSlots = grown(this.freeSlots, length);
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}

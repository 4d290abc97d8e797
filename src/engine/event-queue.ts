import { assert } from './assert.js';
import type { TimeNs } from './time.js';

/** What runs when an event fires. `a` and `b` are the integers given at scheduling time. */
export type EventHandler = (a: number, b: number) => void;

/** A queued event. Entries are pooled and reused: never keep a reference to one after it fired. */
export class QueuedEvent {
  time: TimeNs = 0;
  seq = 0;
  kind = 0;
  a = 0;
  b = 0;
  handler: EventHandler | undefined = undefined;
}

/**
 * A binary min-heap of events ordered by (time, sequence): a total,
 * deterministic order in which events due at the same instant keep their
 * insertion order. Entries come from a free list, so that steady-state
 * scheduling allocates nothing.
 */
export class EventQueue {
  private readonly heap: (QueuedEvent | undefined)[] = [];
  private readonly pool: QueuedEvent[] = [];
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; only valid when `size > 0`. */
  peekTime(): TimeNs {
    return this.heap[0]!.time;
  }

  /** Whether more than one event is due at the earliest time. */
  hasTieAtTop(): boolean {
    const heap = this.heap;
    const t = heap[0]!.time;
    return (this.count > 1 && heap[1]!.time === t) || (this.count > 2 && heap[2]!.time === t);
  }

  push(time: TimeNs, kind: number, handler: EventHandler, a: number, b: number): void {
    const event = this.pool.pop() ?? new QueuedEvent();
    event.time = time;
    event.seq = this.nextSeq++;
    event.kind = kind;
    event.handler = handler;
    event.a = a;
    event.b = b;
    this.insert(event);
  }

  /** Re-inserts a popped event, keeping its sequence number (used when choosing among ties). */
  reinsert(event: QueuedEvent): void {
    this.insert(event);
  }

  /** Removes and returns the earliest event. Hand it back with `release` once fired. */
  pop(): QueuedEvent {
    assert(this.count > 0, 'pop from an empty event queue');
    const heap = this.heap;
    const top = heap[0]!;
    const last = --this.count;
    const moved = heap[last]!;
    heap[last] = undefined;
    if (last > 0) this.siftDown(moved, last);
    return top;
  }

  release(event: QueuedEvent): void {
    event.handler = undefined;
    this.pool.push(event);
  }

  private insert(event: QueuedEvent): void {
    const heap = this.heap;
    const time = event.time;
    const seq = event.seq;
    let i = this.count++;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (parent.time < time || (parent.time === time && parent.seq < seq)) break;
      heap[i] = parent;
      i = parentIndex;
    }
    heap[i] = event;
  }

  private siftDown(event: QueuedEvent, size: number): void {
    const heap = this.heap;
    const time = event.time;
    const seq = event.seq;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      let childIndex = left;
      let child = heap[left]!;
      if (left + 1 < size) {
        const right = heap[left + 1]!;
        if (right.time < child.time || (right.time === child.time && right.seq < child.seq)) {
          childIndex = left + 1;
          child = right;
        }
      }
      if (time < child.time || (time === child.time && seq < child.seq)) break;
      heap[i] = child;
      i = childIndex;
    }
    heap[i] = event;
  }
}

import { describe, expect, it } from 'vitest';
import { QUEUE_POLICIES, type QueuePolicy } from './queue-policy.js';
import { RequestQueue } from './request-queue.js';

/** Pushes `positions` (item = its arrival index) at time 0, then pops everything at `popAtNs`, the head following each pick. */
function serveOrder(policy: QueuePolicy, positions: number[], headStart: number, maxWaitNs = Number.POSITIVE_INFINITY, popAtNs = 0): number[] {
  const queue = new RequestQueue<number>(policy, 65_536, maxWaitNs);
  positions.forEach((position, i) => queue.push(i, position, 0));
  const order: number[] = [];
  let head = headStart;
  for (let item = queue.pop(head, popAtNs); item !== undefined; item = queue.pop(head, popAtNs)) {
    order.push(item);
    head = positions[item]!;
  }
  return order;
}

const positions = [50, 10, 90, 55, 20, 70];

describe('RequestQueue', () => {
  it('fifo serves in arrival order', () => {
    expect(serveOrder('fifo', positions, 60)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('sstf serves the closest position first, ties by arrival', () => {
    expect(serveOrder('sstf', positions, 60).map((i) => positions[i])).toEqual([55, 50, 70, 90, 20, 10]);
    expect(serveOrder('sstf', [40, 60, 40], 50)).toEqual([0, 2, 1]);
  });

  it('look sweeps up to the last request, then down', () => {
    expect(serveOrder('look', positions, 52).map((i) => positions[i])).toEqual([55, 70, 90, 50, 20, 10]);
  });

  it('clook sweeps up, then jumps back to the lowest request', () => {
    expect(serveOrder('clook', positions, 52).map((i) => positions[i])).toEqual([55, 70, 90, 10, 20, 50]);
  });

  it('requests at the head position are served before moving on', () => {
    expect(serveOrder('look', [30, 30, 29], 30)).toEqual([0, 1, 2]);
    expect(serveOrder('clook', [31, 30, 29], 30)).toEqual([1, 0, 2]);
  });

  it('keeps order across wrap-around and growth, and refuses to exceed its capacity', () => {
    const queue = new RequestQueue<number>('fifo', 200);
    for (let i = 0; i < 50; i++) queue.push(i, i, 0);
    for (let i = 0; i < 30; i++) expect(queue.pop(0, 0)).toBe(i);
    for (let i = 50; i < 200 + 30; i++) queue.push(i, i, 0);
    expect(queue.size).toBe(200);
    expect(() => queue.push(999, 0, 0)).toThrow(/queue full/);
    for (let i = 30; i < 230; i++) expect(queue.pop(0, 0)).toBe(i);
    expect(queue.pop(0, 0)).toBeUndefined();
  });

  it('removes from the middle without losing or reordering the others', () => {
    const queue = new RequestQueue<number>('sstf');
    [100, 5, 200, 6, 300, 7].forEach((p, i) => queue.push(i, p, 0));
    expect(queue.pop(6, 0)).toBe(3);
    expect(queue.pop(1000, 0)).toBe(4);
    const rest: number[] = [];
    for (let item = queue.pop(0, 0); item !== undefined; item = queue.pop(0, 0)) rest.push(item);
    expect(rest).toEqual([1, 5, 0, 2]);
  });

  it('refuses time running backwards', () => {
    const queue = new RequestQueue<number>('look', 10, 100);
    queue.push(0, 5, 50);
    expect(() => queue.push(1, 5, 40)).toThrow(/after one at 50/);
    expect(() => queue.pop(0, 10)).toThrow(/before a push/);
    expect(() => new RequestQueue<number>('look', 10, 0)).toThrow(/maximum wait/);
  });
});

describe('RequestQueue aging', () => {
  it('leaves every policy’s order unchanged while no request is older than the bound', () => {
    // Many random queues, popped just at the bound (not past it): the same order as with no aging at all.
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const policy of QUEUE_POLICIES) {
      for (let trial = 0; trial < 50; trial++) {
        const queued = Array.from({ length: 1 + next(30) }, () => next(1000));
        const head = next(1000);
        expect(serveOrder(policy, queued, head, 1_000, 1_000)).toEqual(serveOrder(policy, queued, head));
      }
    }
  });

  it('serves an overdue request next, oldest first; fifo is unaffected', () => {
    const queue = new RequestQueue<string>('sstf', 10, 100);
    queue.push('far', 900, 0);
    queue.push('far later', 950, 60);
    queue.push('near', 5, 70);
    queue.push('near too', 6, 70);
    // At 120 only the first is past the bound; at 150 the second is not yet, at 170 it is.
    expect(queue.pop(0, 120)).toBe('far');
    expect(queue.pop(0, 150)).toBe('near');
    expect(queue.pop(5, 170)).toBe('far later');
    expect(queue.pop(950, 170)).toBe('near too');
    expect(serveOrder('fifo', positions, 60, 1, 1_000)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('after an overdue request, the policy resumes from where the head went', () => {
    // LOOK sweeping up from 52 would serve 55 first; 10 is overdue, so it goes first, then the sweep goes on up from there.
    const queue = new RequestQueue<number>('look', 10, 100);
    queue.push(10, 10, 0);
    queue.push(55, 55, 150);
    queue.push(20, 20, 150);
    expect(queue.pop(52, 200)).toBe(10);
    expect(queue.pop(10, 200)).toBe(20);
    expect(queue.pop(20, 200)).toBe(55);
  });
});

import { describe, expect, it } from 'vitest';
import type { QueuePolicy } from './queue-policy.js';
import { RequestQueue } from './request-queue.js';

/** Pushes `positions` (item = its arrival index), then pops everything, the head following each pick. */
function serveOrder(policy: QueuePolicy, positions: number[], headStart: number): number[] {
  const queue = new RequestQueue<number>(policy);
  positions.forEach((position, i) => queue.push(i, position));
  const order: number[] = [];
  let head = headStart;
  for (let item = queue.pop(head); item !== undefined; item = queue.pop(head)) {
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
    for (let i = 0; i < 50; i++) queue.push(i, i);
    for (let i = 0; i < 30; i++) expect(queue.pop(0)).toBe(i);
    for (let i = 50; i < 200 + 30; i++) queue.push(i, i);
    expect(queue.size).toBe(200);
    expect(() => queue.push(999, 0)).toThrow(/queue full/);
    for (let i = 30; i < 230; i++) expect(queue.pop(0)).toBe(i);
    expect(queue.pop(0)).toBeUndefined();
  });

  it('removes from the middle without losing or reordering the others', () => {
    const queue = new RequestQueue<number>('sstf');
    [100, 5, 200, 6, 300, 7].forEach((p, i) => queue.push(i, p));
    expect(queue.pop(6)).toBe(3);
    expect(queue.pop(1000)).toBe(4);
    const rest: number[] = [];
    for (let item = queue.pop(0); item !== undefined; item = queue.pop(0)) rest.push(item);
    expect(rest).toEqual([1, 5, 0, 2]);
  });
});

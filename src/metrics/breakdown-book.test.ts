import { describe, expect, it } from 'vitest';
import { BreakdownBook } from './breakdown-book.js';
import { Stage, StageLedger } from './stage-ledger.js';

class Clock {
  now = 0;
}

/** Records an I/O issued at `issueNs` that spent `queueNs` in the drive queue and the rest in the drive's service, completing at `completeNs`. */
function recordIo(book: BreakdownBook, clock: Clock, host: number, issueNs: number, queueNs: number, completeNs: number): void {
  clock.now = issueNs + queueNs;
  const ledger = new StageLedger(clock, issueNs, Stage.driveQueue);
  ledger.enter(Stage.driveService);
  clock.now = completeNs;
  book.record(host, -1, completeNs, completeNs - issueNs, ledger);
}

describe('BreakdownBook', () => {
  it('refuses an I/O whose stages do not add up to its latency', () => {
    const clock = new Clock();
    const book = new BreakdownBook();
    clock.now = 100;
    const ledger = new StageLedger(clock, 0, Stage.cache);
    expect(() => book.record(book.hostIndex('h'), 7, 100, 101, ledger)).toThrow(/host I\/O 7: its stages add up to 100 ns, not to its latency of 101 ns/);
  });

  it('means per stage over every I/O; shares of the slowest 1 % (at least one) for the tail', () => {
    const clock = new Clock();
    const book = new BreakdownBook();
    const a = book.hostIndex('a');
    const b = book.hostIndex('b');
    // 200 I/Os of host a: 198 of 10 µs (no queue), two slow ones of 1 ms, mostly queueing.
    for (let i = 0; i < 198; i++) recordIo(book, clock, a, 1_000_000 * i, 0, 1_000_000 * i + 10_000);
    recordIo(book, clock, a, 300_000_000, 900_000, 301_000_000);
    recordIo(book, clock, a, 400_000_000, 700_000, 401_000_000);
    recordIo(book, clock, b, 500_000_000, 0, 500_020_000);
    const summary = book.summarize({ startNs: 0, endNs: 1e9, host: a })!;
    expect(summary.ios).toBe(200);
    expect(summary.meanNs.driveQueue).toBeCloseTo(1_600_000 / 200, 9);
    expect(summary.meanNs.driveService).toBeCloseTo((198 * 10_000 + 400_000) / 200, 9);
    expect(summary.tail.ios).toBe(2);
    expect(summary.tail.minLatencyNs).toBe(1_000_000);
    expect(summary.tail.share.driveQueue).toBeCloseTo(0.8, 12);
    expect(summary.tail.share.driveService).toBeCloseTo(0.2, 12);
    expect(book.summarize({ startNs: 0, endNs: 1e9, host: -1 })!.ios).toBe(201);
    expect(book.summarize({ startNs: 0, endNs: 301_000_000, host: a })!.tail.minLatencyNs).toBe(10_000);
    expect(book.summarize({ startNs: 0, endNs: 1, host: a })).toBeNull();
  });

  it('takes the earlier completions among equally slow I/Os: the tail is the same on every run', () => {
    const clock = new Clock();
    const book = new BreakdownBook();
    const h = book.hostIndex('h');
    // 200 I/Os of 10 µs each: the tail is two of them, the first two to complete (their 7 µs of queueing tells them apart).
    for (let i = 0; i < 200; i++) recordIo(book, clock, h, 1_000_000 * i, i < 2 || i >= 198 ? 7_000 : 0, 1_000_000 * i + 10_000);
    const { tail } = book.summarize({ startNs: 0, endNs: 1e9, host: h })!;
    expect(tail.ios).toBe(2);
    expect(tail.share.driveQueue).toBeCloseTo(0.7, 12);
    const later = book.summarize({ startNs: 2_000_000, endNs: 1e9, host: h })!;
    expect(later.tail.share.driveQueue).toBe(0); // from the third I/O on: the two with queueing complete last
  });

  it('grows past its first capacity without losing an entry', () => {
    const clock = new Clock();
    const book = new BreakdownBook();
    const h = book.hostIndex('h');
    for (let i = 0; i < 5000; i++) recordIo(book, clock, h, 10 * i, i % 3, 10 * i + 5);
    expect(book.count).toBe(5000);
    expect(book.entry(4999)).toMatchObject({ host: 'h', completeNs: 49_995, latencyNs: 5 });
    expect(book.entry(4999).stageNs[Stage.driveQueue]).toBe(4999 % 3);
  });
});

import { describe, expect, it } from 'vitest';
import { Simulator } from '../../engine/simulator.js';
import type { QueuePolicy } from '../queue-policy.js';
import { CHEETAH_15K5 } from './defaults.js';
import { Hdd } from './hdd.js';

const MS = 1_000_000;
/** A service on the default drive never takes this long (full-stroke seek 7 ms, a revolution 4 ms, a 64 KiB transfer). */
const SERVICE_BOUND_NS = 15 * MS;

interface Outcome {
  readonly loneResponseNs: number;
  readonly loneDoneNs: number;
  readonly streamDoneNs: number;
}

/**
 * A sequential stream keeps four 64 KiB reads queued just ahead of the head;
 * 1 ms in, one read arrives for the start of the drive, behind the head.
 */
function streamPlusLone(policy: QueuePolicy, maxWaitNs: number): Outcome {
  const sim = new Simulator({ seed: 1 });
  const drive = new Hdd(sim, { ...CHEETAH_15K5, queuePolicy: policy, maxWaitNs });
  const kind = sim.kind('test.lone');
  const streamStart = 300_000_000;
  const streamRequests = 4_000;
  let issued = 0;
  let streamDoneNs = 0;
  let loneDoneNs = 0;
  const issueNext = (): void => {
    const sector = streamStart + 128 * issued++;
    drive.submit({
      sector,
      sectors: 128,
      write: false,
      done: () => {
        streamDoneNs = sim.now;
        if (issued < streamRequests) issueNext();
      },
    });
  };
  for (let i = 0; i < 4; i++) issueNext();
  const loneAtNs = 1 * MS;
  sim.at(loneAtNs, kind, () => drive.submit({ sector: 1_000, sectors: 8, write: false, done: () => (loneDoneNs = sim.now) }));
  sim.run();
  return { loneResponseNs: loneDoneNs - loneAtNs, loneDoneNs, streamDoneNs };
}

describe('Hdd command aging', () => {
  for (const policy of ['look', 'clook', 'sstf'] as const) {
    it(`${policy}: without aging the request behind the head waits for the stream; with it, at most the bound and a service or two`, () => {
      const starved = streamPlusLone(policy, Number.POSITIVE_INFINITY);
      expect(starved.streamDoneNs).toBeGreaterThan(1_000 * MS);
      expect(starved.loneDoneNs).toBeGreaterThan(starved.streamDoneNs);

      const aged = streamPlusLone(policy, CHEETAH_15K5.maxWaitNs);
      // Served once overdue: after the service in progress then, plus its own.
      expect(aged.loneResponseNs).toBeGreaterThan(CHEETAH_15K5.maxWaitNs);
      expect(aged.loneResponseNs).toBeLessThan(CHEETAH_15K5.maxWaitNs + 2 * SERVICE_BOUND_NS);
      expect(aged.loneDoneNs).toBeLessThan(aged.streamDoneNs);
    });
  }

  it('fifo needs no aging: the request is served in its turn', () => {
    const fifo = streamPlusLone('fifo', Number.POSITIVE_INFINITY);
    expect(fifo.loneResponseNs).toBeLessThan(5 * SERVICE_BOUND_NS);
  });
});

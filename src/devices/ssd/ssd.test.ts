import { describe, expect, it } from 'vitest';
import { Simulator } from '../../engine/simulator.js';
import type { SsdOptions } from './ssd-config.js';
import { Ssd } from './ssd.js';

/** Round figures, so that every expected time below is exact integer arithmetic. */
const SMALL: SsdOptions = {
  name: 'ssd',
  channels: 2,
  diesPerChannel: 2,
  pageBytes: 4_096,
  readNs: 50_000,
  programNs: 500_000,
  channelMBps: 800, // 4 KiB in 5 120 ns
  overheadNs: 3_000,
};
const PAGE_TRANSFER_NS = 5_120;
const PAGE_SECTORS = 8;

interface Probe {
  readonly sim: Simulator;
  readonly ssd: Ssd;
  /** Submits at the current instant; the returned array receives the completion time. */
  submit(page: number, pages: number, write: boolean): number[];
}

function probe(options: SsdOptions = SMALL): Probe {
  const sim = new Simulator({ seed: 1 });
  const ssd = new Ssd(sim, options);
  return {
    sim,
    ssd,
    submit(page, pages, write) {
      const doneNs: number[] = [];
      ssd.submit({ sector: page * PAGE_SECTORS, sectors: pages * PAGE_SECTORS, write, done: (error) => {
        expect(error).toBeNull();
        doneNs.push(sim.now);
      } });
      return doneNs;
    },
  };
}

describe('Ssd latency on an idle drive (closed forms)', () => {
  it('one read takes overhead + tR + transfer, exactly', () => {
    const { sim, submit } = probe();
    const done = submit(5, 1, false);
    sim.run();
    expect(done).toEqual([3_000 + 50_000 + PAGE_TRANSFER_NS]);
  });

  it('one write takes overhead + transfer + tPROG, exactly', () => {
    const { sim, submit } = probe();
    const done = submit(5, 1, true);
    sim.run();
    expect(done).toEqual([3_000 + PAGE_TRANSFER_NS + 500_000]);
  });

  it('a read of part of a page moves only the bytes asked for, but pays the whole tR', () => {
    const { sim, ssd } = probe({ ...SMALL, pageBytes: 16_384 });
    let doneNs = -1;
    ssd.submit({ sector: 8, sectors: 8, write: false, done: () => (doneNs = sim.now) });
    sim.run();
    expect(doneNs).toBe(3_000 + 50_000 + PAGE_TRANSFER_NS);
  });

  it('pages stripe channel first: four pages on 2 × 2 read in parallel, two transfers per channel', () => {
    const { sim, ssd, submit } = probe();
    expect([0, 1, 2, 3].map((page) => ssd.unitOf(page))).toEqual([0, 2, 1, 3]);
    const done = submit(0, 4, false);
    sim.run();
    expect(done).toEqual([3_000 + 50_000 + 2 * PAGE_TRANSFER_NS]);
  });

  it('a request ends with its slowest page, not with the last one to learn its end', () => {
    const { sim, ssd } = probe({ ...SMALL, channels: 4, diesPerChannel: 1 });
    let doneNs = -1;
    // Half of page 0, all of page 1, half of page 2: the three tR end together, page 2 books its channel last.
    ssd.submit({ sector: 4, sectors: 16, write: false, done: () => (doneNs = sim.now) });
    sim.run();
    expect(doneNs).toBe(3_000 + 50_000 + PAGE_TRANSFER_NS);
  });

  it('with planes, striping goes channel, then die, then plane', () => {
    const ssd = new Ssd(new Simulator({ seed: 1 }), { ...SMALL, planesPerDie: 2 });
    // unit = (channel × dies + die) × planes + plane
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((page) => ssd.unitOf(page))).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
  });

  it('a die serves one page at a time, in arrival order', () => {
    const { sim, submit } = probe();
    const first = submit(0, 1, false);
    const second = submit(4, 1, true); // page 4 is on the same die as page 0
    const third = submit(0, 1, false);
    sim.run();
    const firstNs = 3_000 + 50_000 + PAGE_TRANSFER_NS;
    const secondNs = firstNs + PAGE_TRANSFER_NS + 500_000;
    expect([first[0], second[0], third[0]]).toEqual([firstNs, secondNs, secondNs + 50_000 + PAGE_TRANSFER_NS]);
  });

  it('dies on one channel read in parallel but take turns on the bus, first asked first served', () => {
    const { sim, submit } = probe();
    const onDie0 = submit(0, 1, false);
    const onDie1 = submit(2, 1, false);
    sim.run();
    expect([onDie0[0], onDie1[0]]).toEqual([58_120, 58_120 + PAGE_TRANSFER_NS]);
  });

  it('a write waits for a busy channel before it programs', () => {
    const { sim, submit } = probe();
    const read = submit(0, 1, false); // channel 0 busy over [53 000, 58 120)
    const kind = sim.kind('later');
    let write: number[] = [];
    sim.at(50_000 + 1_000, kind, () => (write = submit(2, 1, true))); // ready at 54 000, same channel
    sim.run();
    expect(read).toEqual([58_120]);
    expect(write).toEqual([58_120 + PAGE_TRANSFER_NS + 500_000]);
  });
});

describe('Ssd bookkeeping', () => {
  it('counts outstanding requests and the time at least one was', () => {
    const { sim, ssd, submit } = probe();
    const kind = sim.kind('probe');
    submit(0, 1, false);
    submit(1, 1, false);
    expect(ssd.outstanding).toBe(2);
    sim.at(100_000, kind, () => submit(0, 1, false));
    sim.at(100_001, kind, () => expect(ssd.outstanding).toBe(1));
    sim.run();
    expect(ssd.outstanding).toBe(0);
    expect(ssd.busyNs()).toBe(2 * 58_120);
  });

  it('never calls done from inside submit, even with zero latencies, and allows submitting from done', () => {
    const { sim, ssd } = probe({ ...SMALL, readNs: 0, overheadNs: 0 });
    let left = 10_000;
    let inside = false;
    const again = (): void => {
      expect(inside).toBe(false);
      if (--left === 0) return;
      inside = true;
      ssd.submit({ sector: (left % 64) * PAGE_SECTORS, sectors: PAGE_SECTORS, write: left % 3 === 0, done: again });
      inside = false;
    };
    ssd.submit({ sector: 0, sectors: PAGE_SECTORS, write: false, done: again });
    sim.run();
    expect(left).toBe(0);
    expect(ssd.outstanding).toBe(0);
  });

  it('refuses requests outside the drive or beyond its bound, and bad configurations', () => {
    const { ssd } = probe({ ...SMALL, capacitySectors: 64, outstandingMax: 1 });
    const done = (): void => undefined;
    expect(() => ssd.submit({ sector: 60, sectors: 8, write: false, done })).toThrow(/outside/);
    expect(() => ssd.submit({ sector: 0, sectors: 0, write: false, done })).toThrow(/outside/);
    expect(() => ssd.submit({ sector: 0.5, sectors: 1, write: false, done })).toThrow(/outside/);
    ssd.submit({ sector: 0, sectors: 8, write: false, done });
    expect(() => ssd.submit({ sector: 0, sectors: 8, write: false, done })).toThrow(/more than 1/);
    const sim = new Simulator({ seed: 1 });
    expect(() => new Ssd(sim, { name: 'x', channels: 0 })).toThrow(/channels/);
    expect(() => new Ssd(sim, { name: 'x', pageBytes: 1_000 })).toThrow(/pageBytes/);
    expect(() => new Ssd(sim, { name: 'x', readNs: 1.5 })).toThrow(/readNs/);
    expect(() => new Ssd(sim, { name: 'x', channelMBps: 0 })).toThrow(/channelMBps/);
  });
});

describe('Ssd determinism', () => {
  /** A random mix of sizes, offsets, reads and writes, arriving at random times. */
  function run(seed: number): { doneNs: number[]; hash: string } {
    const sim = new Simulator({ seed });
    const ssd = new Ssd(sim, { name: 'ssd' });
    const rng = sim.rng.stream('workload');
    const kind = sim.kind('arrival');
    const doneNs: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      sim.at(rng.int(20_000_000), kind, () => {
        const sectors = 1 + rng.int(256);
        const sector = rng.int(ssd.capacitySectors - sectors);
        ssd.submit({ sector, sectors, write: rng.chance(0.3), done: () => doneNs.push(sim.now) });
      });
    }
    sim.run();
    return { doneNs, hash: sim.trace.hash() };
  }

  it('same seed ⇒ same completion times and trace; another seed ⇒ different ones', () => {
    const first = run(21);
    expect(first.doneNs).toHaveLength(5_000);
    expect(run(21)).toEqual(first);
    expect(run(22).doneNs).not.toEqual(first.doneNs);
  });
});

import { describe, expect, it } from 'vitest';
import { ListChooser } from './choices.js';
import { RngStreams } from './rng.js';
import { Simulator } from './simulator.js';

function tickingRun(seed: number, actors: number): { hash: string; order: number[] } {
  const sim = new Simulator({ seed });
  const kind = sim.kind('tick');
  const rng = sim.rng.stream('delays');
  const order: number[] = [];
  let left = 2_000;
  const tick = (actor: number) => {
    order.push(actor);
    if (left-- > 0) sim.after(rng.int(50), kind, tick, actor);
  };
  for (let actor = 0; actor < actors; actor++) sim.at(0, kind, tick, actor);
  sim.run();
  return { hash: sim.trace.hash(), order };
}

describe('Simulator', () => {
  it('fires events in time order, ties in insertion order', () => {
    const sim = new Simulator({ seed: 1 });
    const kind = sim.kind('e');
    const fired: string[] = [];
    sim.at(20, kind, () => fired.push('c'));
    sim.at(10, kind, () => fired.push('a'));
    sim.at(10, kind, () => fired.push('b'));
    sim.at(10, kind, () => {
      fired.push('b2');
      sim.after(0, kind, () => fired.push('b3'));
    });
    sim.run();
    expect(fired).toEqual(['a', 'b', 'b2', 'b3', 'c']);
    expect(sim.now).toBe(20);
  });

  it('orders thousands of random events exactly like a stable sort by time', () => {
    const sim = new Simulator({ seed: 2 });
    const kind = sim.kind('e');
    const rng = sim.rng.stream('times');
    const scheduled: { time: number; id: number }[] = [];
    const fired: number[] = [];
    for (let id = 0; id < 5_000; id++) {
      const time = rng.int(300);
      scheduled.push({ time, id });
      sim.at(time, kind, (a) => fired.push(a), id);
    }
    sim.run();
    const expected = [...scheduled].sort((x, y) => x.time - y.time || x.id - y.id).map((e) => e.id);
    expect(fired).toEqual(expected);
  });

  it('same seed gives the same trace hash; another seed a different one', () => {
    const first = tickingRun(7, 10);
    expect(tickingRun(7, 10).hash).toBe(first.hash);
    expect(tickingRun(8, 10).hash).not.toBe(first.hash);
  });

  it('a chooser reorders events due at the same instant, and only those', () => {
    const run = (chooser?: ListChooser) => {
      const sim = new Simulator({ seed: 1, chooser });
      const kind = sim.kind('e');
      const fired: number[] = [];
      for (let id = 0; id < 3; id++) sim.at(5, kind, (a) => fired.push(a), id);
      sim.at(1, kind, (a) => fired.push(a), 9);
      sim.run();
      return fired;
    };
    expect(run()).toEqual([9, 0, 1, 2]);
    expect(run(new ListChooser([2, 1]))).toEqual([9, 2, 1, 0]);
  });

  it('stops at the time limit and at the event budget', () => {
    const sim = new Simulator({ seed: 1 });
    const kind = sim.kind('e');
    const again = () => sim.after(10, kind, again);
    sim.at(0, kind, again);
    expect(sim.run({ untilNs: 95 })).toEqual({ reason: 'until', events: 10 });
    expect(sim.now).toBe(95);
    expect(sim.run({ maxEvents: 3 }).reason).toBe('budget');
  });

  it('refuses events in the past and fractional times', () => {
    const sim = new Simulator({ seed: 1 });
    const kind = sim.kind('e');
    sim.at(10, kind, () => undefined);
    sim.run();
    expect(() => sim.at(5, kind, () => undefined)).toThrow(/not an integer ≥ now/);
    expect(() => sim.at(10.5, kind, () => undefined)).toThrow(/not an integer/);
  });
});

describe('RngStreams', () => {
  it('a named stream draws the same numbers whatever other streams exist', () => {
    const alone = new RngStreams(42).stream('drive:d0');
    const crowded = new RngStreams(42);
    crowded.stream('host:h1');
    const host2 = crowded.stream('host:h2');
    host2.next();
    const drive = crowded.stream('drive:d0');
    const a = Array.from({ length: 100 }, () => alone.next());
    const b = Array.from({ length: 100 }, () => drive.next());
    expect(b).toEqual(a);
  });

  it('different seeds and names give different streams', () => {
    const x = new RngStreams(1).stream('a').next();
    expect(new RngStreams(2).stream('a').next()).not.toBe(x);
    expect(new RngStreams(1).stream('b').next()).not.toBe(x);
  });

  it('refuses to hand out the same stream twice', () => {
    const streams = new RngStreams(1);
    streams.stream('a');
    expect(() => streams.stream('a')).toThrow(/taken twice/);
  });

  it('exponential draws have the requested mean', () => {
    const rng = new RngStreams(3).stream('exp');
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) sum += rng.exponential(5);
    expect(sum / n).toBeGreaterThan(4.95);
    expect(sum / n).toBeLessThan(5.05);
  });
});

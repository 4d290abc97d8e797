import { describe, expect, it } from 'vitest';
import { Simulator } from '../engine/simulator.js';
import { NS_PER_MS, NS_PER_S, NS_PER_US } from '../engine/time.js';
import { FixedDelayPort } from './fixed-delay-port.js';
import { HostDriver } from './host-driver.js';
import type { IoPort, IoRequest } from './io.js';
import type { ArrivalSpec, PhaseSpec, SyntheticWorkloadSpec } from './spec.js';

interface Submission {
  readonly t: number;
  readonly request: IoRequest;
  readonly inFlight: number;
  readonly issuing: boolean;
}

function spec(arrival: ArrivalSpec, extra: Partial<SyntheticWorkloadSpec> = {}): SyntheticWorkloadSpec {
  return {
    kind: 'synthetic',
    volumes: [{ volume: 0, sizeBlocks: 1 << 20, blocksPerTrack: 16 }],
    address: { kind: 'uniform' },
    readFraction: 0.5,
    size: { kind: 'fixed', blocks: 1 },
    arrival,
    ...extra,
  };
}

function setUp(options: { seed?: number; delayNs: number; workload: SyntheticWorkloadSpec; onDrained?: (nowNs: number) => void }) {
  const sim = new Simulator({ seed: options.seed ?? 1 });
  const submissions: Submission[] = [];
  let driver: HostDriver | undefined;
  const port = new FixedDelayPort(sim, options.delayNs, (request, t) => submissions.push({ t, request, inFlight: driver!.inFlight, issuing: driver!.issuing }));
  const onDrained = () => options.onDrained?.(sim.now);
  driver = new HostDriver({ sim, host: 'h', workload: options.workload, port, onDrained });
  return { sim, driver, submissions };
}

function gapsOf(submissions: readonly Submission[]): number[] {
  return submissions.slice(1).map((s, i) => s.t - submissions[i]!.t);
}

function meanAndCv(xs: readonly number[]): { mean: number; cv: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, cv: Math.sqrt(variance) / mean };
}

describe('open loop', () => {
  it('issues Poisson arrivals: the requested rate, exponential gaps (mean 1/λ, CV 1, P(gap > mean) = 1/e)', () => {
    const rateIops = 100_000;
    const { sim, driver, submissions } = setUp({ delayNs: 50 * NS_PER_US, workload: spec({ kind: 'open', rateIops }) });
    driver.start();
    sim.run({ untilNs: 2 * NS_PER_S });
    const expected = rateIops * 2;
    expect(Math.abs(submissions.length - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const gaps = gapsOf(submissions);
    const { mean, cv } = meanAndCv(gaps);
    const meanNs = NS_PER_S / rateIops;
    expect(Math.abs(mean - meanNs)).toBeLessThan((4 * meanNs) / Math.sqrt(gaps.length));
    expect(Math.abs(cv - 1)).toBeLessThan(4 * Math.sqrt(2 / gaps.length));
    const above = gaps.filter((g) => g > meanNs).length / gaps.length;
    expect(Math.abs(above - Math.exp(-1))).toBeLessThan(0.005);
    const aboveThree = gaps.filter((g) => g > 3 * meanNs).length / gaps.length;
    expect(Math.abs(aboveThree - Math.exp(-3))).toBeLessThan(0.003);
  });

  it('does not wait for completions: the rate holds whatever the latency', () => {
    const { sim, driver, submissions } = setUp({ delayNs: 10 * NS_PER_MS, workload: spec({ kind: 'open', rateIops: 10_000 }) });
    driver.start();
    sim.run({ untilNs: NS_PER_S });
    expect(Math.abs(submissions.length - 10_000)).toBeLessThan(400);
    expect(Math.max(...submissions.map((s) => s.inFlight))).toBeGreaterThan(80);
  });
});

describe('closed loop', () => {
  it('keeps exactly queueDepth I/Os outstanding: throughput = QD / latency', () => {
    const queueDepth = 8;
    const delayNs = 100 * NS_PER_US;
    const { sim, driver, submissions } = setUp({ delayNs, workload: spec({ kind: 'closed', queueDepth }) });
    const probe = sim.kind('probe');
    const outstanding: number[] = [];
    const sample = () => {
      outstanding.push(driver.inFlight);
      if (sim.now < NS_PER_S) sim.after(7 * NS_PER_US + 1, probe, sample);
    };
    sim.at(1, probe, sample);
    driver.start();
    sim.run({ untilNs: NS_PER_S });
    expect(new Set(outstanding)).toEqual(new Set([queueDepth]));
    expect(submissions.slice(queueDepth).every((s) => s.inFlight === queueDepth)).toBe(true);
    const throughputIops = driver.completed; // over exactly one second
    expect(Math.abs(throughputIops - (queueDepth * NS_PER_S) / delayNs)).toBeLessThanOrEqual(queueDepth);
  });

  it('with a think time: throughput = QD / (latency + mean think)', () => {
    const queueDepth = 8;
    const think = { kind: 'exponential', meanNs: 50 * NS_PER_US } as const;
    const { sim, driver } = setUp({ delayNs: 100 * NS_PER_US, workload: spec({ kind: 'closed', queueDepth, think }) });
    driver.start();
    sim.run({ untilNs: 2 * NS_PER_S });
    const expected = (queueDepth * 2 * NS_PER_S) / (150 * NS_PER_US);
    expect(Math.abs(driver.completed / expected - 1)).toBeLessThan(0.01);
    expect(driver.inFlight).toBeLessThanOrEqual(queueDepth);
  });

  it('survives a port that completes inside submit, and stops at the limit', () => {
    let drained = 0;
    const { sim, driver } = setUp({
      delayNs: 0,
      workload: spec({ kind: 'closed', queueDepth: 4 }, { limitIos: 200_000 }),
      onDrained: () => drained++,
    });
    driver.start();
    sim.run();
    expect(driver.issued).toBe(200_000);
    expect(driver.completed).toBe(200_000);
    expect(drained).toBe(1);
  });

  it('reports a zero-latency closed loop with no think time as a livelock instead of hanging', () => {
    const { driver } = setUp({ delayNs: 0, workload: spec({ kind: 'closed', queueDepth: 2 }) });
    expect(() => driver.start()).toThrow(/needs a think time/);
  });
});

describe('on/off phases', () => {
  const fixedPhases: PhaseSpec = { on: { kind: 'fixed', ns: 10 * NS_PER_MS }, off: { kind: 'fixed', ns: 30 * NS_PER_MS } };

  it('issue nothing in off phases; the long-run rate is rate × on fraction (fixed phases)', () => {
    const rateIops = 50_000;
    const { sim, driver, submissions } = setUp({ delayNs: NS_PER_MS, workload: spec({ kind: 'open', rateIops }, { phases: fixedPhases }) });
    driver.start();
    sim.run({ untilNs: 4 * NS_PER_S });
    expect(submissions.every((s) => s.t % (40 * NS_PER_MS) <= 10 * NS_PER_MS)).toBe(true);
    const expected = rateIops * 0.25 * 4;
    expect(Math.abs(submissions.length - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });

  it('long-run rate = rate × E[on] / (E[on] + E[off]) with exponential phases', () => {
    const rateIops = 50_000;
    const phases: PhaseSpec = { on: { kind: 'exponential', meanNs: NS_PER_MS }, off: { kind: 'exponential', meanNs: 3 * NS_PER_MS } };
    const { sim, driver, submissions } = setUp({ delayNs: 100 * NS_PER_US, workload: spec({ kind: 'open', rateIops }, { phases }) });
    driver.start();
    sim.run({ untilNs: 20 * NS_PER_S });
    expect(submissions.every((s) => s.issuing)).toBe(true);
    const expected = rateIops * 0.25 * 20;
    expect(Math.abs(submissions.length / expected - 1)).toBeLessThan(0.06); // ≈ 4 standard errors over 5 000 cycles
  });

  it('pause a closed loop: in-flight I/Os finish in the off phase, the queue refills when it ends', () => {
    const phases: PhaseSpec = { on: { kind: 'fixed', ns: 5 * NS_PER_MS }, off: { kind: 'fixed', ns: 5 * NS_PER_MS } };
    const { sim, driver, submissions } = setUp({ delayNs: NS_PER_MS, workload: spec({ kind: 'closed', queueDepth: 4 }, { phases }) });
    const probe = sim.kind('probe');
    const inOff: number[] = [];
    sim.at(9 * NS_PER_MS, probe, () => inOff.push(driver.inFlight)); // 4 ms into the first off phase
    driver.start();
    sim.run({ untilNs: 99 * NS_PER_MS });
    expect(submissions.every((s) => s.t % (10 * NS_PER_MS) < 5 * NS_PER_MS)).toBe(true);
    expect(inOff).toEqual([0]);
    expect(submissions.filter((s) => s.t === 10 * NS_PER_MS)).toHaveLength(4);
    // 10 on phases × 5 rounds (at 0, 1, … 4 ms into the phase; the last completes as the off phase begins) × QD 4
    expect(driver.issued).toBe(10 * 5 * 4);
  });
});

describe('start and stop', () => {
  it('stop ends new arrivals (in-flight ones finish); start resumes; repeated calls are harmless', () => {
    const { sim, driver, submissions } = setUp({ delayNs: NS_PER_MS, workload: spec({ kind: 'open', rateIops: 10_000 }) });
    const control = sim.kind('control');
    sim.at(0, control, () => driver.start());
    sim.at(100 * NS_PER_MS, control, () => (driver.stop(), driver.stop()));
    sim.at(200 * NS_PER_MS, control, () => (driver.start(), driver.start()));
    sim.at(300 * NS_PER_MS, control, () => driver.stop());
    sim.run();
    const inWindows = (t: number) => t <= 100 * NS_PER_MS || (t >= 200 * NS_PER_MS && t <= 300 * NS_PER_MS);
    expect(submissions.every((s) => inWindows(s.t))).toBe(true);
    expect(Math.abs(submissions.length - 2_000)).toBeLessThan(200);
    expect(driver.completed).toBe(driver.issued);
    expect(driver.inFlight).toBe(0);
    expect(driver.running).toBe(false);
  });

  it('an open loop with a limit issues exactly that many and reports the drain once, after the last completion', () => {
    const drainedAt: number[] = [];
    const { sim, driver, submissions } = setUp({
      delayNs: 3 * NS_PER_MS,
      workload: spec({ kind: 'open', rateIops: 10_000 }, { limitIos: 1_000 }),
      onDrained: (nowNs) => drainedAt.push(nowNs),
    });
    driver.start();
    sim.run();
    expect(driver.issued).toBe(1_000);
    expect(driver.exhausted).toBe(true);
    expect(drainedAt).toEqual([submissions.at(-1)!.t + 3 * NS_PER_MS]);
  });
});

describe('outcomes', () => {
  it('counts failed I/Os apart from completed ones; a closed loop carries on after a failure', () => {
    const sim = new Simulator({ seed: 1 });
    const kind = sim.kind('port');
    let n = 0;
    const port: IoPort = {
      submit: (_request, done) => {
        const ok = n++ % 3 !== 0;
        sim.after(10 * NS_PER_US, kind, () => done(ok ? { ok: true } : { ok: false, error: 'media-error' }));
      },
    };
    const driver = new HostDriver({ sim, host: 'h', port, workload: spec({ kind: 'closed', queueDepth: 2 }, { limitIos: 300 }) });
    driver.start();
    sim.run();
    expect([driver.issued, driver.completed, driver.failed, driver.inFlight]).toEqual([300, 200, 100, 0]);
  });
});

describe('determinism', () => {
  const workload = spec(
    { kind: 'open', rateIops: 20_000 },
    { address: { kind: 'zipf', theta: 0.99 }, size: { kind: 'weighted', choices: [{ blocks: 1, weight: 3 }, { blocks: 8, weight: 1 }] } },
  );

  function hostA(seed: number, withOtherHost: boolean): { rows: string[]; hash: string } {
    const sim = new Simulator({ seed });
    const rows: string[] = [];
    if (withOtherHost) {
      const other = new HostDriver({ sim, host: 'b', workload: spec({ kind: 'closed', queueDepth: 3 }), port: new FixedDelayPort(sim, 7 * NS_PER_US) });
      other.start();
    }
    const port = new FixedDelayPort(sim, 20 * NS_PER_US, (r, t) => rows.push(`${t} ${r.volume} ${r.startBlock} ${r.blockCount} ${r.write}`));
    new HostDriver({ sim, host: 'a', workload, port }).start();
    sim.run({ untilNs: 200 * NS_PER_MS });
    return { rows, hash: sim.trace.hash() };
  }

  it('same seed ⇒ same request sequence and trace; another seed ⇒ another', () => {
    const first = hostA(9, false);
    expect(first.rows.length).toBeGreaterThan(3_000);
    expect(hostA(9, false)).toEqual(first);
    expect(hostA(10, false).rows).not.toEqual(first.rows);
  });

  it('adding a second host does not change the first host’s requests or their times', () => {
    expect(hostA(9, true).rows).toEqual(hostA(9, false).rows);
  });

  it('refuses two hosts of the same name (their streams would collide)', () => {
    const sim = new Simulator({ seed: 1 });
    const port = new FixedDelayPort(sim, 1);
    new HostDriver({ sim, host: 'x', workload: spec({ kind: 'open', rateIops: 1 }), port });
    expect(() => new HostDriver({ sim, host: 'x', workload: spec({ kind: 'open', rateIops: 1 }), port })).toThrow(/taken twice/);
  });
});

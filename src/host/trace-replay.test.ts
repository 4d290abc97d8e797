import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../engine/simulator.js';
import { NS_PER_MS, NS_PER_US } from '../engine/time.js';
import { FixedDelayPort } from './fixed-delay-port.js';
import { HostDriver } from './host-driver.js';
import type { IoRequest } from './io.js';
import type { ReplaySpec } from './spec.js';
import { openTrace, type TraceRecord } from './traces/reader.js';
import { TraceReplaySource, type TraceReplaySpec } from './traces/replay.js';

const dataPath = (name: string) => fileURLToPath(new URL(`../../scenarios/data/mqsim-traces/${name}`, import.meta.url));

function replay(trace: TraceReplaySpec, replaySpec: ReplaySpec, delayNs = 200 * NS_PER_US) {
  const sim = new Simulator({ seed: 1 });
  const issued: { t: number; request: IoRequest }[] = [];
  const port = new FixedDelayPort(sim, delayNs, (request, t) => issued.push({ t, request }));
  let drainedAtNs = -1;
  const driver = new HostDriver({
    sim, host: 'trace', port, workload: { kind: 'trace', trace, replay: replaySpec }, onDrained: () => (drainedAtNs = sim.now),
  });
  return { sim, driver, issued, drained: () => drainedAtNs };
}

/** Every record of a trace file (copies). */
function recordsOf(path: string): TraceRecord[] {
  const reader = openTrace(path, 'mqsim');
  const out: TraceRecord[] = [];
  for (let r = reader.next(); r !== undefined; r = reader.next()) out.push({ ...r });
  return out;
}

/** Every request of a mapping, with its due time. */
function mapped(spec: TraceReplaySpec): { dueNs: number; request: IoRequest }[] {
  const source = new TraceReplaySource(spec);
  const out: { dueNs: number; request: IoRequest }[] = [];
  for (let dueNs = source.peekNs(); dueNs !== Number.POSITIVE_INFINITY; dueNs = source.peekNs()) out.push({ dueNs, request: source.next()! });
  return out;
}

describe('the real MQSim excerpts', () => {
  it('reads the TPC-C excerpt', () => {
    const trace = recordsOf(dataPath('tpcc-small.trace'));
    expect(trace).toHaveLength(6_999);
    expect(trace[0]).toEqual({ timeNs: 0, device: '4', offsetBytes: 264_719_034 * 512, sizeBytes: 16 * 512, write: true, line: 1 });
    expect(trace.at(-1)!.timeNs).toBe(1_075_002_000 - 938_513_000);
  });

  it('reads the web-search excerpt (no final newline) with its reads', () => {
    const trace = recordsOf(dataPath('wsrch-small.trace'));
    expect(trace).toHaveLength(24_783);
    expect(trace.filter((r) => r.write)).toHaveLength(4);
  });
});

describe('trace replay through HostDriver', () => {
  const file = dataPath('tpcc-small.trace');
  const trace = recordsOf(file);
  const sizeBlocks = 64 * 1024 * 1024;
  const spec = (more: Partial<TraceReplaySpec> = {}): TraceReplaySpec => ({ file, volume: 0, sizeBlocks, ...more });

  it('issues every request at its recorded arrival time, with its blocks (open loop)', () => {
    const { sim, driver, issued, drained } = replay(spec(), { kind: 'timed' });
    driver.start();
    sim.run();
    expect(issued.map((x) => x.t)).toEqual(trace.map((r) => r.timeNs));
    expect(issued.map((x) => x.request)).toEqual(mapped(spec()).map((x) => x.request));
    expect(issued.map((x) => x.request.startBlock).slice(0, 2)).toEqual([Math.floor(264_719_034 / 8), Math.floor(trace[1]!.offsetBytes / 4096)]);
    expect(issued.map((x) => x.request.write)).toEqual(trace.map((r) => r.write));
    expect(drained()).toBe(1_075_002_000 - 938_513_000 + 200 * NS_PER_US);
  });

  it('scales and rebases times, relative to the start instant', () => {
    const { sim, driver, issued } = replay(spec({ timeScale: 2 }), { kind: 'timed' });
    sim.at(5 * NS_PER_MS, sim.kind('control'), () => driver.start());
    sim.run();
    expect(issued.map((x) => x.t)).toEqual(trace.map((r) => 5 * NS_PER_MS + 2 * r.timeNs));
  });

  it('a stop pauses the trace clock; start resumes where it left off', () => {
    const { sim, driver, issued } = replay(spec(), { kind: 'timed' });
    const control = sim.kind('control');
    sim.at(0, control, () => driver.start());
    sim.at(50 * NS_PER_MS, control, () => driver.stop());
    sim.at(80 * NS_PER_MS, control, () => driver.start());
    sim.run();
    const expected = trace.map((r) => (r.timeNs <= 50 * NS_PER_MS ? r.timeNs : r.timeNs + 30 * NS_PER_MS));
    expect(issued.map((x) => x.t)).toEqual(expected);
  });

  it('closed loop: the trace order, queueDepth outstanding, every request once', () => {
    const devices = spec({ devices: ['3', '4'] });
    const expected = mapped(devices);
    expect(expected.length).toBe(trace.filter((r) => r.device === '3' || r.device === '4').length);
    const { sim, driver, issued, drained } = replay(devices, { kind: 'closed', queueDepth: 4 }, 100 * NS_PER_US);
    driver.start();
    sim.run();
    expect(issued.map((x) => x.request)).toEqual(expected.map((x) => x.request));
    expect(driver.completed).toBe(expected.length);
    expect(drained()).toBe(Math.ceil(expected.length / 4) * 100 * NS_PER_US);
  });

  it('stops at limitIos', () => {
    const sim = new Simulator({ seed: 1 });
    const port = new FixedDelayPort(sim, 1);
    const driver = new HostDriver({ sim, host: 't', port, workload: { kind: 'trace', trace: spec(), replay: { kind: 'timed' }, limitIos: 10 } });
    driver.start();
    sim.run();
    expect(driver.issued).toBe(10);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../engine/simulator.js';
import { NS_PER_MS, NS_PER_US } from '../engine/time.js';
import { FixedDelayPort } from './fixed-delay-port.js';
import { HostDriver } from './host-driver.js';
import type { IoRequest } from './io.js';
import { parseMqsimTrace, readMqsimTraceFile, TraceParseError, type MqsimTrace } from './mqsim-trace.js';
import { WorkloadSpecError } from './resolve.js';
import type { ReplaySpec } from './spec.js';
import { traceRequests, type TraceRequests } from './trace-replay.js';

const dataPath = (name: string) => fileURLToPath(new URL(`../../scenarios/data/mqsim-traces/${name}`, import.meta.url));

function replay(requests: TraceRequests, replaySpec: ReplaySpec, delayNs = 200 * NS_PER_US) {
  const sim = new Simulator({ seed: 1 });
  const issued: { t: number; request: IoRequest }[] = [];
  const port = new FixedDelayPort(sim, delayNs, (request, t) => issued.push({ t, request }));
  let drainedAtNs = -1;
  const driver = new HostDriver({
    sim, host: 'trace', port, workload: { kind: 'trace', requests, replay: replaySpec }, onDrained: () => (drainedAtNs = sim.now),
  });
  return { sim, driver, issued, drained: () => drainedAtNs };
}

describe('parseMqsimTrace', () => {
  it('reads the real TPC-C excerpt', () => {
    const trace = readMqsimTraceFile(dataPath('tpcc-small.trace'));
    expect(trace.count).toBe(6_999);
    expect([trace.arrivalNs[0], trace.device[0], trace.startSector[0], trace.sectorCount[0], trace.write[0]]).toEqual([
      938_513_000, 4, 264_719_034, 16, 1,
    ]);
    expect(trace.arrivalNs[trace.count - 1]).toBe(1_075_002_000);
  });

  it('reads the web-search excerpt (no final newline) with its reads', () => {
    const trace = readMqsimTraceFile(dataPath('wsrch-small.trace'));
    expect(trace.count).toBe(24_783);
    expect(trace.write.reduce((s, w) => s + w, 0)).toBe(4);
  });

  it('skips blank lines and tolerates CRLF and extra spaces', () => {
    const trace = parseMqsimTrace('\n 10  1 8 8 1\r\n\n20 0 0 16 0\r\n', 'x');
    expect(trace.count).toBe(2);
    expect(Array.from(trace.write)).toEqual([0, 1]);
  });

  const errors: [string, RegExp][] = [
    ['10 1 8 8', /^t\.trace:2: expected 5 fields <arrival-ns> <device> <start-sector> <sector-count> <type>, found "10 1 8 8"$/],
    ['10 1 -8 8 1', /^t\.trace:2: expected <start-sector> as a non-negative integer/],
    ['1e3 1 8 8 1', /^t\.trace:2: expected <arrival-ns> as a non-negative integer.*found "1e3"$/],
    ['10 1 8 8 2', /^t\.trace:2: expected <type> 0 \(write\) or 1 \(read\), found "2"$/],
    ['3 1 8 8 1', /^t\.trace:2: expected an arrival time ≥ the previous request's \(5 ns\), found "3"$/],
  ];
  for (const [line, message] of errors) {
    it(`names the file, line and what was expected: ${JSON.stringify(line)}`, () => {
      const parse = () => parseMqsimTrace(`5 0 0 8 0\n${line}\n`, 't.trace');
      expect(parse).toThrow(TraceParseError);
      expect(parse).toThrow(message);
    });
  }
});

describe('traceRequests', () => {
  const trace: MqsimTrace = parseMqsimTrace(
    ['1000 0 0 8 1', '2000 1 9 8 0', '2000 0 16 0 1', '5000 2 800 24 1', '9000 1 7 2 0'].join('\n'),
    'mini',
  );

  it('rounds sectors out to whole blocks and wraps beyond the volume', () => {
    const r = traceRequests(trace, { volume: 2, sizeBlocks: 50, origin: 'trace' });
    expect(r.volume).toBe(2);
    expect(Array.from(r.startBlock)).toEqual([0, 1, 2, 0, 0]); // 800/8 = 100 ≡ 0 (mod 50)
    expect(Array.from(r.blockCount)).toEqual([1, 2, 1, 3, 2]); // 9..16 spans blocks 1–2; 0 sectors → 1 block; 7..8 spans 0–1
    expect(Array.from(r.write)).toEqual([0, 1, 0, 0, 1]);
    expect(Array.from(r.arrivalNs)).toEqual([1000, 2000, 2000, 5000, 9000]);
  });

  it('moves an I/O that would run past the end back inside the volume', () => {
    const r = traceRequests(trace, { volume: 0, sizeBlocks: 101, origin: 'trace', devices: [2] });
    expect([r.startBlock[0], r.blockCount[0]]).toEqual([98, 3]);
  });

  it('filters by device, rebases on the first kept request and scales time', () => {
    const r = traceRequests(trace, { volume: 0, sizeBlocks: 1_000, devices: [1], timeScale: 0.5 });
    expect(r.count).toBe(2);
    expect(Array.from(r.arrivalNs)).toEqual([0, 3500]);
  });

  it('honours another block size', () => {
    const r = traceRequests(trace, { volume: 0, sizeBlocks: 1_000, sectorsPerBlock: 1, origin: 'trace' });
    expect(Array.from(r.startBlock)).toEqual([0, 9, 16, 800, 7]);
  });

  it('refuses a volume smaller than one request', () => {
    expect(() => traceRequests(trace, { volume: 0, sizeBlocks: 2 })).toThrow(WorkloadSpecError);
  });
});

describe('trace replay through HostDriver', () => {
  const trace = readMqsimTraceFile(dataPath('tpcc-small.trace'));
  const sizeBlocks = 64 * 1024 * 1024;

  it('issues every request at its recorded arrival time, with its blocks (open loop)', () => {
    const requests = traceRequests(trace, { volume: 0, sizeBlocks, origin: 'trace' });
    const { sim, driver, issued, drained } = replay(requests, { kind: 'timed' });
    driver.start();
    sim.run();
    expect(issued.map((x) => x.t)).toEqual(Array.from(trace.arrivalNs));
    expect(issued.map((x) => x.request.startBlock)).toEqual(Array.from(requests.startBlock));
    expect(issued.map((x) => x.request.blockCount)).toEqual(Array.from(requests.blockCount));
    expect(issued.map((x) => x.request.write)).toEqual(Array.from(trace.write, (w) => w === 1));
    expect(drained()).toBe(1_075_002_000 + 200 * NS_PER_US);
  });

  it('scales and rebases times, relative to the start instant', () => {
    const requests = traceRequests(trace, { volume: 0, sizeBlocks, timeScale: 2 });
    const { sim, driver, issued } = replay(requests, { kind: 'timed' });
    sim.at(5 * NS_PER_MS, sim.kind('control'), () => driver.start());
    sim.run();
    expect(issued.map((x) => x.t)).toEqual(Array.from(trace.arrivalNs, (t) => 5 * NS_PER_MS + 2 * (t - 938_513_000)));
  });

  it('a stop pauses the trace clock; start resumes where it left off', () => {
    const requests = traceRequests(trace, { volume: 0, sizeBlocks });
    const { sim, driver, issued } = replay(requests, { kind: 'timed' });
    const control = sim.kind('control');
    sim.at(0, control, () => driver.start());
    sim.at(50 * NS_PER_MS, control, () => driver.stop());
    sim.at(80 * NS_PER_MS, control, () => driver.start());
    sim.run();
    const expected = Array.from(requests.arrivalNs, (t) => (t <= 50 * NS_PER_MS ? t : t + 30 * NS_PER_MS));
    expect(issued.map((x) => x.t)).toEqual(expected);
  });

  it('closed loop: the trace order, queueDepth outstanding, every request once', () => {
    const requests = traceRequests(trace, { volume: 0, sizeBlocks, devices: [3, 4] });
    const { sim, driver, issued, drained } = replay(requests, { kind: 'closed', queueDepth: 4 }, 100 * NS_PER_US);
    driver.start();
    sim.run();
    expect(issued.map((x) => x.request.startBlock)).toEqual(Array.from(requests.startBlock));
    expect(driver.completed).toBe(requests.count);
    expect(drained()).toBe(Math.ceil(requests.count / 4) * 100 * NS_PER_US);
  });

  it('stops at limitIos', () => {
    const requests = traceRequests(trace, { volume: 0, sizeBlocks });
    const sim = new Simulator({ seed: 1 });
    const port = new FixedDelayPort(sim, 1);
    const driver = new HostDriver({ sim, host: 't', port, workload: { kind: 'trace', requests, replay: { kind: 'timed' }, limitIos: 10 } });
    driver.start();
    sim.run();
    expect(driver.issued).toBe(10);
  });
});

import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from './load.js';
import { scenarioErrorLines } from './testing/error-lines.js';
import { runScenario } from './runner.js';


const scenario = (array: string, rest = '') => `name: t
duration: 10s
array:
${array}
${rest}`;
const disks = '  drives: [{ count: 4, prefix: d, model: fixed, service: 1ms, capacity: 512TiB }]';

describe('limits', () => {
  it('refuses a scenario over the memory bound, with the estimate and its main contributors', () => {
    const text = scenario(`${disks}\n  volumes: [{ name: v, size: 4TiB, drives: [d0, d1, d2, d3] }, { name: w, size: 4TiB, drives: [d0, d1, d2, d3] }]`);
    const [line] = scenarioErrorLines(() => parseScenario(text, 'm.yaml'));
    expect(line).toMatch(/^m\.yaml:5:\d+: array\.volumes\[0\]\.size: the run would need about 8\.\d+ GiB of memory, above the bound of 8 GiB/);
    expect(line).toMatch(/volumes: 2 × 4 TiB = 8 GiB of write stamps \(4 bytes per 4 KiB block, held once written\)/);
    // The scenario may raise its own bound, and the command line may lower it again.
    const raised = `${text}limits: { memory: 16GiB }\n`;
    expect(parseScenario(raised, 'm.yaml').limits?.memoryBytes).toBe(16 * 2 ** 30);
    expect(scenarioErrorLines(() => parseScenario(raised, 'm.yaml', { limits: { memoryBytes: 2 ** 30 } }))[0]).toMatch(/above the bound of 1 GiB/);
  });

  it('counts the recorded history when the scenario says how many I/Os there will be', () => {
    const busy = scenario(`${disks}\n  cache: { size: 1GiB }\n  volumes: [{ name: v, size: 1GiB, drives: [d0] }]`, 'hosts: [{ name: h, workload: { volumes: [v], iops: 1e9 } }]\nmetrics: { interval: 10s }');
    const line = scenarioErrorLines(() => parseScenario(busy, 'h.yaml', { limits: { events: 1e20 } }))[0]!;
    expect(line).toMatch(/metrics\.history: the run would need about [\d.]+ GiB of memory.*history: about 1\.0e10 host I\/Os recorded/);
  });

  it('refuses a run of too many events, saying where they come from and how long they would take', () => {
    const text = scenario(`${disks}\n  volumes: [{ name: v, size: 1GiB, drives: [d0] }]`, 'hosts: [{ name: h, workload: { volumes: [v], iops: 1e9 }, start: 1s }]\nmetrics: { history: false }');
    const [line] = scenarioErrorLines(() => parseScenario(text, 'e.yaml'));
    expect(line).toMatch(/hosts\[0\]\.workload\.iops: the run would take about 9\.0e10 simulator events \(25 h at a million a second\), above the bound of 1\.0e10/);
    expect(line).toMatch(/hosts\[0\] \(h\): 1000000000 IOPS × 9 s ≈ 9\.0e9 I\/Os × 10 events/);
  });

  it('refuses what the simulator cannot represent, whatever the bounds', () => {
    const huge = scenario(`${disks}\n  blockSize: 512\n  trackSize: 512\n  cache: { size: 8TiB }\n  volumes: [{ name: v, size: 2TiB, drives: [d0] }]`, 'metrics: { interval: 1us }');
    const lines = scenarioErrorLines(() => parseScenario(huge, 's.yaml', { limits: { memoryBytes: 2 ** 60, events: 1e15 } }));
    expect(lines.some((l) => /array\.volumes\[0\]\.size: 2 TiB is 4\.3e9 blocks; a volume holds fewer than 2\^31 blocks \(1 TiB with blocks of 512 bytes\)/.test(l))).toBe(true);
    expect(lines.some((l) => /array\.cache\.size: 8 TiB is 1\.7e10 slots of one track; the cache holds at most 2\^26/.test(l))).toBe(true);
    expect(lines.some((l) => /metrics\.interval: 1\.0e7 intervals × 14 series = 1\.4e8 time-series points; results hold at most 1\.0e6: use an interval of at least 140\.0 µs/.test(l))).toBe(true);
  });

  it('refuses loops that take no time: bursts of zero, a closed loop on a front end that costs nothing', () => {
    const free = scenario(`${disks}\n  frontEnd: { overhead: 0s, portMBps: 1e300 }\n  volumes: [{ name: v, size: 1GiB, drives: [d0] }]`, 'hosts: [{ name: h, workload: { volumes: [v], queueDepth: 4 } }, { name: b, workload: { volumes: [v], iops: 1, bursts: { on: 0s, off: 1s } } }]');
    const lines = scenarioErrorLines(() => parseScenario(free, 'z.yaml'));
    expect(lines.some((l) => /hosts\[0\]\.workload\.queueDepth: a closed loop with no think time, on a front end that takes no time/.test(l))).toBe(true);
    expect(lines.some((l) => /hosts\[1\]\.workload\.bursts\.on: expected a positive duration/.test(l))).toBe(true);
  });

  it('stops a run stuck at one instant, and a run past its event bound, with a ScenarioError', () => {
    const stuck = scenario(`  drives: [{ name: d0, model: fixed, service: 0s }]\n  frontEnd: { overhead: 0s, portMBps: 1e300 }\n  backEnd: { overhead: 0s }\n  cache: { accessTime: 0s }\n  volumes: [{ name: v, size: 1MiB, drives: [d0] }]`, 'hosts: [{ name: h, workload: { volumes: [v], queueDepth: 1, readFraction: 1, limit: 100000000 } }]\nmetrics: { history: false }');
    expect(scenarioErrorLines(() => runScenario(parseScenario(stuck, 'stuck.yaml')))[0]).toMatch(/^stuck\.yaml: the run is stuck: 1\.\de7 events at simulated time 0 ns of 10\.000 s without the clock moving/);
    const baseline = loadScenario('scenarios/baseline.yaml');
    const bounded = { ...baseline, limits: { memoryBytes: 2 ** 33, events: 100_000 } };
    expect(scenarioErrorLines(() => runScenario(bounded))[0]).toMatch(/^scenarios\/baseline\.yaml: limits\.events: the run reached its bound of 100000 events at simulated time [\d.]+ s of 20\.000 s/);
  }, 60_000);
});

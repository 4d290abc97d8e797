import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';
import { runScenario } from './runner.js';

const scenario = (warmup: string) =>
  parseScenario(
    `name: cache-counters
seed: 3
duration: 400ms
array:
  drives: [{ count: 2, prefix: d, model: fixed, service: 1ms }]
  cache: { size: 8MiB }
  volumes: [{ name: v, size: 4MiB, drives: [d0, d1] }]
hosts:
  - { name: h, workload: { volumes: [v], distribution: uniform, readFraction: 0.6, size: 4KiB, iops: 2000 } }
metrics: { warmup: ${warmup} }
`,
    'cache-counters.yaml',
  );

describe("the cache's counters", () => {
  it('leave the warm-up out, as every other metric does', () => {
    const all = runScenario(scenario('0s')).result;
    const warmed = runScenario(scenario('200ms')).result;
    // The run is the same: only what is counted differs.
    expect(warmed.traceHash).toBe(all.traceHash);
    for (const counter of ['readHits', 'readMisses', 'writes', 'destages'] as const) {
      expect(all.cache[counter], counter).toBeGreaterThan(0);
      expect(warmed.cache[counter], counter).toBeGreaterThan(0);
      expect(warmed.cache[counter], counter).toBeLessThan(all.cache[counter]);
    }
    // One cache read per host read here: those counted after the warm-up, against the host reads completed after it
    // (the few in flight at the warm-up's end are counted by one and not the other).
    const cacheReads = warmed.cache.readHits + warmed.cache.readMisses;
    expect(Math.abs(cacheReads - warmed.hosts[0]!.totals.reads)).toBeLessThanOrEqual(10);
  });
});

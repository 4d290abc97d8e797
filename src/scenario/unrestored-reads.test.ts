import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.js';
import { runScenario } from './runner.js';

/** A small pair restored under a read-mostly load, with copy-on-read on or off. */
function restoreWith(copyOnRead: boolean, history = true) {
  const scenario = parseScenario(
    `name: unrestored-reads
duration: 1s
array:
  drives: [{ count: 4, prefix: d, model: fixed, service: 200us }]
  cache: { size: 4MiB }
  volumes: [{ name: std, size: 2MiB, drives: [d0, d1] }, { name: bcv, size: 2MiB, drives: [d2, d3] }]
pairs: [{ name: p1, std: std, bcv: bcv }]
protocol: { copy: { rateMBps: 5 }, copyOnRead: ${copyOnRead} }
hosts: [{ name: app, workload: { volumes: [std], distribution: zipf, skew: 1.1, readFraction: 0.9, size: 4KiB, iops: 3000 } }]
timeline:
  - { at: 0s, establish: p1 }
  - { id: split, when: pair p1 is Synchronized, split: p1 }
  - { when: step split done, after: 10ms, restore: p1 }
metrics: { interval: 50ms, history: ${history} }
`,
    'unrestored-reads.yaml',
  );
  const [establish, restore] = runScenario(scenario).result.pairs[0]!.phases;
  return { establish: establish!, restore: restore! };
}

describe('reads of unrestored tracks', () => {
  it('are told apart during a restore: the first read of each track, and every read', () => {
    const { establish, restore } = restoreWith(true);
    expect(establish.unrestoredReads).toBeNull();
    const reads = restore.unrestoredReads!;
    expect(reads.first.count).toBeGreaterThan(0);
    expect(reads.first.count).toBeLessThanOrEqual(restore.tracksInScope);
    // With copy-on-read a track is restored by the read that finds it: later reads find it restored.
    expect(reads.all.count).toBeLessThanOrEqual(reads.first.count + 2);
    expect(reads.first.p50Ns).toBeGreaterThan(0);
  });

  it('without copy-on-read, a hot track is read from the BCV again and again until the copy reaches it', () => {
    const reads = restoreWith(false).restore.unrestoredReads!;
    expect(reads.all.count).toBeGreaterThan(2 * reads.first.count);
  });

  it('are not measured without the history', () => {
    expect(restoreWith(true, false).restore.unrestoredReads).toBeNull();
  });
});

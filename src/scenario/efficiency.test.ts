import { describe, expect, it } from 'vitest';
import { Simulator } from '../engine/simulator.js';
import { CHEETAH_15K5 } from '../devices/hdd/defaults.js';
import { Hdd } from '../devices/hdd/hdd.js';
import { loadScenario } from './load.js';
import { runScenario } from './runner.js';

/** Sequential throughput of one default drive, 64 KiB requests, two outstanding (as the back end keeps them), in bytes/s. */
function sequentialRate(write: boolean): number {
  const sim = new Simulator({ seed: 1 });
  const drive = new Hdd(sim, CHEETAH_15K5);
  const requests = 2000;
  let next = 0;
  const issue = (): void => {
    if (next >= requests) return;
    drive.submit({ sector: next++ * 128, sectors: 128, write, done: issue });
  };
  issue();
  issue();
  sim.run();
  return (requests * 65536) / (sim.now / 1e9);
}

describe('restore efficiency', () => {
  it('with no host load, a full restore takes within 10% of the bound the drives set', () => {
    const { result } = runScenario(loadScenario('src/scenario/testdata/restore-bandwidth.yaml'));
    const restore = result.pairs[0]!.phases.find((p) => p.kind === 'restore')!;
    const bytes = restore.tracksInScope * result.array.trackBytes;
    const cacheAbsorbs = Math.floor((result.array.cacheBytes / result.array.trackBytes) * 0.75) * result.array.trackBytes;
    // Reads from the BCV's four drives, writes to STD's four: the slower side sets the pace, less what the cache absorbs.
    const boundS = Math.max(bytes / (4 * sequentialRate(false)), (bytes - cacheAbsorbs) / (4 * sequentialRate(true)));
    const ratio = restore.durationNs! / 1e9 / boundS;
    process.stdout.write(`restore ${(restore.durationNs! / 1e9).toFixed(3)} s, bound ${boundS.toFixed(3)} s, ratio ${ratio.toFixed(3)}\n`);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });
});

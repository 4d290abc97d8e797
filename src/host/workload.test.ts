import { describe, expect, it } from 'vitest';
import { RngStreams } from '../engine/rng.js';
import type { IoRequest } from './io.js';
import { WorkloadSpecError } from './resolve.js';
import type { SyntheticWorkloadSpec } from './spec.js';
import { createWorkload } from './workload.js';

const base: SyntheticWorkloadSpec = {
  kind: 'synthetic',
  volumes: [{ volume: 0, sizeBlocks: 1_000_000, blocksPerTrack: 16 }],
  address: { kind: 'uniform' },
  readFraction: 0.7,
  size: { kind: 'fixed', blocks: 2 },
  arrival: { kind: 'open', rateIops: 1000 },
};

function requests(spec: SyntheticWorkloadSpec, count: number, seed = 1): IoRequest[] {
  const streams = new RngStreams(seed);
  const workload = createWorkload(spec, (part) => streams.stream(`host:h:${part}`));
  return Array.from({ length: count }, () => workload.source.next()!);
}

/** |observed − expected| of a binomial count, in standard errors. */
function zScore(hits: number, n: number, p: number): number {
  return Math.abs(hits - n * p) / Math.sqrt(n * p * (1 - p));
}

describe('synthetic workloads', () => {
  it('issue reads at the requested fraction', () => {
    for (const readFraction of [0, 0.3, 0.7, 1]) {
      const rs = requests({ ...base, readFraction }, 100_000);
      const reads = rs.filter((r) => !r.write).length;
      if (readFraction === 0 || readFraction === 1) expect(reads).toBe(readFraction * rs.length);
      else expect(zScore(reads, rs.length, readFraction)).toBeLessThan(4);
    }
  });

  it('draw sizes from a weighted list, each at its share', () => {
    const choices = [
      { blocks: 1, weight: 5 },
      { blocks: 2, weight: 3 },
      { blocks: 16, weight: 2 },
    ];
    const rs = requests({ ...base, size: { kind: 'weighted', choices } }, 100_000);
    for (const c of choices) {
      const hits = rs.filter((r) => r.blockCount === c.blocks).length;
      expect(zScore(hits, rs.length, c.weight / 10)).toBeLessThan(4);
    }
    expect(rs.every((r) => r.startBlock % r.blockCount === 0)).toBe(true);
  });

  it('share I/Os among volumes by weight, each within its own size', () => {
    const volumes = [
      { volume: 3, sizeBlocks: 1_000, blocksPerTrack: 16, weight: 1 },
      { volume: 5, sizeBlocks: 50_000, blocksPerTrack: 16, weight: 3 },
      { volume: 7, sizeBlocks: 70_000, blocksPerTrack: 16, weight: 0 },
    ];
    const rs = requests({ ...base, volumes }, 40_000);
    expect(zScore(rs.filter((r) => r.volume === 3).length, rs.length, 0.25)).toBeLessThan(4);
    expect(rs.some((r) => r.volume === 7)).toBe(false);
    expect(rs.filter((r) => r.volume === 3).every((r) => r.startBlock + r.blockCount <= 1_000)).toBe(true);
  });

  it('give the same sequence for the same seed, another for another seed', () => {
    const spec: SyntheticWorkloadSpec = { ...base, address: { kind: 'zipf', theta: 0.99 } };
    expect(requests(spec, 1_000, 4)).toEqual(requests(spec, 1_000, 4));
    expect(requests(spec, 1_000, 5)).not.toEqual(requests(spec, 1_000, 4));
  });

  it('keep addresses when only the read mix changes (one stream per concern)', () => {
    const a = requests({ ...base, readFraction: 0.1 }, 1_000).map((r) => r.startBlock);
    const b = requests({ ...base, readFraction: 0.9 }, 1_000).map((r) => r.startBlock);
    expect(b).toEqual(a);
  });

  it('reject a spec that makes no sense, naming the field', () => {
    const bad = (spec: SyntheticWorkloadSpec) => () => requests(spec, 1);
    expect(bad({ ...base, readFraction: 1.5 })).toThrow(WorkloadSpecError);
    expect(bad({ ...base, readFraction: 1.5 })).toThrow(/readFraction: expected a number in \[0, 1\], got 1.5/);
    expect(bad({ ...base, size: { kind: 'fixed', blocks: 2_000_000 } })).toThrow(/size: expected I\/O sizes ≤ the smallest volume/);
    expect(bad({ ...base, address: { kind: 'zipf', theta: -1 } })).toThrow(/address.theta/);
    expect(bad({ ...base, arrival: { kind: 'closed', queueDepth: 0 } })).toThrow(/arrival.queueDepth/);
    expect(bad({ ...base, volumes: [] })).toThrow(/volumes: expected at least one volume/);
    expect(bad({ ...base, volumes: [{ volume: 0, sizeBlocks: 10, blocksPerTrack: 16, weight: 0 }] })).toThrow(/weight > 0/);
  });
});

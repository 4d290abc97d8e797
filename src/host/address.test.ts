import { describe, expect, it } from 'vitest';
import { RngStreams } from '../engine/rng.js';
import { createAddressPicker, type AddressPicker } from './address.js';
import type { ResolvedAddress } from './resolve.js';
import { Scatter } from './scatter.js';
import type { AlignmentSpec } from './spec.js';
import { ZipfSampler } from './zipf.js';

function picker(address: ResolvedAddress, options: { sizeBlocks: number; blocksPerTrack?: number; alignment?: AlignmentSpec; seed?: number }): AddressPicker {
  const target = { volume: 0, sizeBlocks: options.sizeBlocks, blocksPerTrack: options.blocksPerTrack ?? 16, weight: 1, address };
  return createAddressPicker(target, options.alignment ?? 'size', new RngStreams(options.seed ?? 1).stream('address'));
}

function draw(p: AddressPicker, blocks: number, count: number): Float64Array {
  return Float64Array.from({ length: count }, () => p.pick(blocks));
}

function meanAndVariance(xs: Float64Array): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('uniform addresses', () => {
  // Starts are unit × U{0, …, m − 1}: mean unit(m − 1)/2, variance unit²(m² − 1)/12.
  for (const { sizeBlocks, blocks } of [{ sizeBlocks: 100_000, blocks: 8 }, { sizeBlocks: 400_000_000, blocks: 16 }]) {
    it(`have the discrete-uniform mean and variance, in range and aligned (${sizeBlocks} blocks, I/Os of ${blocks})`, () => {
      const n = 200_000;
      const starts = draw(picker({ kind: 'uniform' }, { sizeBlocks }), blocks, n);
      const m = Math.floor((sizeBlocks - blocks) / blocks) + 1;
      const mean = (blocks * (m - 1)) / 2;
      const variance = (blocks ** 2 * (m ** 2 - 1)) / 12;
      const got = meanAndVariance(starts);
      expect(Math.abs(got.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
      expect(Math.abs(got.variance / variance - 1)).toBeLessThan(0.015); // SE of a uniform's variance ≈ 0.9/√n ≈ 0.2 %
      expect(starts.every((s) => s >= 0 && s + blocks <= sizeBlocks && s % blocks === 0)).toBe(true);
    });
  }

  it('reach both ends of the volume', () => {
    const starts = draw(picker({ kind: 'uniform' }, { sizeBlocks: 64 }), 8, 2_000);
    expect(Math.min(...starts)).toBe(0);
    expect(Math.max(...starts)).toBe(56);
  });

  it('align to a track, or to nothing, when asked', () => {
    const track = draw(picker({ kind: 'uniform' }, { sizeBlocks: 10_000, blocksPerTrack: 16, alignment: 'track' }), 3, 10_000);
    expect(track.every((s) => s % 16 === 0 && s + 3 <= 10_000)).toBe(true);
    const loose = draw(picker({ kind: 'uniform' }, { sizeBlocks: 100, alignment: 'block' }), 3, 10_000);
    expect(loose.some((s) => s % 3 !== 0)).toBe(true);
    expect(Math.max(...loose)).toBe(97);
  });
});

describe('zipf addresses', () => {
  it('give each block its rank’s Zipf probability, through the scatter', () => {
    const sizeBlocks = 50_000;
    const theta = 0.99;
    const p = picker({ kind: 'zipf', theta, itemBlocks: 1, scatter: true }, { sizeBlocks, alignment: 'block' });
    const n = 300_000;
    const counts = new Map<number, number>();
    for (const s of draw(p, 1, n)) counts.set(s, (counts.get(s) ?? 0) + 1);
    const pmf = ZipfSampler.pmf(sizeBlocks, theta);
    const scatter = new Scatter(sizeBlocks, 0x51ed270b ^ 0);
    for (let rank = 0; rank < 10; rank++) {
      const expected = pmf[rank]! * n;
      expect(Math.abs((counts.get(scatter.map(rank)) ?? 0) - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
    expect(scatter.map(0)).not.toBe(0); // the hottest block is not block 0
  });

  it('without scatter, rank k is item k − 1; I/Os start aligned inside their item', () => {
    const p = picker({ kind: 'zipf', theta: 1.2, itemBlocks: 16, scatter: false }, { sizeBlocks: 1_600 });
    const starts = draw(p, 4, 50_000);
    expect(starts.every((s) => s % 4 === 0 && s + 4 <= 1_600)).toBe(true);
    const inFirstItem = starts.filter((s) => s < 16).length / starts.length;
    expect(Math.abs(inFirstItem - ZipfSampler.pmf(100, 1.2)[0]!)).toBeLessThan(0.01);
    const offsets = new Set(starts.filter((s) => s < 16));
    expect([...offsets].sort((a, b) => a - b)).toEqual([0, 4, 8, 12]);
  });

  it('keep the last item of a volume that is not a whole number of items in range', () => {
    const starts = draw(picker({ kind: 'zipf', theta: 0.5, itemBlocks: 16, scatter: true }, { sizeBlocks: 1_000 }), 16, 20_000);
    expect(starts.every((s) => s >= 0 && s + 16 <= 1_000 && s % 16 === 0)).toBe(true);
  });
});

describe('sequential addresses', () => {
  it('advance by the I/O size and wrap at the end', () => {
    const starts = Array.from(draw(picker({ kind: 'sequential', streams: 1 }, { sizeBlocks: 40 }), 8, 7));
    expect(starts).toEqual([0, 8, 16, 24, 32, 0, 8]);
  });

  it('interleave streams that start evenly spaced', () => {
    const starts = Array.from(draw(picker({ kind: 'sequential', streams: 2 }, { sizeBlocks: 64 }), 8, 6));
    expect(starts).toEqual([0, 32, 8, 40, 16, 48]);
  });
});

describe('hotspot addresses', () => {
  it('send the asked share of I/Os to the hot region and spread the rest over the cold blocks', () => {
    const sizeBlocks = 1_000_000;
    const p = picker({ kind: 'hotspot', hotFraction: 0.1, hotAccessFraction: 0.8, hotStartFraction: 0.5 }, { sizeBlocks, alignment: 'block' });
    const n = 200_000;
    const starts = draw(p, 1, n);
    const hot = starts.filter((s) => s >= 500_000 && s < 600_000).length / n;
    expect(Math.abs(hot - 0.8)).toBeLessThan(4 * Math.sqrt((0.8 * 0.2) / n));
    const low = starts.filter((s) => s < 500_000).length / n;
    expect(Math.abs(low - 0.2 * (5 / 9))).toBeLessThan(0.005);
  });
});

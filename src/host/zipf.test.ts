import { describe, expect, it } from 'vitest';
import { RngStreams } from '../engine/rng.js';
import { Scatter } from './scatter.js';
import { ZipfSampler } from './zipf.js';

/** Upper critical value of χ² with `dof` degrees of freedom at p = 0.001 (Wilson–Hilferty). */
function chiSquareCritical(dof: number): number {
  const z = 3.09;
  const a = 2 / (9 * dof);
  return dof * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** χ² of observed rank counts against the pmf; ranks with small expectations are pooled into bins of ≥ 100. */
function chiSquare(counts: Float64Array, pmf: Float64Array, draws: number): { chi2: number; dof: number } {
  let chi2 = 0;
  let bins = 0;
  let observed = 0;
  let expected = 0;
  for (let k = 0; k < pmf.length; k++) {
    observed += counts[k]!;
    expected += pmf[k]! * draws;
    if (expected >= 100 || k === pmf.length - 1) {
      chi2 += (observed - expected) ** 2 / expected;
      bins++;
      observed = 0;
      expected = 0;
    }
  }
  return { chi2, dof: bins - 1 };
}

function rankCounts(n: number, theta: number, draws: number, seed: number): Float64Array {
  const sampler = new ZipfSampler(n, theta);
  const rng = new RngStreams(seed).stream('zipf');
  const counts = new Float64Array(n);
  let outside = 0;
  for (let i = 0; i < draws; i++) {
    const k = sampler.draw(rng);
    if (Number.isInteger(k) && k >= 1 && k <= n) counts[k - 1]!++;
    else outside++;
  }
  expect(outside).toBe(0);
  return counts;
}

describe('ZipfSampler (rejection-inversion)', () => {
  for (const theta of [0.99, 0.5, 1.5]) {
    it(`matches the Zipf pmf for θ = ${theta} (χ², and each top rank within 4 standard errors)`, () => {
      const n = 1000;
      const draws = 400_000;
      const counts = rankCounts(n, theta, draws, 11);
      const pmf = ZipfSampler.pmf(n, theta);
      const { chi2, dof } = chiSquare(counts, pmf, draws);
      expect(chi2).toBeLessThan(chiSquareCritical(dof));
      for (let k = 0; k < 10; k++) {
        const expected = pmf[k]! * draws;
        expect(Math.abs(counts[k]! - expected)).toBeLessThan(4 * Math.sqrt(expected));
      }
    });
  }

  it('draws in O(1) from a volume of 300 million items, with the right top-rank frequencies', () => {
    const n = 300_000_000;
    const theta = 0.99;
    const sampler = new ZipfSampler(n, theta);
    const rng = new RngStreams(5).stream('zipf');
    const draws = 1_000_000;
    const top = new Float64Array(5);
    let maxRank = 0;
    for (let i = 0; i < draws; i++) {
      const k = sampler.draw(rng);
      if (k <= 5) top[k - 1]!++;
      if (k > maxRank) maxRank = k;
    }
    // H(n, θ): exact head, midpoint-rule integral for the tail (error far below the test's tolerance).
    let normaliser = 0;
    for (let k = 1; k <= 10_000; k++) normaliser += k ** -theta;
    normaliser += ((n + 0.5) ** (1 - theta) - 10_000.5 ** (1 - theta)) / (1 - theta);
    for (let k = 1; k <= 5; k++) {
      const expected = (draws * k ** -theta) / normaliser;
      expect(Math.abs(top[k - 1]! - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
    expect(maxRank).toBeLessThanOrEqual(n);
    expect(maxRank).toBeGreaterThan(n / 10); // the tail is reached: about 5 % of draws land above n/10
  });

  it('refuses a bad size or skew', () => {
    expect(() => new ZipfSampler(0, 1)).toThrow(/n must be/);
    expect(() => new ZipfSampler(10, 0)).toThrow(/θ must be/);
  });
});

describe('Scatter', () => {
  it('is a bijection of [0, n) for small and awkward n', () => {
    for (const n of [1, 2, 3, 5, 17, 1000, 4097, 65_537]) {
      const scatter = new Scatter(n, 7);
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) seen[scatter.map(i)]!++;
      expect(seen.every((c) => c === 1)).toBe(true);
    }
  });

  it('spreads consecutive ranks over a large domain and stays in range', () => {
    const n = 300_000_001;
    const scatter = new Scatter(n, 3);
    const images = Array.from({ length: 100_000 }, (_, i) => scatter.map(i));
    expect(new Set(images).size).toBe(images.length);
    expect(images.every((x) => Number.isInteger(x) && x >= 0 && x < n)).toBe(true);
    const mean = images.reduce((s, x) => s + x, 0) / images.length;
    expect(Math.abs(mean / (n / 2) - 1)).toBeLessThan(0.01);
    expect(images.slice(0, 10).filter((x) => x < n / 100).length).toBeLessThan(3);
  });

  it('stays a bijection past 2^30 (the path that splits with division)', () => {
    const n = 2 ** 40 + 7;
    const scatter = new Scatter(n, 9);
    const inputs = Array.from({ length: 50_000 }, (_, i) => (i < 25_000 ? i : n - 1 - i));
    const images = inputs.map((i) => scatter.map(i));
    expect(new Set(images).size).toBe(images.length);
    expect(images.every((x) => Number.isSafeInteger(x) && x >= 0 && x < n)).toBe(true);
  });

  it('depends on its key, deterministically', () => {
    const a = new Scatter(1_000_000, 1);
    const b = new Scatter(1_000_000, 2);
    expect(new Scatter(1_000_000, 1).map(42)).toBe(a.map(42));
    expect(Array.from({ length: 10 }, (_, i) => a.map(i))).not.toEqual(Array.from({ length: 10 }, (_, i) => b.map(i)));
  });
});

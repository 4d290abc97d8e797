import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { NS_PER_S } from '../engine/time.js';
import { BUCKET_COUNT, bucketIndex, bucketLowNs, bucketWidthNs, percentileRank } from './bucket-layout.js';
import { LatencyHistogram, type LatencyHistogramJson } from './histogram.js';

const HOUR_NS = 3600 * NS_PER_S;
const PERCENTILES = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

/** Exact nearest-rank percentile of a sorted array: the reference the histogram is held to. */
function exactPercentile(sorted: readonly number[], p: number): number {
  return sorted[percentileRank(p, sorted.length) - 1]!;
}

type Draw = (rng: Rng) => number;
const distributions: Record<string, Draw> = {
  'uniform 1 ns – 1 h': (rng) => rng.intBetween(1, HOUR_NS),
  'exponential, mean 2 ms': (rng) => Math.round(rng.exponential(2_000_000)),
  'log-uniform 1 ns – 1 h': (rng) => Math.max(1, Math.round(Math.exp(rng.next() * Math.log(HOUR_NS)))),
  'small integers': (rng) => rng.intBetween(0, 600),
  'bimodal cache hit / miss': (rng) => (rng.chance(0.9) ? rng.intBetween(80_000, 120_000) : rng.intBetween(4e6, 12e6)),
};

function sample(draw: Draw, seed: string, n: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => draw(rng));
}

function histogramOf(values: readonly number[]): LatencyHistogram {
  const histogram = new LatencyHistogram();
  for (const v of values) histogram.record(v);
  return histogram;
}

describe('bucket layout', () => {
  it('tiles 0 … 2^53 − 1 with contiguous buckets, exact or no wider than 1/128 of their low value', () => {
    let expectedLow = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      const low = bucketLowNs(i);
      expect(low).toBe(expectedLow);
      expect(bucketIndex(low)).toBe(i);
      expect(bucketIndex(low + bucketWidthNs(i) - 1)).toBe(i);
      if (bucketWidthNs(i) > 1) expect(bucketWidthNs(i) / low).toBeLessThanOrEqual(1 / 128);
      expectedLow = low + bucketWidthNs(i);
    }
    expect(expectedLow).toBe(2 ** 53);
    expect(bucketIndex(Number.MAX_SAFE_INTEGER)).toBe(BUCKET_COUNT - 1);
  });

  it('puts random values of every magnitude in the bucket that spans them', () => {
    const rng = new Rng('layout');
    for (let k = 0; k < 20_000; k++) {
      const v = Math.floor(2 ** (rng.next() * 53));
      const i = bucketIndex(v);
      expect(v).toBeGreaterThanOrEqual(bucketLowNs(i));
      expect(v).toBeLessThan(bucketLowNs(i) + bucketWidthNs(i));
    }
  });

  it('takes nearest ranks without floating-point noise', () => {
    expect(percentileRank(99.9, 1000)).toBe(999);
    expect(percentileRank(50, 10)).toBe(5);
    expect(percentileRank(0, 10)).toBe(1);
    expect(percentileRank(100, 10)).toBe(10);
    expect(percentileRank(99, 101)).toBe(100);
  });
});

describe('LatencyHistogram', () => {
  for (const [name, draw] of Object.entries(distributions)) {
    it(`percentiles within 1 % of the exact ones; count, min, max, mean exact (${name})`, () => {
      // 2_000 draws of up to an hour keep the sum below 2^53, where the running sum is exact.
      const values = sample(draw, name, name.includes('uniform 1 ns') ? 2_000 : 20_000);
      const histogram = histogramOf(values);
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [...PERCENTILES, ...sample((rng) => rng.next() * 100, `${name}/p`, 30)]) {
        const exact = exactPercentile(sorted, p);
        expect(Math.abs(histogram.percentile(p) - exact)).toBeLessThanOrEqual(exact * 0.01);
      }
      const sum = values.reduce((s, v) => s + BigInt(v), 0n);
      expect(histogram.count).toBe(values.length);
      expect(histogram.minNs).toBe(sorted[0]);
      expect(histogram.maxNs).toBe(sorted[sorted.length - 1]);
      expect(histogram.meanNs).toBe(Number(sum) / values.length);
      expect(Number(sum)).toBeLessThan(2 ** 53); // the mean above is exact only while the sum is
    });
  }

  it('summarises with the same values as percentile()', () => {
    const histogram = histogramOf(sample(distributions['exponential, mean 2 ms']!, 'summary', 5_000));
    expect(histogram.summary()).toEqual({
      count: 5_000,
      minNs: histogram.minNs,
      meanNs: histogram.meanNs,
      p50Ns: histogram.percentile(50),
      p95Ns: histogram.percentile(95),
      p99Ns: histogram.percentile(99),
      p999Ns: histogram.percentile(99.9),
      maxNs: histogram.maxNs,
    });
  });

  it('is exact below 256 ns and with a single sample', () => {
    const small = histogramOf([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 255]);
    expect(small.percentile(50)).toBe(4);
    expect(small.percentile(100)).toBe(255);
    const one = histogramOf([HOUR_NS + 12_345]);
    expect(one.summary()).toMatchObject({ count: 1, minNs: HOUR_NS + 12_345, p50Ns: HOUR_NS + 12_345, p999Ns: HOUR_NS + 12_345 });
  });

  it('reports zeros when empty', () => {
    expect(new LatencyHistogram().summary()).toEqual({
      count: 0, minNs: 0, meanNs: 0, p50Ns: 0, p95Ns: 0, p99Ns: 0, p999Ns: 0, maxNs: 0,
    });
  });

  it('refuses negative, fractional, non-finite and unsafe latencies, and percentiles outside [0, 100]', () => {
    const histogram = new LatencyHistogram();
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => histogram.record(bad)).toThrow(/not a non-negative safe integer/);
    }
    histogram.record(Number.MAX_SAFE_INTEGER);
    expect(histogram.maxNs).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => histogram.percentile(100.1)).toThrow(/outside/);
    expect(() => histogram.percentile(-1)).toThrow(/outside/);
  });

  it('merging equals recording everything in one histogram', () => {
    const a = sample(distributions['log-uniform 1 ns – 1 h']!, 'merge/a', 3_000);
    const b = sample(distributions['bimodal cache hit / miss']!, 'merge/b', 4_000);
    const merged = histogramOf(a);
    merged.merge(histogramOf(b));
    merged.merge(new LatencyHistogram());
    expect(merged.toJSON()).toEqual(histogramOf([...a, ...b]).toJSON());
    const intoEmpty = new LatencyHistogram();
    intoEmpty.merge(histogramOf(b));
    expect(intoEmpty.toJSON()).toEqual(histogramOf(b).toJSON());
  });

  it('forgets everything on reset', () => {
    const histogram = histogramOf(sample(distributions['uniform 1 ns – 1 h']!, 'reset', 1_000));
    histogram.reset();
    expect(histogram.toJSON()).toEqual(new LatencyHistogram().toJSON());
    histogram.record(700);
    expect(histogram.summary()).toMatchObject({ count: 1, minNs: 700, maxNs: 700, p50Ns: 700 });
  });
});

describe('LatencyHistogram JSON', () => {
  it('round-trips through JSON text, keeping only the non-empty buckets', () => {
    const histogram = histogramOf(sample(distributions['exponential, mean 2 ms']!, 'json', 10_000));
    const json = JSON.parse(JSON.stringify(histogram)) as LatencyHistogramJson;
    let nonEmpty = 0;
    histogram.forEachBucket(() => nonEmpty++);
    expect(json.bucketLowNs.length).toBe(nonEmpty);
    expect(nonEmpty).toBeLessThan(BUCKET_COUNT / 4);
    const restored = LatencyHistogram.fromJSON(json);
    expect(restored.toJSON()).toEqual(histogram.toJSON());
    expect(restored.summary()).toEqual(histogram.summary());
    restored.record(5);
    histogram.record(5);
    expect(restored.toJSON()).toEqual(histogram.toJSON());
  });

  it('round-trips an empty histogram', () => {
    const restored = LatencyHistogram.fromJSON(new LatencyHistogram().toJSON());
    expect(restored.count).toBe(0);
    expect(restored.summary().maxNs).toBe(0);
  });

  it('refuses inconsistent JSON with a RangeError', () => {
    const good = histogramOf([10, 1_000, 1_000_000]).toJSON();
    const broken: Partial<LatencyHistogramJson>[] = [
      { subBucketBits: 6 },
      { count: 4 },
      { bucketCounts: [1, 1] },
      { bucketLowNs: [10, 1_000, 1_000_001] },
      { bucketLowNs: [1_000, 10, 999_424] },
      { bucketCounts: [1, 0, 2] },
      { minNs: 11_000 },
      { maxNs: 5 },
      { sumNs: -1 },
      { sumNs: 5 },
      { sumNs: 3e6 + 1 },
    ];
    expect(() => LatencyHistogram.fromJSON(good)).not.toThrow();
    for (const change of broken) expect(() => LatencyHistogram.fromJSON({ ...good, ...change })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { NS_PER_MS } from '../engine/time.js';
import { percentileRank } from './bucket-layout.js';
import { IoSeries } from './io-series.js';

describe('IoSeries', () => {
  it('gives IOPS and MB/s per interval, with an empty interval and a partial last one', () => {
    const series = new IoSeries(100 * NS_PER_MS);
    for (let i = 0; i < 50; i++) series.record(i * NS_PER_MS, 1_000, 4_096, false); // 50 reads in [0, 100 ms)
    for (let i = 0; i < 20; i++) series.record(150 * NS_PER_MS, 2_000, 65_536, true); // 20 writes in [100, 200 ms)
    series.record(310 * NS_PER_MS, 3_000, 8_192, false); // [300, 400 ms), seen at 350 ms
    const { intervalNs, points } = series.snapshot(350 * NS_PER_MS);
    expect(intervalNs).toBe(100 * NS_PER_MS);
    expect(points.map((p) => [p.tNs / NS_PER_MS, p.spanNs / NS_PER_MS, p.reads, p.writes, p.bytes])).toEqual([
      [0, 100, 50, 0, 50 * 4_096],
      [100, 100, 0, 20, 20 * 65_536],
      [200, 100, 0, 0, 0],
      [300, 50, 1, 0, 8_192],
    ]);
    expect(points.map((p) => p.iops)).toEqual([500, 200, 0, 20]);
    expect(points[0]!.mbPerS).toBeCloseTo((50 * 4_096) / 1e6 / 0.1, 9);
    expect(points[1]!.mbPerS).toBeCloseTo((20 * 65_536) / 1e6 / 0.1, 9);
    expect(points[3]!.mbPerS).toBeCloseTo(8_192 / 1e6 / 0.05, 9);
    expect(points[1]!.latency).toMatchObject({ count: 20, meanNs: 2_000, p99Ns: 2_000, maxNs: 2_000 });
    expect(points[2]!.latency.count).toBe(0);
  });

  it('puts a completion at an interval boundary in the interval it opens', () => {
    const series = new IoSeries(1_000);
    series.record(999, 1, 1, false);
    series.record(1_000, 1, 1, false);
    expect(series.snapshot(2_000).points.map((p) => p.ops)).toEqual([1, 1]);
  });

  it('keeps each interval’s percentiles within 1 % of the exact ones', () => {
    const rng = new Rng('io-series');
    const series = new IoSeries(NS_PER_MS);
    const perInterval: number[][] = [[], [], []];
    for (let t = 0; t < 3 * NS_PER_MS; t += 100) {
      const latencyNs = Math.round(rng.exponential(50_000 * (1 + Math.floor(t / NS_PER_MS))));
      series.record(t, latencyNs, 512, rng.chance(0.3));
      perInterval[Math.floor(t / NS_PER_MS)]!.push(latencyNs);
    }
    const points = series.snapshot(3 * NS_PER_MS).points;
    perInterval.forEach((values, k) => {
      const sorted = values.sort((a, b) => a - b);
      const exactP99 = sorted[percentileRank(99, sorted.length) - 1]!;
      expect(Math.abs(points[k]!.latency.p99Ns - exactP99)).toBeLessThanOrEqual(exactP99 * 0.01);
      expect(points[k]!.latency.maxNs).toBe(sorted[sorted.length - 1]);
      expect(points[k]!.latency.meanNs).toBe(values.reduce((s, v) => s + v, 0) / values.length);
    });
  });

  it('lets recording go on after a snapshot, and refuses time going back or bad sizes', () => {
    const series = new IoSeries(100);
    series.record(10, 5, 1, false);
    expect(series.snapshot(150).points.length).toBe(2);
    series.record(160, 5, 1, true);
    expect(series.snapshot(200).points.map((p) => p.ops)).toEqual([1, 1]);
    expect(() => series.record(199, 5, 1, false)).toThrow(/not an integer ≥ the last one/);
    expect(() => series.record(210, 5, -1, false)).toThrow(/not a non-negative integer/);
    expect(() => series.record(210, -5, 1, false)).toThrow(/not a non-negative safe integer/);
    expect(() => new IoSeries(0)).toThrow(/positive integer/);
  });
});

import { describe, expect, it } from 'vitest';
import { LevelTracker } from './level.js';
import { LevelSeries } from './level-series.js';

describe('LevelTracker', () => {
  it('integrates level × time like a hand computation', () => {
    const depth = new LevelTracker();
    depth.set(10, 2); // 0 for [0, 10)
    depth.add(25, 1); // 2 for [10, 25): area 30
    depth.add(40, -3); // 3 for [25, 40): area 45
    depth.set(70, 1); // 0 for [40, 70)
    expect(depth.areaAt(70)).toBe(75);
    expect(depth.areaAt(100)).toBe(75 + 30);
    expect(depth.areaAt(100) / 100).toBe(1.05); // time-weighted mean over [0, 100)
    expect(depth.value).toBe(1);
  });

  it('gives utilization as busy time over elapsed time for a 0/1 level', () => {
    const busy = new LevelTracker();
    const intervals = [[5, 15], [20, 21], [50, 90]] as const; // busy 10 + 1 + 40 ns
    for (const [from, to] of intervals) {
      busy.set(from, 1);
      busy.set(to, 0);
    }
    expect(busy.areaAt(100) / 100).toBe(0.51);
  });

  it('refuses time going back and non-finite levels', () => {
    const level = new LevelTracker();
    level.set(10, 1);
    expect(() => level.set(9, 2)).toThrow(/before/);
    expect(() => level.areaAt(9)).toThrow(/before/);
    expect(() => level.set(11, Number.NaN)).toThrow(/not finite/);
  });
});

describe('LevelSeries', () => {
  it('averages each interval over time and keeps its max, across idle intervals', () => {
    const depth = new LevelSeries(100, 0);
    depth.set(20, 4); // interval 0: 0 for 20 ns, 4 for 80 ns → mean 3.2
    depth.set(150, 1); // interval 1: 4 for 50, 1 for 50 → 2.5, max 4
    depth.set(420, 0); // intervals 2, 3 at a constant 1; interval 4: 1 for 20, 0 for 80 → 0.2
    expect(depth.snapshot(460)).toEqual({
      intervalNs: 100,
      points: [
        { tNs: 0, spanNs: 100, mean: 3.2, max: 4 },
        { tNs: 100, spanNs: 100, mean: 2.5, max: 4 },
        { tNs: 200, spanNs: 100, mean: 1, max: 1 },
        { tNs: 300, spanNs: 100, mean: 1, max: 1 },
        { tNs: 400, spanNs: 60, mean: 20 / 60, max: 1 },
      ],
    });
  });

  it('gives the utilization of each interval for a busy flag', () => {
    const busy = new LevelSeries(1_000, 0);
    busy.set(100, 1);
    busy.set(400, 0); // 300 busy in [0, 1000)
    busy.set(900, 1); // busy from 900 to 1250: 100 in the first interval, 250 in the second
    busy.set(1_250, 0);
    const means = busy.snapshot(2_000).points.map((point) => point.mean);
    expect(means).toEqual([0.4, 0.25]);
  });

  it('leaves the warm-up out of the totals but not out of the series', () => {
    const depth = new LevelSeries(100, 50, 2); // starts at 2
    depth.set(30, 6); // before the warm-up ends
    depth.set(80, 0); // 6 for [50, 80): area 180 after the warm-up
    depth.set(110, 3); // 0 for [80, 110); 3 for [110, 150): area 120
    expect(depth.totals(150)).toEqual({ spanNs: 100, mean: 3, max: 6 });
    const first = depth.snapshot(150).points[0]!;
    expect(first).toEqual({ tNs: 0, spanNs: 100, mean: (2 * 30 + 6 * 50) / 100, max: 6 });
  });

  it('has empty totals before the warm-up ends', () => {
    const depth = new LevelSeries(100, 1_000);
    depth.set(10, 5);
    expect(depth.totals(500)).toEqual({ spanNs: 0, mean: 0, max: 0 });
  });

  it('takes the level in effect at the end of the warm-up as the first max', () => {
    const depth = new LevelSeries(1_000, 100);
    depth.set(10, 7);
    depth.set(500, 1);
    expect(depth.totals(600)).toEqual({ spanNs: 500, mean: (7 * 400 + 1 * 100) / 500, max: 7 });
  });
});

import { describe, expect, it } from 'vitest';
import { diskSimRmsMs } from './disksim-rms.js';
import { demeritMs } from './stats.js';

const times = (count: number, ms: number): number[] => new Array<number>(count).fill(ms);

describe('diskSimRmsMs: the demerit as DiskSim’s rms tool computes it from its printed distributions', () => {
  it('is 0 for the same times in any order', () => {
    expect(diskSimRmsMs([3.2, 7.9, 12.5], [12.5, 3.2, 7.9])).toBe(0);
  });

  it('measures a shift where buckets are 1 µs wide (below 0.1 ms) as the shift', () => {
    // 0.0505 ms counts in the bucket printed at 0.051 ms, 0.0605 ms in the one at 0.061 ms; each curve rises
    // linearly across its bucket, so the two are 0.010 ms apart at every probability.
    expect(diskSimRmsMs(times(100, 0.0505), times(100, 0.0605))).toBeCloseTo(0.01, 9);
  });

  it('does not see a difference inside one bucket, as the per-request demerit does', () => {
    // From 15.012 ms to 15.163 ms is one bucket (1 % of its start): 15.02 and 15.10 ms print as the same curve.
    expect(diskSimRmsMs(times(50, 15.02), times(50, 15.1))).toBe(0);
    expect(demeritMs(times(50, 15.02), times(50, 15.1))).toBeCloseTo(0.08, 9);
    // One bucket up (from 15.163 ms), the curves part: the simulated one rises across [15.163, 15.315].
    expect(diskSimRmsMs(times(50, 15.02), times(50, 15.2))).toBeGreaterThan(0.14);
  });

  it('compares the curves at every 0.0001 of probability, interpolating inside a bucket', () => {
    // Measured: half at 0.0505, half at 0.0705 ms; simulated: all at 0.0605 ms. Below a probability of 0.5 the
    // measured curve is at 0.050 + 0.002·p ms, above it at 0.069 + 0.002·p; the simulated one at 0.060 + 0.001·p.
    const measured = [...times(10, 0.0505), ...times(10, 0.0705)];
    let squares = 0;
    let points = 0;
    for (let p = 0.0001; p <= 1; p += 0.0001) {
      const gap = (p <= 0.5 ? 0.05 + 0.002 * p : 0.069 + 0.002 * p) - (0.06 + 0.001 * p);
      squares += gap * gap;
      points++;
    }
    expect(diskSimRmsMs(measured, times(20, 0.0605))).toBeCloseTo(Math.sqrt(squares / points), 9);
  });

  it('refuses no times or a negative time', () => {
    expect(() => diskSimRmsMs([], [1])).toThrow(RangeError);
    expect(() => diskSimRmsMs([1, -0.5], [1, 2])).toThrow(/at least 0 ms/);
  });
});

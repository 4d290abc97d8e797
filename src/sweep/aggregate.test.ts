import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { studentTCdf, studentTQuantile } from './student-t.js';

describe('Student t', () => {
  it('matches the tables (two-sided 95%: the 0.975 quantile)', () => {
    const table: [number, number][] = [[1, 12.706205], [2, 4.302653], [4, 2.776445], [7, 2.364624], [9, 2.262157], [29, 2.04523], [120, 1.97993]];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 5);
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.169273, 5);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 4);
  });

  it('has a CDF symmetric about 0', () => {
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(-2, 5) + studentTCdf(2, 5)).toBeCloseTo(1, 12);
  });
});

describe('aggregate', () => {
  it('gives the mean, the sample standard deviation and the t interval, as by hand', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5; squared deviations sum to 32; sd = √(32/7) = 2.13809;
    // half width = t(0.975, 7) × sd / √8 = 2.364624 × 0.755929 = 1.787488.
    const a = aggregate([2, 4, 4, null, 4, 5, 5, 7, 9]);
    expect(a.n).toBe(8);
    expect(a.mean).toBe(5);
    expect(a.sd).toBeCloseTo(2.13809, 5);
    expect(a.ci95Low).toBeCloseTo(5 - 1.787488, 5);
    expect(a.ci95High).toBeCloseTo(5 + 1.787488, 5);
  });

  it('has no spread below two values, and nothing without values', () => {
    expect(aggregate([3])).toEqual({ n: 1, mean: 3, sd: null, ci95Low: null, ci95High: null });
    expect(aggregate([null, null])).toEqual({ n: 0, mean: null, sd: null, ci95Low: null, ci95High: null });
    expect(aggregate([4, 4, 4])).toMatchObject({ sd: 0, ci95Low: 4, ci95High: 4 });
  });
});

import { studentTQuantile } from './student-t.js';

/** A metric over the runs of one point: the values that were not null. */
export interface Aggregate {
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); null below two values. */
  readonly sd: number | null;
  /** 95% confidence interval of the mean, Student t with n − 1 degrees of freedom; null below two values. */
  readonly ci95Low: number | null;
  readonly ci95High: number | null;
}

/** Mean, standard deviation and the 95% confidence interval of the mean. Values are summed in the order given (by run), so the result never depends on the order runs finished in. */
export function aggregate(values: readonly (number | null)[]): Aggregate {
  const xs = values.filter((v): v is number => v !== null);
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, ci95Low: null, ci95High: null };
  const mean = xs.reduce((sum, x) => sum + x, 0) / n;
  if (n === 1) return { n, mean, sd: null, ci95Low: null, ci95High: null };
  const sd = Math.sqrt(xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95Low: mean - half, ci95High: mean + half };
}

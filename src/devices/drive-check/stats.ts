/** Summary of a set of response times, in milliseconds. */
export interface ResponseStats {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
}

/** Mean and nearest-rank percentiles of `valuesMs` (which it sorts in place). */
export function summarize(valuesMs: number[]): ResponseStats {
  valuesMs.sort((x, y) => x - y);
  const count = valuesMs.length;
  const sum = valuesMs.reduce((total, v) => total + v, 0);
  return {
    count,
    meanMs: count === 0 ? Number.NaN : sum / count,
    p50Ms: percentile(valuesMs, 0.5),
    p90Ms: percentile(valuesMs, 0.9),
    p99Ms: percentile(valuesMs, 0.99),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

/**
 * The demerit figure (Ruemmler and Wilkes): the root-mean-square horizontal
 * distance between two response-time distributions. With the same number of
 * samples on each side, the horizontal distance at quantile i/n is the gap
 * between the i-th smallest values.
 */
export function demeritMs(measuredMs: readonly number[], simulatedMs: readonly number[]): number {
  const a = [...measuredMs].sort((x, y) => x - y);
  const b = [...simulatedMs].sort((x, y) => x - y);
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`demerit needs two equal, non-empty samples (got ${a.length} and ${b.length})`);
  }
  let squares = 0;
  for (let i = 0; i < a.length; i++) squares += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(squares / a.length);
}

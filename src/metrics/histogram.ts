import { AssertionError } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import {
  BUCKET_COUNT, SUB_BUCKET_BITS, bucketIndex, bucketLowNs, bucketMidNs, percentileRank,
} from './bucket-layout.js';

/** What a report shows of a latency distribution. All zero when nothing was recorded. */
export interface LatencySummary {
  readonly count: number;
  readonly minNs: TimeNs;
  readonly meanNs: number;
  readonly p50Ns: TimeNs;
  readonly p95Ns: TimeNs;
  readonly p99Ns: TimeNs;
  readonly p999Ns: TimeNs;
  readonly maxNs: TimeNs;
}

/** The compact JSON form: only the non-empty buckets, each named by its lowest value. */
export interface LatencyHistogramJson {
  /** The bucket layout (see bucket-layout.ts); a histogram of another layout is refused. */
  readonly subBucketBits: number;
  readonly count: number;
  readonly sumNs: number;
  readonly minNs: TimeNs;
  readonly maxNs: TimeNs;
  readonly bucketLowNs: readonly number[];
  readonly bucketCounts: readonly number[];
}

const SUMMARY_PERCENTILES = [50, 95, 99, 99.9] as const;

/**
 * A latency histogram with bounded relative error (≤ 0.4 %: see
 * bucket-layout.ts) over every integer from 0 ns to 2^53 − 1 ns. Count, min,
 * max and sum are kept exactly beside the buckets, so min, max and mean are
 * exact (the sum stays exact while it is below 2^53 ns, about 104 days of
 * summed latency). `record` allocates nothing and costs a few operations.
 */
export class LatencyHistogram {
  /** Float64 rather than Uint32 counts: a long run can put more than 2^32 samples in one bucket. */
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = 0;

  get count(): number {
    return this.total;
  }

  get minNs(): TimeNs {
    return this.total === 0 ? 0 : this.min;
  }

  get maxNs(): TimeNs {
    return this.max;
  }

  /** Exact: the running sum divided by the count. */
  get meanNs(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  get sumNs(): number {
    return this.sum;
  }

  record(latencyNs: TimeNs): void {
    // Hot path: one combined test; the message is built only on failure.
    if (!(latencyNs >= 0 && latencyNs <= Number.MAX_SAFE_INTEGER && Math.floor(latencyNs) === latencyNs)) {
      throw new AssertionError(`latency ${latencyNs} ns is not a non-negative safe integer`);
    }
    this.counts[bucketIndex(latencyNs)]++;
    this.total++;
    this.sum += latencyNs;
    if (latencyNs < this.min) this.min = latencyNs;
    if (latencyNs > this.max) this.max = latencyNs;
  }

  /**
   * The p-th percentile (nearest rank), p in [0, 100]: the midpoint of the
   * bucket holding that sample, clamped to [min, max], so p0 and p100 are
   * exact. 0 when nothing was recorded.
   */
  percentile(p: number): TimeNs {
    if (!(p >= 0 && p <= 100)) throw new AssertionError(`percentile ${p} is outside [0, 100]`);
    const out = [0];
    this.valuesAtPercentiles([p], out);
    return out[0]!;
  }

  summary(): LatencySummary {
    const values = [0, 0, 0, 0];
    this.valuesAtPercentiles(SUMMARY_PERCENTILES, values);
    return {
      count: this.total,
      minNs: this.minNs,
      meanNs: this.meanNs,
      p50Ns: values[0]!,
      p95Ns: values[1]!,
      p99Ns: values[2]!,
      p999Ns: values[3]!,
      maxNs: this.max,
    };
  }

  /** Adds every sample of `other` to this histogram, as if they had been recorded here. */
  merge(other: LatencyHistogram): void {
    if (other.total === 0) return;
    const counts = this.counts;
    const from = other.counts;
    const last = bucketIndex(other.max);
    for (let i = bucketIndex(other.min); i <= last; i++) counts[i] += from[i]!;
    this.total += other.total;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Forgets every sample. Clears only the buckets between min and max, so an interval's reset is cheap. */
  reset(): void {
    if (this.total > 0) this.counts.fill(0, bucketIndex(this.min), bucketIndex(this.max) + 1);
    this.total = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = 0;
  }

  toJSON(): LatencyHistogramJson {
    const bucketLows: number[] = [];
    const bucketCounts: number[] = [];
    this.forEachBucket((index, count) => {
      bucketLows.push(bucketLowNs(index));
      bucketCounts.push(count);
    });
    return {
      subBucketBits: SUB_BUCKET_BITS,
      count: this.total,
      sumNs: this.sum,
      minNs: this.minNs,
      maxNs: this.max,
      bucketLowNs: bucketLows,
      bucketCounts,
    };
  }

  /** Rebuilds a histogram from `toJSON` output. Throws a `RangeError` naming the first inconsistency. */
  static fromJSON(json: LatencyHistogramJson): LatencyHistogram {
    checkJsonHeader(json);
    const histogram = new LatencyHistogram();
    let previous = -1;
    let total = 0;
    json.bucketLowNs.forEach((lowNs, i) => {
      const count = json.bucketCounts[i]!;
      const index = Number.isSafeInteger(lowNs) && lowNs >= 0 ? bucketIndex(lowNs) : -1;
      if (index <= previous || bucketLowNs(index) !== lowNs) {
        throw new RangeError(`histogram JSON: bucket ${i} (${lowNs} ns) is not a bucket boundary in ascending order`);
      }
      if (!(Number.isSafeInteger(count) && count > 0)) {
        throw new RangeError(`histogram JSON: bucket ${i} has count ${count}`);
      }
      histogram.counts[index] = count;
      previous = index;
      total += count;
    });
    histogram.restoreTotals(json, total);
    return histogram;
  }

  /** Calls `visit` for each non-empty bucket, in ascending order. */
  forEachBucket(visit: (index: number, count: number) => void): void {
    if (this.total === 0) return;
    const counts = this.counts;
    const last = bucketIndex(this.max);
    for (let i = bucketIndex(this.min); i <= last; i++) {
      if (counts[i]! > 0) visit(i, counts[i]!);
    }
  }

  /** One walk over the buckets for several percentiles; `ps` must be ascending. */
  private valuesAtPercentiles(ps: readonly number[], out: number[]): void {
    if (this.total === 0) {
      out.fill(0);
      return;
    }
    const counts = this.counts;
    let index = bucketIndex(this.min);
    let seen = counts[index]!;
    ps.forEach((p, k) => {
      const rank = percentileRank(p, this.total);
      while (seen < rank) seen += counts[++index]!;
      out[k] = this.valueAtRank(rank, index);
    });
  }

  private valueAtRank(rank: number, index: number): TimeNs {
    if (rank === 1) return this.min;
    if (rank === this.total) return this.max;
    return Math.min(this.max, Math.max(this.min, bucketMidNs(index)));
  }

  private restoreTotals(json: LatencyHistogramJson, bucketTotal: number): void {
    if (bucketTotal !== json.count) {
      throw new RangeError(`histogram JSON: buckets hold ${bucketTotal} samples, count says ${json.count}`);
    }
    if (json.count === 0) return;
    const lows = json.bucketLowNs;
    const minOk = bucketIndex(json.minNs) === bucketIndex(lows[0]!);
    const maxOk = bucketIndex(json.maxNs) === bucketIndex(lows[lows.length - 1]!) && json.minNs <= json.maxNs;
    if (!minOk || !maxOk) {
      throw new RangeError(`histogram JSON: min ${json.minNs} / max ${json.maxNs} disagree with the buckets`);
    }
    this.total = json.count;
    this.sum = json.sumNs;
    this.min = json.minNs;
    this.max = json.maxNs;
  }
}

function checkJsonHeader(json: LatencyHistogramJson): void {
  if (json.subBucketBits !== SUB_BUCKET_BITS) {
    throw new RangeError(`histogram JSON: layout has ${json.subBucketBits} sub-bucket bits, expected ${SUB_BUCKET_BITS}`);
  }
  if (json.bucketLowNs.length !== json.bucketCounts.length) {
    throw new RangeError('histogram JSON: bucketLowNs and bucketCounts differ in length');
  }
  const integers = [json.count, json.minNs, json.maxNs];
  if (!integers.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError('histogram JSON: count, minNs and maxNs must be non-negative safe integers');
  }
  // Not required to be a safe integer: past 2^53 the running sum is rounded, and its own JSON must load.
  if (!(Number.isFinite(json.sumNs) && json.sumNs >= json.minNs * json.count && json.sumNs <= json.maxNs * json.count)) {
    throw new RangeError(`histogram JSON: sumNs ${json.sumNs} is not between count × min and count × max`);
  }
}

/**
 * The log-linear bucket layout of `LatencyHistogram`, in the style of
 * HdrHistogram: values below `2 · SUB_BUCKET_COUNT` each have a bucket of
 * their own; above that, every power-of-two range [2^k, 2^(k+1)) is split into
 * `SUB_BUCKET_COUNT` linear sub-buckets of width 2^(k − SUB_BUCKET_BITS).
 * A wider-than-one bucket is therefore at most 1/128 of its lowest value
 * wide, and its midpoint is within 0.4 % of any value in it.
 *
 * The layout covers every safe integer (up to 2^53 − 1 ns, about 104 days),
 * so no latency ever needs clamping and there is no overflow policy to get
 * wrong. It is fixed: histograms of one layout always merge, and the JSON
 * form names it so that a changed layout is refused rather than misread.
 */
export const SUB_BUCKET_BITS = 7;
export const SUB_BUCKET_COUNT = 1 << SUB_BUCKET_BITS;
/** Values below this are counted exactly, one bucket per nanosecond. */
const EXACT_LIMIT = 2 * SUB_BUCKET_COUNT;
const TWO_32 = 4294967296;
const LOG2_MAX_SAFE = 52;

/** How many buckets the layout has: the index of MAX_SAFE_INTEGER, plus one. */
export const BUCKET_COUNT = ((LOG2_MAX_SAFE - SUB_BUCKET_BITS + 1) << SUB_BUCKET_BITS) + SUB_BUCKET_COUNT;

/** 2^e for every exponent a bucket can have, so that large values avoid `Math.pow`. */
const POW2 = Float64Array.from({ length: LOG2_MAX_SAFE + 1 }, (_, e) => 2 ** e);

/** The bucket of a non-negative safe integer. Hot path: no allocation, no checks (the caller checks). */
export function bucketIndex(valueNs: number): number {
  if (valueNs < EXACT_LIMIT) return valueNs;
  if (valueNs < TWO_32) {
    // log2(v) = 31 − clz32(v); the sub-bucket shift is log2(v) − SUB_BUCKET_BITS.
    const shift = 31 - SUB_BUCKET_BITS - Math.clz32(valueNs);
    return (shift << SUB_BUCKET_BITS) + (valueNs >>> shift);
  }
  return bucketIndexLarge(valueNs);
}

/** Values of 2^32 ns (4.3 s) and above: 32-bit operators no longer apply. */
function bucketIndexLarge(valueNs: number): number {
  const log2 = 63 - Math.clz32(Math.floor(valueNs / TWO_32));
  const shift = log2 - SUB_BUCKET_BITS;
  return (shift << SUB_BUCKET_BITS) + Math.floor(valueNs / POW2[shift]!);
}

/** The lowest value that falls in bucket `index`. */
export function bucketLowNs(index: number): number {
  if (index < EXACT_LIMIT) return index;
  const shift = (index >> SUB_BUCKET_BITS) - 1;
  return (index - (shift << SUB_BUCKET_BITS)) * POW2[shift]!;
}

/** How many integer values bucket `index` holds. */
export function bucketWidthNs(index: number): number {
  if (index < EXACT_LIMIT) return 1;
  return POW2[(index >> SUB_BUCKET_BITS) - 1]!;
}

/** The value reported for a bucket: its (integer) midpoint, so the error is at most half a bucket. */
export function bucketMidNs(index: number): number {
  return bucketLowNs(index) + Math.floor((bucketWidthNs(index) - 1) / 2);
}

/**
 * The 1-based rank of the p-th percentile among `count` sorted samples, by
 * the nearest-rank definition (the smallest sample with at least p % of the
 * samples at or below it). The tolerance keeps floating-point noise from
 * pushing e.g. p99.9 of 1000 samples (999.0000000000001) up to rank 1000.
 */
export function percentileRank(p: number, count: number): number {
  const exact = (p / 100) * count;
  return Math.min(count, Math.max(1, Math.ceil(exact - exact * 1e-12)));
}

/**
 * The demerit exactly as DiskSim 4.0's validation runs compute the figure
 * they publish (`valid/runvalid`: `disksim X.parv X.outv validate X.trace 0`,
 * then `rms X.outv X.outv -1 -1 1`). Not from the response times themselves:
 * DiskSim first counts them into its "Physical access time" (simulated) and
 * "Trace access time" (measured) distributions, and its `rms` tool
 * (`src/rms.c`, `compute_rms`) reads the two printed cumulative curves back
 * and takes the RMS horizontal distance between them, interpolated linearly,
 * at every 0.0001 of probability. The buckets (`valid/statdefs`: 1750 of
 * them, scale 1000, "Start 0 step 1 grow 1") are 1 µs wide up to 0.1 ms and
 * then 1 % of their start (0.15 ms wide at 15 ms), so the figure differs
 * from the per-request demerit (`demeritMs`) by a few percent on the slower
 * drives. Comparing with DiskSim's published figure needs DiskSim's way.
 */

/** `valid/statdefs`, "Physical access time" and "Trace access time": 1750 buckets, values in ms × 1000. */
const BUCKETS = 1750;
const SCALE = 1000;
const BUCKET_STARTS = bucketStarts();
/** `compute_rms`'s step in probability (`RMS_INCR`). */
const RMS_STEP = 0.0001;

/** The bucket boundaries, in µs: from 0 by 1, each step growing by 1 % of the boundary (`stat_get_large_dist`). */
function bucketStarts(): Int32Array {
  const starts = new Int32Array(BUCKETS);
  let start = 0;
  for (let i = 0; i < BUCKETS; i++) {
    starts[i] = start;
    start += 1 + Math.trunc(Math.abs(start) / 100);
  }
  return starts;
}

/** One printed distribution: x the bucket's printed value (ms), y the cumulative share up to and including it. */
interface CumulativeCurve {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * DiskSim's `stat_update` and `stat_print_large_dist` as `rms.c`'s
 * `get_line` reads them back: a value v (ms) counts in bucket k + 1 when
 * starts[k] ≤ ⌊v × 1000⌋ < starts[k + 1], and bucket k is printed at
 * starts[k] / 1000 with its cumulative share to 6 decimals (`%f`); reading
 * stops at the first share of 1.
 */
function cumulativeCurve(valuesMs: readonly number[]): CumulativeCurve {
  const counts = new Float64Array(BUCKETS);
  for (const value of valuesMs) counts[bucketOf(Math.trunc(value * SCALE))]! += 1;
  const x: number[] = [];
  const y: number[] = [];
  let share = 0;
  for (let i = 0; i < BUCKETS; i++) {
    share += counts[i]! / valuesMs.length;
    x.push(Number((BUCKET_STARTS[i]! / SCALE).toFixed(3)));
    y.push(Number(share.toFixed(6)));
    if (y[i]! >= 1) break;
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y) };
}

function bucketOf(scaled: number): number {
  if (scaled < BUCKET_STARTS[0]!) return 0;
  // The last k with starts[k] ≤ scaled, by binary search.
  let low = 0;
  let high = BUCKETS - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (BUCKET_STARTS[mid]! <= scaled) low = mid;
    else high = mid - 1;
  }
  if (low + 1 >= BUCKETS) throw new RangeError(`a response time of ${scaled / SCALE} ms is beyond DiskSim's largest bucket`);
  return low + 1;
}

/** `compute_rms`: the x of each curve at every RMS_STEP of probability, interpolated within its bucket. */
function rmsDistance(a: CumulativeCurve, b: CumulativeCurve): number {
  let squares = 0;
  let count = 0;
  let ia = 0;
  let ib = 0;
  // Accumulated as DiskSim does (`pnt += RMS_INCR`), so the last point is where its rounding puts it.
  for (let p = RMS_STEP; p <= 1; p += RMS_STEP) {
    while (a.y[ia]! < p) ia++;
    while (b.y[ib]! < p) ib++;
    const gap = interpolate(a, ia, p) - interpolate(b, ib, p);
    squares += gap * gap;
    count++;
  }
  return Math.sqrt(squares / count);
}

function interpolate(curve: CumulativeCurve, i: number, p: number): number {
  const { x, y } = curve;
  const fraction = (p - y[i - 1]!) / (y[i]! - y[i - 1]!);
  return x[i - 1]! + fraction * (x[i]! - x[i - 1]!);
}

/**
 * DiskSim 4.0's published validation demerit (ms) of `simulatedMs` against
 * `measuredMs`: the same requests' response times, in any order.
 */
export function diskSimRmsMs(measuredMs: readonly number[], simulatedMs: readonly number[]): number {
  if (measuredMs.length === 0 || simulatedMs.length === 0) throw new RangeError('the DiskSim rms needs response times on both sides');
  // A negative time would land in the bucket printed at 0 ms, before which `compute_rms` has nothing to interpolate from.
  if (!(measuredMs.every((v) => v >= 0) && simulatedMs.every((v) => v >= 0))) throw new RangeError('the DiskSim rms needs response times of at least 0 ms');
  return rmsDistance(cumulativeCurve(simulatedMs), cumulativeCurve(measuredMs));
}

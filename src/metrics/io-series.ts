import { AssertionError } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { IntervalSeries } from './interval-series.js';
import { mbPerSecond, perSecond } from './rates.js';

/** One interval of I/O completions: counts, rates over `spanNs`, and the latency distribution. */
export interface IoPoint {
  readonly tNs: TimeNs;
  /** `intervalNs`, except for the last, still-open interval of a snapshot. */
  readonly spanNs: TimeNs;
  readonly ops: number;
  readonly reads: number;
  readonly writes: number;
  readonly bytes: number;
  readonly iops: number;
  /** Decimal MB (10^6 bytes) per second. */
  readonly mbPerS: number;
  readonly latency: LatencySummary;
}

/**
 * I/O completions bucketed by completion time. One histogram serves every
 * interval: it is summarised when its interval closes and then cleared, so a
 * point carries exact count/mean/max and percentiles within the histogram's
 * error bound at no per-interval allocation beyond the point itself.
 */
export class IoSeries extends IntervalSeries<IoPoint> {
  private readonly latency = new LatencyHistogram();
  private reads = 0;
  private writes = 0;
  private bytes = 0;

  /** Hot path: an I/O of `sizeBytes` completed at `nowNs` after `latencyNs`. */
  record(nowNs: TimeNs, latencyNs: TimeNs, sizeBytes: number, isWrite: boolean): void {
    if (!(nowNs >= this.lastNs && nowNs < this.endNs)) this.moveTo(nowNs);
    this.lastNs = nowNs;
    if (!(sizeBytes >= 0 && Math.floor(sizeBytes) === sizeBytes)) {
      throw new AssertionError(`I/O size ${sizeBytes} bytes is not a non-negative integer`);
    }
    this.latency.record(latencyNs);
    if (isWrite) this.writes++;
    else this.reads++;
    this.bytes += sizeBytes;
  }

  protected pointOf(startNs: TimeNs, endNs: TimeNs): IoPoint {
    const spanNs = endNs - startNs;
    const ops = this.reads + this.writes;
    return {
      tNs: startNs,
      spanNs,
      ops,
      reads: this.reads,
      writes: this.writes,
      bytes: this.bytes,
      iops: perSecond(ops, spanNs),
      mbPerS: mbPerSecond(this.bytes, spanNs),
      latency: this.latency.summary(),
    };
  }

  protected startInterval(): void {
    this.latency.reset();
    this.reads = 0;
    this.writes = 0;
    this.bytes = 0;
  }
}

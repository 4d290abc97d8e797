import type { TimeNs } from '../engine/time.js';
import { LatencyHistogram, type LatencyHistogramJson, type LatencySummary } from './histogram.js';
import { mbPerSecond, perSecond } from './rates.js';

/** Latency of all I/Os, and of reads and writes apart. */
export interface LatencyByKind<T> {
  readonly all: T;
  readonly read: T;
  readonly write: T;
}

/** Totals of I/O completions over a span (the measured span of a run, or the time a phase was open). */
export interface IoTotalsReport {
  readonly spanNs: TimeNs;
  readonly ops: number;
  readonly reads: number;
  readonly writes: number;
  readonly bytes: number;
  readonly readBytes: number;
  readonly writeBytes: number;
  readonly iops: number;
  /** Decimal MB (10^6 bytes) per second. */
  readonly mbPerS: number;
  readonly latency: LatencyByKind<LatencySummary>;
  /** The full distributions, when the snapshot asked for them (e.g. to merge runs of a sweep). */
  readonly histograms?: LatencyByKind<LatencyHistogramJson>;
}

/**
 * Counts, bytes and latency histograms of reads and writes. Only reads and
 * writes are recorded; "all" is their merge, made at report time so that the
 * hot path records into one histogram, not two.
 */
export class IoTotals {
  private readonly readLatency = new LatencyHistogram();
  private readonly writeLatency = new LatencyHistogram();
  private readBytes = 0;
  private writeBytes = 0;

  /** Hot path. The caller has checked `sizeBytes`; the histogram checks `latencyNs`. */
  add(latencyNs: TimeNs, sizeBytes: number, isWrite: boolean): void {
    if (isWrite) {
      this.writeLatency.record(latencyNs);
      this.writeBytes += sizeBytes;
    } else {
      this.readLatency.record(latencyNs);
      this.readBytes += sizeBytes;
    }
  }

  report(spanNs: TimeNs, withHistograms: boolean): IoTotalsReport {
    const all = new LatencyHistogram();
    all.merge(this.readLatency);
    all.merge(this.writeLatency);
    const bytes = this.readBytes + this.writeBytes;
    const report: IoTotalsReport = {
      spanNs,
      ops: all.count,
      reads: this.readLatency.count,
      writes: this.writeLatency.count,
      bytes,
      readBytes: this.readBytes,
      writeBytes: this.writeBytes,
      iops: perSecond(all.count, spanNs),
      mbPerS: mbPerSecond(bytes, spanNs),
      latency: { all: all.summary(), read: this.readLatency.summary(), write: this.writeLatency.summary() },
    };
    if (!withHistograms) return report;
    const histograms = { all: all.toJSON(), read: this.readLatency.toJSON(), write: this.writeLatency.toJSON() };
    return { ...report, histograms };
  }
}

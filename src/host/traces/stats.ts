import type { TraceFormatName } from './format.js';
import type { TraceReader, TraceRecord } from './reader.js';

/** What a user needs to lay a trace onto a scenario (`mirrorsim trace-stats`). */
export interface TraceStats {
  readonly file: string;
  readonly format: TraceFormatName;
  readonly lines: number;
  /** Lines that held no request: headers, other blkparse actions, its summary. */
  readonly skippedLines: number;
  readonly requests: number;
  readonly reads: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  /** From the first request to the last. */
  readonly durationNs: number;
  readonly sizeBytes: { readonly min: number; readonly mean: number; readonly max: number };
  /** Requests by size: up to `upToBytes` (and above the previous bucket's); null for the last, open, bucket. */
  readonly sizes: readonly SizeBucket[];
  /** The lowest byte any request touches, and the end of the highest one. */
  readonly span: Span;
  /** Per device or volume, the busiest first (at most `MAX_DEVICES` are told apart). */
  readonly devices: readonly DeviceStats[];
  /** Requests on devices beyond the first `MAX_DEVICES` met. */
  readonly otherDeviceRequests: number;
  /** Requests per interval, from the first request. */
  readonly iops: { readonly intervalNs: number; readonly counts: readonly number[] };
}

export interface SizeBucket {
  readonly upToBytes: number | null;
  readonly reads: number;
  readonly writes: number;
}

export interface Span {
  readonly lowBytes: number;
  readonly highBytes: number;
}

export interface DeviceStats extends Span {
  readonly device: string;
  readonly requests: number;
  readonly reads: number;
}

/** Devices told apart; a cloud trace may hold thousands of volumes, and the statistics must stay small. */
export const MAX_DEVICES = 1000;
/** At most this many intervals: coarser ones are taken as the trace goes on. */
export const MAX_INTERVALS = 24;
/**
 * The interval lengths, each a whole multiple of the one before, so that
 * counts kept per interval merge exactly into the next (in ns).
 */
const INTERVALS_NS = [1e6, 2e6, 1e7, 2e7, 1e8, 2e8, 1e9, 2e9, 1e10, 2e10, 6e10, 1.2e11, 6e11, 1.2e12, 3.6e12, 7.2e12, 2.16e13, 4.32e13, 8.64e13, 1.728e14, 8.64e14, 1.728e15, 8.64e15];
/** Size buckets: powers of two from 512 bytes to 1 MiB, and above. */
const SIZE_LIMITS = Array.from({ length: 12 }, (_, i) => 512 * 2 ** i);

/** Gathers a trace's statistics request by request, in memory that does not grow with the trace. */
export class TraceStatsBuilder {
  private requests = 0;
  private reads = 0;
  private bytesRead = 0;
  private bytesWritten = 0;
  private lastNs = 0;
  private minSize = Number.POSITIVE_INFINITY;
  private maxSize = 0;
  private readonly sizeReads = new Float64Array(SIZE_LIMITS.length + 1);
  private readonly sizeWrites = new Float64Array(SIZE_LIMITS.length + 1);
  private low = Number.POSITIVE_INFINITY;
  private high = 0;
  private readonly devices = new Map<string, { requests: number; reads: number; lowBytes: number; highBytes: number }>();
  private otherDeviceRequests = 0;
  private interval = 0;
  private counts = new Float64Array(MAX_INTERVALS);

  add(r: TraceRecord): void {
    this.requests++;
    if (r.write) this.bytesWritten += r.sizeBytes;
    else {
      this.reads++;
      this.bytesRead += r.sizeBytes;
    }
    this.lastNs = r.timeNs;
    this.minSize = Math.min(this.minSize, r.sizeBytes);
    this.maxSize = Math.max(this.maxSize, r.sizeBytes);
    const bucket = sizeBucket(r.sizeBytes);
    (r.write ? this.sizeWrites : this.sizeReads)[bucket]!++;
    const end = r.offsetBytes + r.sizeBytes;
    this.low = Math.min(this.low, r.offsetBytes);
    this.high = Math.max(this.high, end);
    this.addDevice(r, end);
    this.count(r.timeNs);
  }

  private addDevice(r: TraceRecord, end: number): void {
    let device = this.devices.get(r.device);
    if (!device) {
      if (this.devices.size >= MAX_DEVICES) {
        this.otherDeviceRequests++;
        return;
      }
      device = { requests: 0, reads: 0, lowBytes: r.offsetBytes, highBytes: end };
      this.devices.set(r.device, device);
    }
    device.requests++;
    if (!r.write) device.reads++;
    device.lowBytes = Math.min(device.lowBytes, r.offsetBytes);
    device.highBytes = Math.max(device.highBytes, end);
  }

  private count(timeNs: number): void {
    while (Math.floor(timeNs / INTERVALS_NS[this.interval]!) >= MAX_INTERVALS) this.coarsen();
    this.counts[Math.floor(timeNs / INTERVALS_NS[this.interval]!)]!++;
  }

  /** Merges the counts into intervals of the next length. */
  private coarsen(): void {
    const ratio = INTERVALS_NS[this.interval + 1]! / INTERVALS_NS[this.interval]!;
    const merged = new Float64Array(MAX_INTERVALS);
    this.counts.forEach((n, i) => (merged[Math.floor(i / ratio)]! += n));
    this.counts = merged;
    this.interval++;
  }

  result(reader: Pick<TraceReader, 'file' | 'format' | 'lineCount' | 'skippedLines'>): TraceStats {
    const n = this.requests;
    const used = n === 0 ? 0 : Math.floor(this.lastNs / INTERVALS_NS[this.interval]!) + 1;
    return {
      file: reader.file,
      format: reader.format,
      lines: reader.lineCount,
      skippedLines: reader.skippedLines,
      requests: n,
      reads: this.reads,
      bytesRead: this.bytesRead,
      bytesWritten: this.bytesWritten,
      durationNs: this.lastNs,
      sizeBytes: n === 0 ? { min: 0, mean: 0, max: 0 } : { min: this.minSize, mean: (this.bytesRead + this.bytesWritten) / n, max: this.maxSize },
      sizes: [...SIZE_LIMITS, null].map((upToBytes, i) => ({ upToBytes, reads: this.sizeReads[i]!, writes: this.sizeWrites[i]! })),
      span: n === 0 ? { lowBytes: 0, highBytes: 0 } : { lowBytes: this.low, highBytes: this.high },
      devices: [...this.devices].map(([device, d]) => ({ device, ...d })).sort((a, b) => b.requests - a.requests || (a.device < b.device ? -1 : 1)),
      otherDeviceRequests: this.otherDeviceRequests,
      iops: { intervalNs: INTERVALS_NS[this.interval]!, counts: Array.from(this.counts.subarray(0, used)) },
    };
  }
}

function sizeBucket(bytes: number): number {
  for (let i = 0; i < SIZE_LIMITS.length; i++) if (bytes <= SIZE_LIMITS[i]!) return i;
  return SIZE_LIMITS.length;
}

/** Reads a whole trace (streaming) into its statistics. */
export function traceStats(reader: TraceReader): TraceStats {
  const builder = new TraceStatsBuilder();
  for (let r = reader.next(); r !== undefined; r = reader.next()) builder.add(r);
  return builder.result(reader);
}

import { NS_PER_S, type TimeNs } from '../engine/time.js';

/** Bytes in a megabyte, as storage vendors count throughput (MB/s, decimal). */
export const BYTES_PER_MB = 1_000_000;

/** Operations per second over `spanNs`; 0 over an empty span rather than a division by zero. */
export function perSecond(count: number, spanNs: TimeNs): number {
  return spanNs > 0 ? (count * NS_PER_S) / spanNs : 0;
}

/** Decimal megabytes per second over `spanNs`. */
export function mbPerSecond(bytes: number, spanNs: TimeNs): number {
  return perSecond(bytes, spanNs) / BYTES_PER_MB;
}

import type { TimeNs } from '../engine/time.js';
import type { History } from '../array/history.js';
import { LatencyHistogram, type LatencySummary } from '../metrics/histogram.js';

/** A window of the run: host I/Os completing in [startNs, endNs) count in it. */
export interface LatencyWindow {
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
}

/** Latency at each of `percentiles` (ascending): the distribution, compact enough for results.json and a CDF chart. */
export interface LatencyCdf {
  readonly percentiles: readonly number[];
  readonly latencyNs: readonly TimeNs[];
}

/** Every percent, then the tail in finer steps: a CDF chart's points. */
export const CDF_PERCENTILES: readonly number[] = [...Array.from({ length: 100 }, (_, p) => p), 99.5, 99.9, 99.99, 100];

/** Latency of the host I/Os that completed in a window: per host, and over all hosts; reads and writes apart. */
export interface WindowLatency {
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
  readonly all: LatencySummary;
  /** The distribution of `all` (every host, reads and writes). */
  readonly cdf: LatencyCdf;
  readonly reads: LatencySummary;
  readonly writes: LatencySummary;
  readonly byHost: Readonly<Record<string, LatencySummary>>;
}

/**
 * Host latency in each window, from the recorded history (one pass over
 * the I/Os; windows are few). Failed I/Os are left out.
 */
export function windowLatencies(history: History, windows: readonly LatencyWindow[]): WindowLatency[] {
  const histograms = windows.map(() => ({ all: new LatencyHistogram(), reads: new LatencyHistogram(), writes: new LatencyHistogram(), byHost: new Map<string, LatencyHistogram>() }));
  for (let id = 0; id < history.opCountTotal; id++) {
    const op = history.op(id);
    if (op.completeNs < 0 || op.error !== null) continue;
    const latency = op.completeNs - op.issueNs;
    windows.forEach((window, i) => {
      if (op.completeNs < window.startNs || op.completeNs >= window.endNs) return;
      const h = histograms[i]!;
      h.all.record(latency);
      (op.write ? h.writes : h.reads).record(latency);
      let host = h.byHost.get(op.host);
      if (!host) h.byHost.set(op.host, (host = new LatencyHistogram()));
      host.record(latency);
    });
  }
  return windows.map((window, i) => {
    const h = histograms[i]!;
    return {
      startNs: window.startNs,
      endNs: window.endNs,
      all: h.all.summary(),
      cdf: { percentiles: CDF_PERCENTILES, latencyNs: CDF_PERCENTILES.map((p) => h.all.percentile(p)) },
      reads: h.reads.summary(),
      writes: h.writes.summary(),
      byHost: Object.fromEntries([...h.byHost].map(([host, histogram]) => [host, histogram.summary()])),
    };
  });
}

import type { History } from '../array/history.js';
import { LatencyHistogram, type LatencySummary } from '../metrics/histogram.js';
import type { CopyPhase } from '../protocol/pair.js';

/**
 * Host latency of the reads of a standard that found a track not yet
 * restored: the reads a restore serves from the BCV (and, with copy-on-read,
 * that bring the track in). Latency is the host's, issue to completion.
 */
export interface UnrestoredReads {
  /** The first read of each such track: a read counts once, when it was the first to find at least one of its tracks unrestored. */
  readonly first: LatencySummary;
  /** Every read that found at least one of its tracks unrestored (with copy-on-read off, a track is found so until the copy reaches it). */
  readonly all: LatencySummary;
}

/**
 * A restore's reads of tracks it had not yet restored, from the reads the
 * protocol recorded as it routed them (`History.redirectedReads`): "how slow
 * is a read that lands on an unrestored track" is a question experiments ask
 * (copy-on-read on or off), and the results would not otherwise tell those
 * reads apart. `phase` is the pair's `phaseIndex`-th copy phase; null for an
 * establish, or when the history does not record host I/Os.
 */
export function unrestoredReads(pair: string, phase: CopyPhase, phaseIndex: number, history: History): UnrestoredReads | null {
  if (phase.kind !== 'restore' || !history.recordsOps) return null;
  const seen = new Set<number>();
  const firstOps: number[] = [];
  const allOps: number[] = [];
  for (const read of history.redirectedReads) {
    if (read.pair !== pair || read.phase !== phaseIndex) continue;
    allOps.push(read.opId);
    let first = false;
    for (const track of read.tracks) {
      if (seen.has(track)) continue;
      seen.add(track);
      first = true;
    }
    if (first) firstOps.push(read.opId);
  }
  return { first: latencyOf(history, firstOps), all: latencyOf(history, allOps) };
}

/** Latency of the given host I/Os that completed without error. */
function latencyOf(history: History, ids: readonly number[]): LatencySummary {
  const histogram = new LatencyHistogram();
  for (const id of ids) {
    const op = history.op(id);
    if (op.completeNs >= 0 && op.error === null) histogram.record(op.completeNs - op.issueNs);
  }
  return histogram.summary();
}

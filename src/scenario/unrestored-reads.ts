import type { HostIo, IoController, IoDone } from '../array/controller.js';
import type { History } from '../array/history.js';
import { LatencyHistogram, type LatencySummary } from '../metrics/histogram.js';
import type { CopyPhase } from '../protocol/pair.js';
import { trackRange } from '../protocol/routing.js';
import type { Protocol } from '../protocol/protocol.js';

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

interface PhaseReads {
  readonly seen: Set<number>;
  readonly firstOps: number[];
  readonly allOps: number[];
}

/**
 * A decorator on the array's I/O controller that notes, as each host read
 * reaches the protocol, whether it touches tracks of a running restore not
 * yet restored — the same test the protocol makes at that instant. It only
 * records history ids; latencies come from the history once the run is over.
 * It exists because "how slow is a read that lands on an unrestored track"
 * is a question experiments ask (copy-on-read on or off), and the results
 * would not otherwise tell those reads apart.
 */
export class UnrestoredReadProbe implements IoController {
  private readonly byPhase = new Map<CopyPhase, PhaseReads>();

  constructor(
    private readonly inner: IoController,
    private readonly protocol: Protocol,
  ) {}

  read(io: HostIo, done: IoDone): void {
    if (io.opId >= 0) this.note(io);
    this.inner.read(io, done);
  }

  write(io: HostIo, done: IoDone): void {
    this.inner.write(io, done);
  }

  private note(io: HostIo): void {
    for (const pair of this.protocol.pairsOfStd(io.volume)) {
      if (!pair.restoring || pair.phase === null) continue;
      const [first, last] = trackRange(io.volume, io.startBlock, io.blockCount);
      let touched = false;
      let firstRead = false;
      const reads = this.readsOf(pair.phase);
      for (let track = first; track <= last; track++) {
        if (!pair.unrestored(track)) continue;
        touched = true;
        if (!reads.seen.has(track)) {
          reads.seen.add(track);
          firstRead = true;
        }
      }
      if (touched) reads.allOps.push(io.opId);
      if (firstRead) reads.firstOps.push(io.opId);
    }
  }

  private readsOf(phase: CopyPhase): PhaseReads {
    let reads = this.byPhase.get(phase);
    if (!reads) this.byPhase.set(phase, (reads = { seen: new Set(), firstOps: [], allOps: [] }));
    return reads;
  }

  /** A restore's reads of unrestored tracks; null for an establish, or when the history does not record host I/Os. */
  summary(phase: CopyPhase, history: History): UnrestoredReads | null {
    if (phase.kind !== 'restore' || !history.recordsOps) return null;
    const reads = this.byPhase.get(phase);
    return { first: latencyOf(history, reads?.firstOps ?? []), all: latencyOf(history, reads?.allOps ?? []) };
  }
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

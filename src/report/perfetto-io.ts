import { assert } from '../engine/assert.js';
import type { History, HostOp } from '../array/history.js';
import type { TimeNs } from '../engine/time.js';
import { microseconds, type EventArgs, type TraceEvent } from './perfetto-events.js';

/** How one host's I/Os appear in the trace: every one of them, or one in `oneIn`. */
export interface HostIoSampling {
  readonly host: string;
  /** The host's I/Os in the history. */
  readonly ios: number;
  /** How many of them the trace shows. */
  readonly written: number;
  /**
   * 1: every I/O; n > 1: the 1st, (n+1)th, (2n+1)th … of the host's I/Os in
   * issue order (a stride, not a draw: the same run gives the same trace);
   * null: none (a bound of 0).
   */
  readonly oneIn: number | null;
}

/**
 * How to show each host's I/Os within `maxPerHost` spans a host: all of
 * them when they fit, else every n-th with the smallest n that fits. One
 * pass over the history, counting, so that the file can say how it sampled
 * before it lists the spans.
 */
export function hostIoSampling(history: History, maxPerHost: number): HostIoSampling[] {
  assert(Number.isSafeInteger(maxPerHost) && maxPerHost >= 0, `the bound on I/Os per host (${maxPerHost}) must be a non-negative integer`);
  const counts = new Map<string, number>();
  for (const op of history.ops()) counts.set(op.host, (counts.get(op.host) ?? 0) + 1);
  return [...counts].map(([host, ios]) => {
    if (maxPerHost === 0) return { host, ios, written: 0, oneIn: null };
    const oneIn = Math.max(1, Math.ceil(ios / maxPerHost));
    return { host, ios, written: Math.ceil(ios / oneIn), oneIn };
  });
}

/** The name of a host's I/O spans, which Perfetto also gives their track: it says when the track is sampled. */
export function ioTrackName(sampling: HostIoSampling): string {
  return sampling.oneIn !== null && sampling.oneIn > 1 ? `host ${sampling.host} I/O (1 in ${sampling.oneIn})` : `host ${sampling.host} I/O`;
}

interface HostLanes {
  readonly sampling: HostIoSampling;
  readonly name: string;
  seen: number;
  /** Per lane, when its last I/O ended. */
  readonly laneEndsNs: TimeNs[];
}

/**
 * The sampled host I/Os as async spans (`b`/`e`): a host's I/Os overlap, and
 * the format's duration events must nest. Each span goes on the lowest
 * "lane" free since before it was issued, and a lane is the span's id
 * (process-local, `id2.local`), so the spans of one id follow each other
 * without overlapping and a host needs as many ids as it had I/Os in flight
 * at once, not one per I/O. Perfetto names an async track after its events
 * and shows a process's tracks of one name as one: a host's lanes become
 * one track, the host's, inside the array's process.
 *
 * An I/O still in flight when the run ended is cut off there (`inFlight`).
 * Streams: a second pass over the history, holding nothing per I/O.
 */
export function* hostIoEvents(history: History, sampling: readonly HostIoSampling[], pid: number, runEndNs: TimeNs): Generator<TraceEvent> {
  const hosts = new Map<string, HostLanes>(sampling.map((s) => [s.host, { sampling: s, name: ioTrackName(s), seen: 0, laneEndsNs: [] }]));
  for (const op of history.ops()) {
    const host = hosts.get(op.host);
    assert(host !== undefined, `host ${op.host} has I/Os in the history but no sampling`);
    const index = host.seen++;
    const oneIn = host.sampling.oneIn;
    if (oneIn === null || index % oneIn !== 0) continue;
    const inFlight = op.completeNs < 0;
    const endNs = inFlight ? runEndNs : op.completeNs;
    const id2 = { local: `${op.host}/${takeLane(host.laneEndsNs, op.issueNs, endNs)}` };
    yield { ph: 'b', ts: microseconds(op.issueNs), pid, cat: 'io', id2, name: host.name, args: ioArgs(op, inFlight) };
    yield { ph: 'e', ts: microseconds(endNs), pid, cat: 'io', id2, name: host.name };
  }
}

/**
 * The lowest lane whose last span ended strictly before `issueNs` (at the
 * same instant, a viewer that sorts by time alone might put the new span's
 * start before the old one's end), or a new lane.
 */
function takeLane(laneEndsNs: TimeNs[], issueNs: TimeNs, endNs: TimeNs): number {
  let lane = laneEndsNs.findIndex((laneEndNs) => laneEndNs < issueNs);
  if (lane < 0) lane = laneEndsNs.push(endNs) - 1;
  else laneEndsNs[lane] = endNs;
  return lane;
}

function ioArgs(op: HostOp, inFlight: boolean): EventArgs {
  return {
    op: op.write ? 'write' : 'read',
    volume: op.volume,
    block: op.startBlock,
    blocks: op.blockCount,
    ioId: op.id,
    issueNs: op.issueNs,
    ...(inFlight ? { inFlight: true } : { completeNs: op.completeNs, latencyNs: op.completeNs - op.issueNs }),
    ...(op.error !== null && { error: op.error }),
  };
}

import { statSync } from 'node:fs';
import type { TraceFormatName } from '../host/traces/format.js';
import { TraceReplaySource, type BeyondVolume } from '../host/traces/replay.js';
import { TraceParseError } from '../host/traces/trace-error.js';
import { WorkloadSpecError } from '../host/resolve.js';
import type { ScenarioDoc, TraceWorkloadDoc } from './schema.js';

/** A trace workload's source, whichever way the scenario spells it (`trace: FILE` or `trace: { file, … }`), defaults filled in. */
export interface TraceSource {
  /** As the scenario gives it: relative to the scenario file. */
  readonly file: string;
  readonly format: TraceFormatName;
  readonly startNs: number;
  readonly timeScale: number;
  readonly devices: readonly string[] | undefined;
  readonly beyondVolume: BeyondVolume;
}

export function traceSourceOf(w: TraceWorkloadDoc): TraceSource {
  if (typeof w.trace === 'string') {
    // The first spelling: an MQSim trace, with timeScale and device beside it.
    const devices = w.device === undefined ? undefined : [String(w.device)];
    return { file: w.trace, format: 'mqsim', startNs: 0, timeScale: w.timeScale ?? 1, devices, beyondVolume: 'wrap' };
  }
  const t = w.trace;
  return { file: t.file, format: t.format, startNs: t.start, timeScale: t.timeScale, devices: t.devices?.map(String), beyondVolume: t.beyondVolume };
}

/** How a trace is laid onto its volume, and how much of it a run can reach: what decides whether it can be replayed. */
export interface TraceMapping {
  readonly source: TraceSource;
  readonly volumeBlocks: number;
  readonly blockBytes: number;
  /**
   * Requests due later than this (ns from the replay's start) are never
   * issued: the run ends first. Infinity for a closed loop, which issues in
   * order whatever the times.
   */
  readonly horizonNs: number;
  /** The workload's `limit`; Infinity without one. */
  readonly limit: number;
}

export function traceMappingOf(doc: ScenarioDoc, w: TraceWorkloadDoc, volumeBlocks: number): TraceMapping {
  return {
    source: traceSourceOf(w),
    volumeBlocks,
    blockBytes: doc.array.blockSize,
    horizonNs: w.queueDepth === undefined ? doc.duration : Number.POSITIVE_INFINITY,
    limit: w.limit ?? Number.POSITIVE_INFINITY,
  };
}

/** What reading a trace as a run would found: why it cannot be replayed (null if it can), and what a run of it issues at most. */
export interface TraceVerdict {
  readonly problem: string | null;
  readonly requests: number;
  readonly blocks: number;
}

/** Verdicts already reached, by file version and mapping: a sweep loads the same scenario once per point. */
const verdicts = new Map<string, TraceVerdict>();
const VERDICTS_MAX = 256;

/**
 * Reads the trace at `path` (a readable file) as far as a run could read it
 * — every line up to the first request past the run's end or its limit —
 * and says whether the run would stop on it (a line that does not parse, a
 * request larger than the volume or, under `beyondVolume: refuse`, beyond
 * it). The run reads it again as it goes; here it is read once per version
 * of the file and mapping.
 */
export function traceVerdict(path: string, mapping: TraceMapping): TraceVerdict {
  const stats = statSync(path, { throwIfNoEntry: false });
  const key = JSON.stringify([path, stats?.size, stats?.mtimeMs, mapping]);
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = replayVerdict(path, mapping);
  if (verdicts.size >= VERDICTS_MAX) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

function replayVerdict(path: string, mapping: TraceMapping): TraceVerdict {
  const { source } = mapping;
  let requests = 0;
  let blocks = 0;
  try {
    const replay = new TraceReplaySource({
      file: path,
      format: source.format,
      volume: 0,
      sizeBlocks: mapping.volumeBlocks,
      blockBytes: mapping.blockBytes,
      timeScale: source.timeScale,
      startNs: source.startNs,
      ...(source.devices && { devices: source.devices }),
      beyondVolume: source.beyondVolume,
    });
    // As a host driver asks: when the next is due, then the request, until the run's end or its limit.
    while (requests < mapping.limit) {
      const dueNs = replay.peekNs();
      if (dueNs === Number.POSITIVE_INFINITY || dueNs > mapping.horizonNs) break;
      blocks += replay.next()!.blockCount;
      requests++;
    }
    return { problem: null, requests, blocks };
  } catch (error) {
    if (error instanceof TraceParseError) return { problem: `the trace cannot be replayed: ${error.message}`, requests, blocks };
    if (error instanceof WorkloadSpecError) return { problem: `the trace cannot be replayed: ${error.field}: expected ${error.expected}, got ${JSON.stringify(error.got)}`, requests, blocks };
    throw error;
  }
}

import { assert } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import type { History } from '../array/history.js';
import type { PairResult, RunResult } from '../scenario/results.js';
import { microseconds, threadMetadata, traceFileLines, type EventArgs, type TraceEvent } from './perfetto-events.js';
import { hostIoEvents, hostIoSampling, type HostIoSampling } from './perfetto-io.js';

/** What `otherData.format` says: the tracks and arguments below (docs/perfetto.md describes them). */
export const PERFETTO_FORMAT = 'mirrorsim.perfetto/1';

/** Host I/O spans a host gets before its I/Os are sampled (`--perfetto-max-ios`). */
export const DEFAULT_MAX_IOS_PER_HOST = 100_000;

export interface PerfettoOptions {
  /** The most I/O spans a host gets; above it, one I/O in n (default `DEFAULT_MAX_IOS_PER_HOST`; 0: none). */
  readonly maxIosPerHost?: number;
}

/** One process per array (a run simulates one array), so that its tracks sit together. */
const ARRAY_PID = 1;
const COMMANDS_TID = 1;
const FAULTS_TID = 2;
/** Each pair gets two threads from here on: its states, then its copy phases. */
const FIRST_PAIR_TID = 10;

/**
 * A run as a trace in the Trace Event Format, line by line (for
 * ui.perfetto.dev or Chromium's tracing page): each pair's states and copy
 * phases as spans, commands and faults as instants, every host I/O the
 * history recorded as a span on its host's track (sampled above
 * `maxIosPerHost` a host, which the file says), and each drive's queue depth
 * and each pair's copy progress as counters. A pure function of the results
 * and the history; the I/Os are streamed from the history.
 */
export function* perfettoLines(result: RunResult, history: History, options: PerfettoOptions = {}): Generator<string> {
  const maxIosPerHost = options.maxIosPerHost ?? DEFAULT_MAX_IOS_PER_HOST;
  const sampling = history.recordsOps ? hostIoSampling(history, maxIosPerHost) : null;
  yield* traceFileLines(otherData(result, sampling, maxIosPerHost), traceEvents(result, history, sampling));
}

function otherData(result: RunResult, sampling: readonly HostIoSampling[] | null, maxIosPerHost: number): EventArgs {
  return {
    format: PERFETTO_FORMAT,
    scenario: result.scenario.name,
    seed: result.scenario.seed,
    traceHash: result.traceHash,
    simulatedNs: result.simulatedNs,
    complete: result.complete,
    reproduce: result.reproduce,
    hostIo: sampling === null
      ? { recorded: false, why: 'the run did not record host I/Os (metrics.history: false)' }
      : { recorded: true, maxPerHost: maxIosPerHost, sampled: sampling.some((s) => s.written < s.ios), hosts: sampling },
    counters: { intervalNs: result.metrics.intervalNs, queueDepth: 'time-weighted mean and max of each interval' },
  };
}

function* traceEvents(result: RunResult, history: History, sampling: readonly HostIoSampling[] | null): Generator<TraceEvent> {
  const endNs = result.simulatedNs;
  yield { ph: 'M', ts: 0, pid: ARRAY_PID, name: 'process_name', args: { name: `array: ${result.scenario.name} (seed ${result.scenario.seed})` } };
  yield* threadMetadata(ARRAY_PID, COMMANDS_TID, 'commands');
  yield* threadMetadata(ARRAY_PID, FAULTS_TID, 'faults');
  yield* commandInstants(result);
  yield* faultInstants(result);
  for (const [i, pair] of result.pairs.entries()) {
    const stateTid = FIRST_PAIR_TID + 2 * i;
    yield* threadMetadata(ARRAY_PID, stateTid, `pair ${pair.name} state`);
    yield* threadMetadata(ARRAY_PID, stateTid + 1, `pair ${pair.name} copy`);
    yield* stateSpans(pair, stateTid, endNs);
    yield* copyPhaseSpans(pair, stateTid + 1, endNs);
    yield* copyProgressCounter(pair);
  }
  yield* queueDepthCounters(result);
  if (sampling !== null) yield* hostIoEvents(history, sampling, ARRAY_PID, endNs);
}

/** Each command where it took effect on its pair (which is where the pair's state changes), a refused one where it was refused. */
function* commandInstants(result: RunResult): Generator<TraceEvent> {
  const instants = result.commands.map((command) => {
    const atNs = command.appliedNs >= 0 ? command.appliedNs : command.completeNs >= 0 ? command.completeNs : command.issueNs;
    const name = `${command.command} ${command.target}${command.error === null ? '' : ` refused (${command.error})`}`;
    return { atNs, name, args: { ...command } };
  });
  yield* instantsInOrder(instants, COMMANDS_TID, 'command');
}

function* faultInstants(result: RunResult): Generator<TraceEvent> {
  const instants = result.faults.map((fault) => ({ atNs: fault.atNs, name: `${fault.fault} ${fault.target}`, args: { detail: fault.detail } }));
  yield* instantsInOrder(instants, FAULTS_TID, 'fault');
}

function* instantsInOrder(instants: readonly { atNs: TimeNs; name: string; args: EventArgs }[], tid: number, cat: string): Generator<TraceEvent> {
  // A stable sort: records of one instant keep the order they were made in.
  for (const { atNs, name, args } of [...instants].sort((a, b) => a.atNs - b.atNs)) {
    yield { ph: 'i', ts: microseconds(atNs), pid: ARRAY_PID, tid, s: 't', name, cat, args };
  }
}

/** One span per state the pair entered, from then to its next state (or the run's end); an instant state (`SplitInProg` of a split done at once) is a span of no length. */
function* stateSpans(pair: PairResult, tid: number, endNs: TimeNs): Generator<TraceEvent> {
  for (const [i, change] of pair.timeline.entries()) {
    const untilNs = pair.timeline[i + 1]?.atNs ?? endNs;
    assert(untilNs >= change.atNs, `pair ${pair.name}: state ${change.label} at ${change.atNs} ns is followed by one at ${untilNs} ns`);
    yield { ph: 'B', ts: microseconds(change.atNs), pid: ARRAY_PID, tid, name: change.label, cat: 'state', args: { state: change.state, atNs: change.atNs } };
    yield { ph: 'E', ts: microseconds(untilNs), pid: ARRAY_PID, tid };
  }
}

/** One span per copy phase; a phase still running at the run's end is drawn to it (`open`). */
function* copyPhaseSpans(pair: PairResult, tid: number, endNs: TimeNs): Generator<TraceEvent> {
  for (const phase of pair.phases) {
    const untilNs = phase.endNs ?? endNs;
    const how = [phase.incremental ? 'incremental' : 'full', ...(phase.kind === 'restore' ? [phase.protected ? 'protected' : 'unprotected'] : [])];
    yield {
      ph: 'X',
      ts: microseconds(phase.startNs),
      dur: microseconds(untilNs - phase.startNs),
      pid: ARRAY_PID,
      tid,
      name: `${phase.kind} (${how.join(', ')})`,
      cat: 'copy',
      args: {
        direction: phase.direction,
        startNs: phase.startNs,
        endNs: phase.endNs,
        open: phase.endNs === null,
        abandoned: phase.abandoned,
        tracksInScope: phase.tracksInScope,
        copied: phase.counters,
        readErrors: phase.readErrors,
      },
    };
  }
}

/** The share of the phase's tracks brought across, at each of its progress samples (its start, about every 0.5 %, its end). */
function* copyProgressCounter(pair: PairResult): Generator<TraceEvent> {
  for (const phase of pair.phases) {
    for (const sample of phase.progress) {
      const copied = sample.background + sample.copyOnRead + sample.merged + sample.overwritten + sample.copyBeforeWrite;
      const percent = phase.tracksInScope === 0 ? 100 : (100 * copied) / phase.tracksInScope;
      yield { ph: 'C', ts: microseconds(sample.atNs), pid: ARRAY_PID, name: `pair ${pair.name} copied`, args: { percent } };
    }
  }
}

/** Each drive's queue depth as the metrics measured it: the mean and the highest of each interval, from the interval's start. */
function* queueDepthCounters(result: RunResult): Generator<TraceEvent> {
  for (const drive of result.drives) {
    const points = result.metrics.groups[`drive:${drive.name}`]?.series.levels['queue']?.points ?? [];
    for (const point of points) {
      yield { ph: 'C', ts: microseconds(point.tNs), pid: ARRAY_PID, name: `drive ${drive.name} queue`, args: { mean: point.mean, max: point.max } };
    }
  }
}

import { assert } from '../engine/assert.js';
import { NS_PER_US, type TimeNs } from '../engine/time.js';

/**
 * The events of the Trace Event Format (the JSON that ui.perfetto.dev and
 * Chromium's tracing page open) that mirrorsim writes. Timestamps (`ts`) and
 * durations (`dur`) are in microseconds, as the format requires; mirrorsim's
 * integer nanoseconds become µs with three decimals, so nothing is rounded.
 *
 * Keys are written in the order declared here, `ph` and `ts` first:
 * Perfetto's importer looks for `ts` by scanning an event's keys, and gives up
 * on an event whose array-valued key comes before it.
 */
export type TraceEvent =
  | MetadataEvent
  | { readonly ph: 'B'; readonly ts: number; readonly pid: number; readonly tid: number; readonly name: string; readonly cat: string; readonly args: EventArgs }
  | { readonly ph: 'E'; readonly ts: number; readonly pid: number; readonly tid: number }
  | { readonly ph: 'X'; readonly ts: number; readonly dur: number; readonly pid: number; readonly tid: number; readonly name: string; readonly cat: string; readonly args: EventArgs }
  | { readonly ph: 'i'; readonly ts: number; readonly pid: number; readonly tid: number; readonly s: 't'; readonly name: string; readonly cat: string; readonly args: EventArgs }
  | { readonly ph: 'b'; readonly ts: number; readonly pid: number; readonly cat: string; readonly id2: AsyncId; readonly name: string; readonly args: EventArgs }
  | { readonly ph: 'e'; readonly ts: number; readonly pid: number; readonly cat: string; readonly id2: AsyncId; readonly name: string }
  | { readonly ph: 'C'; readonly ts: number; readonly pid: number; readonly name: string; readonly args: Readonly<Record<string, number>> };

/** Names a process or a thread, or orders threads (`ts` 0: Perfetto reads `ts` before it knows the event is metadata). */
export type MetadataEvent =
  | { readonly ph: 'M'; readonly ts: 0; readonly pid: number; readonly name: 'process_name'; readonly args: { readonly name: string } }
  | { readonly ph: 'M'; readonly ts: 0; readonly pid: number; readonly tid: number; readonly name: 'thread_name'; readonly args: { readonly name: string } }
  | { readonly ph: 'M'; readonly ts: 0; readonly pid: number; readonly tid: number; readonly name: 'thread_sort_index'; readonly args: { readonly sort_index: number } };

export type EventArgs = Readonly<Record<string, unknown>>;

/**
 * An async span's id, local to its process: a plain `id` is global in the
 * format, and Perfetto would show the spans on a track of their own outside
 * the array's process.
 */
export interface AsyncId {
  readonly local: string;
}

/** Simulated nanoseconds as the format's microseconds (exact: an integer number of ns is a float with three decimals). */
export function microseconds(ns: TimeNs): number {
  assert(Number.isSafeInteger(ns) && ns >= 0, `trace time ${ns} ns is not a non-negative integer`);
  return ns / NS_PER_US;
}

/** One thread of the array's process: its name, and where the viewer lists it. */
export function threadMetadata(pid: number, tid: number, name: string): MetadataEvent[] {
  return [
    { ph: 'M', ts: 0, pid, tid, name: 'thread_name', args: { name } },
    { ph: 'M', ts: 0, pid, tid, name: 'thread_sort_index', args: { sort_index: tid } },
  ];
}

/**
 * The file as lines: the object form of the format, `otherData` (the
 * format's place for what describes the trace as a whole) first, then one
 * event a line, so that it is written as it is made and a long run's file
 * never sits in memory whole.
 */
export function* traceFileLines(otherData: EventArgs, events: Iterable<TraceEvent>): Generator<string> {
  yield `{"otherData":${JSON.stringify(otherData)},"traceEvents":[`;
  let separator = '';
  for (const event of events) {
    yield separator + JSON.stringify(event);
    separator = ',';
  }
  yield ']}';
}

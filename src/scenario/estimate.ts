import { resolve } from 'node:path';
import type { Scenario } from './load.js';
import type { HostDoc, ScenarioDoc, TraceWorkloadDoc, WorkloadDoc } from './schema.js';
import { traceMappingOf, traceSourceOf, traceVerdict } from './trace-check.js';

/**
 * What a run will need, estimated from the scenario alone, before anything
 * is built. Memory figures are upper bounds where the simulator allocates
 * lazily (a run may write every block); per-object costs were measured with
 * `node --expose-gc` on this simulator (heap and typed arrays after a run of
 * 2 000 drives, volumes or hosts), rounded up.
 */

/** One contributor: what it is, how much, and where in the document it comes from. */
export interface Part {
  readonly what: string;
  readonly amount: number;
  readonly at: readonly (string | number)[];
}

export interface RunEstimate {
  readonly memory: readonly Part[];
  readonly events: readonly Part[];
}

const KIB = 1024;
/** Write stamps: 4 bytes per block, plus the chunk table (8 bytes per 4 096 blocks). */
const STAMP_BYTES_PER_BLOCK = 4 + 8 / 4096;
/** Measured per object (drive: metered, with its queue and two level series; host: driver, port, metrics group). */
const DRIVE_BYTES = 160 * KIB;
const VOLUME_BYTES = 100 * KIB;
const HOST_BYTES = 160 * KIB;
const STEP_BYTES = 1 * KIB;
const PAIR_BYTES = 16 * KIB;
/** A cache slot's typed-array state and hash-index entries, plus 4 bytes per block of its stamps. */
const SLOT_BYTES = 72;
/** One point of a time series: its object (~200 bytes) and its text in results.json (~300 bytes). */
const POINT_BYTES = 500;
/** One recorded host I/O: eight 8-byte columns, plus 4 bytes per block of stamps. */
const OP_BYTES = 64;
/** A recorded physical write: six 8-byte columns. */
const PHYSICAL_BYTES = 48;
/** A host I/O's latency breakdown: 16 stages and 2 times of 8 bytes, 2 of 4 (metrics.breakdown). */
const BREAKDOWN_BYTES = 152;
/** A trace reader's state, whatever the trace's length: a read chunk, gzip's window and buffer, the line being read. */
const TRACE_READER_BYTES = 256 * KIB;
/** Simulator events per host I/O and per copied track: 5.6 to 8.3 measured on the shipped scenarios. */
export const EVENTS_PER_IO = 10;
const PROCESS_BYTES = 64 * 2 ** 20;

export function estimateRun(scenario: Scenario): RunEstimate {
  const { doc } = scenario;
  const ios = doc.hosts.map((host, i) => hostIos(scenario, host, i));
  return { memory: memoryParts(scenario, ios), events: eventParts(doc, ios) };
}

/** Expected host I/Os of one host, when the scenario alone says (open loop, trace, or a limit); null for an unlimited closed loop. */
interface HostIos {
  readonly count: number | null;
  readonly blocksPerOp: number;
  readonly what: string;
  readonly at: readonly (string | number)[];
}

function hostIos(scenario: Scenario, host: HostDoc, i: number): HostIos {
  const { doc } = scenario;
  const w = host.workload;
  const at = ['hosts', i, 'workload'];
  if ('trace' in w) return traceIos(scenario, w, i, host.name);
  const blocksPerOp = meanBytes(w) / doc.array.blockSize;
  if (w.iops === undefined) {
    if (w.limit === undefined) return { count: null, blocksPerOp, what: '', at };
    return { count: w.limit, blocksPerOp, what: `hosts[${i}] (${host.name}): a closed loop limited to ${w.limit} I/Os`, at: [...at, 'limit'] };
  }
  const start = host.start === 'manual' ? 0 : host.start;
  const seconds = Math.max(0, doc.duration - start) / 1e9;
  const duty = w.bursts && w.bursts.on + w.bursts.off > 0 ? w.bursts.on / (w.bursts.on + w.bursts.off) : 1;
  const expected = w.iops * seconds * duty;
  const count = Math.min(expected, w.limit ?? Number.POSITIVE_INFINITY);
  const what = `hosts[${i}] (${host.name}): ${w.iops} IOPS × ${formatSeconds(seconds)}${duty < 1 ? ` × ${duty.toFixed(2)} (bursts)` : ''} ≈ ${formatCount(count)} I/Os`;
  return { count, blocksPerOp, what, at: [...at, count === w.limit ? 'limit' : 'iops'] };
}

/** A trace's I/Os: those the loader's check found a run can issue (read as the run reads it; the verdict is cached). */
function traceIos(scenario: Scenario, w: TraceWorkloadDoc, i: number, host: string): HostIos {
  const { doc } = scenario;
  const { array } = doc;
  const volume = array.volumes.find((v) => v.name === w.volume)!;
  // Volumes are whole tracks, as the loader's check laid the trace on them.
  const volumeBlocks = (Math.ceil(volume.size / array.trackSize) * array.trackSize) / array.blockSize;
  const { requests, blocks } = traceVerdict(resolve(scenario.dir, traceSourceOf(w).file), traceMappingOf(doc, w, volumeBlocks));
  const at = ['hosts', i, 'workload', ...(typeof w.trace === 'string' ? ['trace'] : ['trace', 'file'])];
  return { count: requests, blocksPerOp: requests === 0 ? 0 : blocks / requests, what: `hosts[${i}] (${host}): a trace of ${requests} I/Os within the run`, at };
}

function meanBytes(w: WorkloadDoc): number {
  if (typeof w.size === 'number') return w.size;
  const weight = w.size.reduce((sum, s) => sum + s.weight, 0);
  return w.size.reduce((sum, s) => sum + s.size * s.weight, 0) / weight;
}

function memoryParts(scenario: Scenario, ios: readonly HostIos[]): Part[] {
  const { doc } = scenario;
  const { array } = doc;
  const parts: Part[] = [{ what: 'the simulator itself: 64 MiB', amount: PROCESS_BYTES, at: [] }];
  const blocks = array.volumes.map((v) => Math.ceil(v.size / array.trackSize) * (array.trackSize / array.blockSize));
  const largest = blocks.reduce((best, b, i) => (b > blocks[best]! ? i : best), 0);
  const stampBytes = blocks.reduce((sum, b) => sum + b * STAMP_BYTES_PER_BLOCK, 0) + array.volumes.length * VOLUME_BYTES;
  parts.push({
    what: `volumes: ${volumeSizes(doc)} = ${formatBytesAbout(stampBytes)} of write stamps (4 bytes per ${formatBytesAbout(array.blockSize)} block, held once written)`,
    amount: stampBytes,
    at: ['array', 'volumes', largest, 'size'],
  });
  const slots = Math.max(16, Math.floor(array.cache.size / array.trackSize));
  const slotBytes = SLOT_BYTES + 4 * (array.trackSize / array.blockSize);
  parts.push({ what: `cache: ${formatBytesAbout(array.cache.size)} = ${formatCount(slots)} slots × ${slotBytes} bytes`, amount: slots * slotBytes, at: ['array', 'cache', 'size'] });
  const drives = array.drives.reduce((n, d) => n + ('count' in d ? d.count : 1), 0);
  parts.push({ what: `drives: ${drives} × ${DRIVE_BYTES / KIB} KiB of state`, amount: drives * DRIVE_BYTES, at: ['array', 'drives'] });
  parts.push({ what: `hosts: ${doc.hosts.length} × ${HOST_BYTES / KIB} KiB of state`, amount: doc.hosts.length * HOST_BYTES, at: ['hosts'] });
  parts.push({ what: `timeline: ${doc.timeline.length} steps`, amount: doc.timeline.length * STEP_BYTES, at: ['timeline'] });
  const tracks = trackCounts(doc);
  const pairTracks = doc.pairs.reduce((n, p) => n + (tracks.get(p.std) ?? 0), 0);
  parts.push({ what: `pairs: ${doc.pairs.length}, change bitsets of ${formatCount(pairTracks)} tracks`, amount: doc.pairs.length * PAIR_BYTES + pairTracks, at: ['pairs'] });
  const points = seriesPoints(doc);
  parts.push({ what: `metrics: ${formatCount(points.intervals)} intervals × ${points.series} series = ${formatCount(points.total)} points`, amount: points.total * POINT_BYTES, at: ['metrics', 'interval'] });
  if (doc.metrics.history) {
    const recorded = ios.filter((h) => h.count !== null);
    const count = recorded.reduce((n, h) => n + h.count!, 0);
    const bytes = recorded.reduce((n, h) => n + h.count! * (OP_BYTES + 4 * h.blocksPerOp), 0);
    parts.push({ what: `history: about ${formatCount(count)} host I/Os recorded (${OP_BYTES} bytes + 4 per block each; metrics.history)`, amount: bytes, at: ['metrics', 'history'] });
    if (doc.metrics.history === 'physical') {
      // Each host I/O may change content up to three times (the cache, a mirror, a destage); copies add a track each.
      const physical = 3 * (bytes + count * (PHYSICAL_BYTES - OP_BYTES));
      parts.push({ what: `history: about ${formatCount(3 * count)} physical writes recorded (${PHYSICAL_BYTES} bytes + 4 per block each; metrics.history: physical)`, amount: physical, at: ['metrics', 'history'] });
    }
  }
  if (doc.metrics.breakdown) {
    const count = ios.reduce((n, h) => n + (h.count ?? 0), 0);
    parts.push({ what: `breakdown: about ${formatCount(count)} host I/Os' stages kept (${BREAKDOWN_BYTES} bytes each; metrics.breakdown)`, amount: count * BREAKDOWN_BYTES, at: ['metrics', 'breakdown'] });
  }
  doc.hosts.forEach((host, i) => {
    if (!('trace' in host.workload)) return;
    parts.push({ what: `hosts[${i}] trace reader: ${TRACE_READER_BYTES / KIB} KiB (the trace streams through)`, amount: TRACE_READER_BYTES, at: ['hosts', i, 'workload', 'trace'] });
  });
  return parts;
}

/** Time-series points the results will hold: one per interval for each host, volume and drive series, and the cache's. */
export function seriesPoints(doc: ScenarioDoc): { intervals: number; series: number; total: number } {
  const drives = doc.array.drives.reduce((n, d) => n + ('count' in d ? d.count : 1), 0);
  const intervals = Math.ceil(doc.duration / Math.max(1, doc.metrics.interval));
  const series = 2 * (drives + doc.array.volumes.length + doc.hosts.length) + 4;
  return { intervals, series, total: intervals * series };
}

function eventParts(doc: ScenarioDoc, ios: readonly HostIos[]): Part[] {
  const parts: Part[] = [];
  const tracks = trackCounts(doc);
  const pairStd = new Map(doc.pairs.map((p) => [p.name, p.std]));
  const groupPairs = new Map(doc.groups.map((g) => [g.name, g.pairs]));
  for (const h of ios) if (h.count !== null && h.count > 0) parts.push({ what: `${h.what} × ${EVENTS_PER_IO} events`, amount: h.count * EVENTS_PER_IO, at: h.at });
  doc.timeline.forEach((step, i) => {
    const target = step.establish ?? step.restore;
    if (target === undefined) return;
    const pairs = groupPairs.get(target) ?? [target];
    const copied = pairs.reduce((n, name) => n + (tracks.get(pairStd.get(name) ?? '') ?? 0), 0);
    if (copied > 0) parts.push({ what: `timeline[${i}]: ${step.establish ? 'establish' : 'restore'} ${target} copies up to ${formatCount(copied)} tracks × ${EVENTS_PER_IO} events`, amount: copied * EVENTS_PER_IO, at: ['timeline', i] });
  });
  doc.hosts.forEach((host, i) => {
    const bursts = 'trace' in host.workload ? undefined : host.workload.bursts;
    if (!bursts || bursts.on + bursts.off <= 0) return;
    const phases = (2 * doc.duration) / (bursts.on + bursts.off);
    parts.push({ what: `hosts[${i}] (${host.name}): ${formatCount(phases)} burst phases`, amount: phases, at: ['hosts', i, 'workload', 'bursts'] });
  });
  doc.faults.random.forEach((fault, i) => {
    const count = fault.ratePerSecond * (doc.duration / 1e9);
    parts.push({ what: `faults.random[${i}]: ${fault.ratePerSecond} faults/s × ${formatSeconds(doc.duration / 1e9)}`, amount: count * EVENTS_PER_IO, at: ['faults', 'random', i, 'ratePerSecond'] });
  });
  return parts;
}

/** Tracks of each volume, by name. */
function trackCounts(doc: ScenarioDoc): Map<string, number> {
  return new Map(doc.array.volumes.map((v) => [v.name, Math.ceil(v.size / doc.array.trackSize)]));
}

function volumeSizes(doc: ScenarioDoc): string {
  const sizes = doc.array.volumes.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  return sizes.every((s) => s === sizes[0]) ? `${sizes.length} × ${formatBytesAbout(sizes[0]!)}` : `${sizes.length} totalling ${formatBytesAbout(total)}`;
}

/** `12.4 GiB`, `900 TiB`: sizes for messages, to three figures; under 1 KiB in `byteUnit` (`512 bytes`, or `512 B`). */
export function formatBytesAbout(bytes: number, byteUnit = 'bytes'): string {
  const units = [byteUnit, 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : Number(value.toPrecision(3))} ${units[unit]}`;
}

/** `12 000`, `3.6e12`: counts for messages. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n < 1e6 ? String(Math.round(n)) : n.toExponential(1).replace('e+', 'e');
}

export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Number(seconds.toPrecision(3))} s`;
  if (seconds < 2 * 3600) return `${Number((seconds / 60).toPrecision(3))} min`;
  if (seconds < 2 * 86400) return `${Number((seconds / 3600).toPrecision(3))} h`;
  if (seconds < 2 * 365 * 86400) return `${Number((seconds / 86400).toPrecision(3))} days`;
  return `${Number((seconds / (365 * 86400)).toPrecision(3))} years`;
}

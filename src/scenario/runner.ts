import type { Chooser } from '../engine/choices.js';
import { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { TraceSink } from '../engine/trace.js';
import { History, type HistoryOptions } from '../array/history.js';
import type { StorageArray } from '../array/storage-array.js';
import { BreakdownBook } from '../metrics/breakdown-book.js';
import { MetricsCollector, type MetricsReport } from '../metrics/collector.js';
import { buildWorld } from '../protocol/build-world.js';
import type { Protocol } from '../protocol/protocol.js';
import { arrayConfigOf, protocolConfigOf } from './array-config.js';
import { arraySummaryOf } from './array-summary.js';
import { buildDrives } from './drives.js';
import { FaultyDrive } from '../devices/faulty-drive.js';
import { scheduleRandomFaults, usesFaults } from './faults.js';
import { buildHosts } from './hosts.js';
import type { HostPort } from './host-port.js';
import type { Scenario } from './load.js';
import { MeteredDrive } from './metered-drive.js';
import { runBreakdown, windowBreakdowns } from './phase-breakdown.js';
import { windowLatencies, type LatencyWindow } from './phase-latency.js';
import type { DriveResult, PairResult, PhaseResult, RunResult } from './results.js';
import { DEFAULT_LIMITS } from './limits.js';
import { runSlices, type SliceProgress } from './run-slices.js';
import { Timeline } from './timeline.js';
import { unrestoredReads } from './unrestored-reads.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Receives every event of the trace (for `--trace`); the hash is kept either way. */
  readonly traceSink?: TraceSink;
  readonly history?: HistoryOptions;
  readonly chooser?: Chooser;
  /** How the reproduce command names the scenario file (default: the path it was loaded from). */
  readonly reproduceAs?: string;
}

/** A finished (or interrupted) run: its results, and the live objects for those who want more (e.g. `--history`). */
export interface RunOutcome {
  readonly result: RunResult;
  readonly history: History;
  readonly sim: Simulator;
  readonly array: StorageArray;
  readonly protocol: Protocol;
  /** Every host I/O's stages, with a breakdown (null without). */
  readonly breakdown: BreakdownBook | null;
}

/** Assembles the simulated world a scenario describes, runs it for its duration, and gathers the results. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunOutcome {
  const run = startScenario(scenario, options);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

/**
 * A run to drive slice by slice: it yields after each slice (so that a caller
 * can show progress, or let its event loop see Ctrl-C); send `true` to stop
 * early. It returns the outcome, complete or not.
 */
export type ScenarioRun = Generator<SliceProgress, RunOutcome, boolean | undefined>;

/** Assembles the simulated world a scenario describes; the returned run carries it out as it is driven. */
export function* startScenario(scenario: Scenario, options: RunOptions = {}): ScenarioRun {
  const { doc } = scenario;
  const seed = options.seed ?? doc.seed;
  const sim = new Simulator({ seed, traceSink: options.traceSink, chooser: options.chooser });
  const metrics = new MetricsCollector({ intervalNs: doc.metrics.interval, warmupNs: doc.metrics.warmup });
  const history = new History(options.history ?? { ops: doc.metrics.history !== false, physical: doc.metrics.history === 'physical' });
  // With faults, each drive gets the fault overlay (inside the meter, so that metrics see the faults' effects).
  const faulty = usesFaults(doc) ? buildDrives(sim, doc.array.drives, scenario.dir).map((drive) => new FaultyDrive(sim, drive)) : null;
  const drives = (faulty ?? buildDrives(sim, doc.array.drives, scenario.dir)).map((drive) => {
    const group = metrics.group(`drive:${drive.name}`);
    return new MeteredDrive(sim, drive, group.level('queue'), group.level('busy'));
  });
  const { array, protocol, faults } = buildWorld({
    sim,
    drives,
    array: arrayConfigOf(doc, drives.length),
    history,
    faults: faulty && { drives: new Map(faulty.map((d) => [d.name, d])), spares: doc.array.spares },
    protocol: protocolConfigOf(doc),
    pairs: doc.pairs,
    groups: doc.groups,
  });
  array.cache.countFromNs = doc.metrics.warmup;
  // Every volume has a group, so that results list idle volumes too.
  for (const volume of array.volumes) metrics.group(`volume:${volume.name}`);
  const ports: HostPort[] = [];
  const book = doc.metrics.breakdown ? new BreakdownBook() : null;
  const hosts = buildHosts(sim, array, doc.hosts, metrics, scenario.dir, ports, book);
  const hostRetries = () => ports.reduce((sum, port) => sum + port.retries, 0);
  const hostByName = new Map(hosts.map((h) => [h.host, h]));
  doc.hosts.forEach((host, i) => {
    if (host.start !== 'manual') sim.at(host.start, sim.kind('host.start'), () => hosts[i]!.start());
  });
  const timeline = new Timeline(sim, protocol, hostByName, doc.timeline, faults, new Map(ports.map((port) => [port.host, port])));
  timeline.start();
  if (faults) scheduleRandomFaults(sim, faults, doc);

  const complete = yield* runSlices(sim, doc.duration, { file: scenario.file, maxEvents: scenario.limits?.events ?? DEFAULT_LIMITS.events });
  for (const host of hosts) host.stop();
  const endNs = sim.now;
  // What the history cannot say by itself: it covers the run up to here (an I/O in flight now was cut off).
  history.bounds = { ...history.bounds, runEndNs: endNs };
  const report = metrics.snapshot(endNs, { histograms: doc.metrics.histograms });
  const result: RunResult = {
    format: 'mirrorsim.results/1',
    scenario: { name: doc.name, description: doc.description ?? null, file: scenario.file, seed, durationNs: doc.duration },
    reproduce: `npx mirrorsim run ${options.reproduceAs ?? scenario.file} --seed ${seed}`,
    traceHash: sim.trace.hash(),
    events: sim.trace.count,
    simulatedNs: endNs,
    complete,
    array: arraySummaryOf(doc),
    hosts: hosts.map((host) => ({
      name: host.host,
      issued: host.issued,
      completed: host.completed,
      failed: host.failed,
      totals: report.groups[`host:${host.host}`]!.totals,
    })),
    volumes: Object.fromEntries(array.volumes.map((v) => [v.name, report.groups[`volume:${v.name}`]!.totals])),
    drives: driveResults(report),
    cache: cacheResult(array),
    pairs: [],
    timeline: timeline.records,
    commands: history.commands,
    queries: timeline.queries,
    faults: faults?.records ?? [],
    recovery: {
      mirrorReads: array.backEnd.mirrorReads,
      repairs: array.backEnd.repairs,
      destageRetries: array.cache.destageErrors,
      hostRetries: hostRetries(),
    },
    metrics: report,
    breakdown: book === null ? null : runBreakdown(book, doc.metrics.warmup, endNs),
  };
  return {
    result: { ...result, pairs: pairResults(protocol, history, book, endNs) },
    history,
    sim,
    array,
    protocol,
    breakdown: book,
  };
}

function driveResults(report: MetricsReport): DriveResult[] {
  return Object.entries(report.groups)
    .filter(([name]) => name.startsWith('drive:'))
    .map(([name, group]) => ({
      name: name.slice('drive:'.length),
      utilization: group.levels['busy']?.mean ?? 0,
      meanQueueDepth: group.levels['queue']?.mean ?? 0,
      maxQueueDepth: group.levels['queue']?.max ?? 0,
    }));
}

function cacheResult(array: StorageArray): RunResult['cache'] {
  const cache = array.cache;
  const reads = cache.readHits + cache.readMisses;
  return {
    readHits: cache.readHits,
    readMisses: cache.readMisses,
    hitRatio: reads === 0 ? 0 : cache.readHits / reads,
    writes: cache.writes,
    destages: cache.destages,
    throttledWrites: cache.throttledWrites,
  };
}

/** Each pair's timeline and copy phases, with host latency (and its breakdown) before, during and after each phase. */
function pairResults(protocol: Protocol, history: History, book: BreakdownBook | null, endNs: TimeNs): PairResult[] {
  return [...protocol.pairs.values()].map((pair) => {
    const phases = pair.phases;
    const windows: LatencyWindow[] = phases.flatMap((phase, i) => {
      const end = phase.endNs ?? endNs;
      const previousEnd = i > 0 ? (phases[i - 1]!.endNs ?? endNs) : 0;
      const nextStart = i + 1 < phases.length ? phases[i + 1]!.startNs : endNs;
      return [
        { startNs: previousEnd, endNs: phase.startNs },
        { startNs: phase.startNs, endNs: end },
        { startNs: end, endNs: Math.max(end, nextStart) },
      ];
    });
    const latencies = history.recordsOps ? windowLatencies(history, windows) : [];
    const breakdowns = book === null ? null : windowBreakdowns(book, windows);
    const phaseResults: PhaseResult[] = phases.map((phase, i) => ({
      ...phase,
      counters: { ...phase.counters },
      progress: [...phase.progress],
      durationNs: phase.endNs === null ? null : phase.endNs - phase.startNs,
      latency: { before: latencies[3 * i]!, during: latencies[3 * i + 1]!, after: latencies[3 * i + 2]! },
      unrestoredReads: unrestoredReads(pair.name, phase, i, history),
      breakdown: breakdowns === null ? null : { before: breakdowns[3 * i]!, during: breakdowns[3 * i + 1]!, after: breakdowns[3 * i + 2]! },
    }));
    return {
      name: pair.name,
      std: pair.std.name,
      bcv: pair.bcv.name,
      finalState: pair.timeline.at(-1)!.label,
      timeline: [...pair.timeline],
      phases: phaseResults,
      query: protocol.query(pair.name),
    };
  });
}

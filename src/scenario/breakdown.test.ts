import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { History } from '../array/history.js';
import { BreakdownBook } from '../metrics/breakdown-book.js';
import { Stage, STAGES, StageLedger, type StageName } from '../metrics/stage-ledger.js';
import { parseScenario } from './load.js';
import { runScenario } from './runner.js';

/**
 * The latency breakdown of whole runs: every host I/O's stages add up,
 * exactly, to the latency the host measured — checked against the history's
 * own record of each I/O, which the ledgers never see — and the breakdown
 * observes without changing anything.
 */

const US = 1_000;
const MS = 1_000_000;

/** Scenarios that between them take every path a host I/O can take (the file, and the simulated time to run it for). */
const SCENARIOS: readonly (readonly [string, string])[] = [
  ['scenarios/baseline.yaml', '4s'], // two hosts, open and closed loop, the drives' queues
  ['scenarios/protected-restore.yaml', '45s'], // copy-on-read, partial-write merges, track locks, behind the copy
  ['scenarios/bcv-independent-access.yaml', '25s'], // the BCV at its own address
  ['scenarios/consistent-group-split.yaml', '20s'], // writes held by a consistent split
  ['scenarios/faults/director-failure.yaml', '40s'], // retries on another path, RAID-1
  ['scenarios/faults/slow-drive.yaml', '40s'], // a slow drive's extra time
  ['scenarios/faults/media-error.yaml', '40s'], // reads from the other mirror
  ['src/scenario/testdata/big-write-small-cache.yaml', '1s'], // writes in pieces, throttled by write-pending room
];

function scenarioText(file: string, duration: string): string {
  return readFileSync(file, 'utf8').replace(/^duration: .*$/m, `duration: ${duration}`);
}

function run(file: string, duration: string, breakdown: boolean) {
  return runScenario(parseScenario(scenarioText(file, duration), file, { breakdown }));
}

/**
 * Each recorded I/O against the history's record of it: the stages must add
 * up to the host's latency, and that latency, less the time on paths whose
 * director failed, must be the history's (the last attempt's) issue to
 * completion. Returns what does not hold.
 */
function mismatches(book: BreakdownBook, history: History): string[] {
  const found: string[] = [];
  for (let i = 0; i < book.count; i++) {
    const entry = book.entry(i);
    const sum = entry.stageNs.reduce((a, b) => a + b, 0);
    const op = history.op(entry.opId);
    const historyNs = op.completeNs - op.issueNs;
    if (sum !== entry.latencyNs || entry.latencyNs - entry.stageNs[Stage.retry]! !== historyNs || op.completeNs !== entry.completeNs) {
      found.push(`I/O ${entry.opId}: stages ${sum} ns, latency ${entry.latencyNs} ns, history ${historyNs} ns`);
    }
  }
  return found;
}

/** Total time each stage took over a run's I/Os. */
function stageTotals(book: BreakdownBook): Record<StageName, number> {
  const totals = Object.fromEntries(STAGES.map((name) => [name, 0])) as Record<StageName, number>;
  for (let i = 0; i < book.count; i++) {
    const { stageNs } = book.entry(i);
    STAGES.forEach((name, stage) => (totals[name] += stageNs[stage]!));
  }
  return totals;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the latency breakdown of whole runs', () => {
  // Each scenario run once with the breakdown and once without, for the tests below.
  const runs = new Map<string, { plain: ReturnType<typeof run>; measured: ReturnType<typeof run> }>();
  beforeAll(() => {
    for (const [file, duration] of SCENARIOS) runs.set(file, { plain: run(file, duration, false), measured: run(file, duration, true) });
  }, 300_000);

  it.each(SCENARIOS)('%s: every host I/O’s stages add up to its latency, in whole nanoseconds, and the run is the same as without', (file) => {
    const { plain, measured } = runs.get(file)!;
    const { result, history, breakdown } = measured;
    expect(result.traceHash).toBe(plain.result.traceHash);
    expect(result.hosts).toEqual(plain.result.hosts);
    const book = breakdown!;
    expect(book.count).toBe(result.hosts.reduce((sum, host) => sum + host.completed, 0));
    expect(book.count).toBeGreaterThan(10);
    expect(mismatches(book, history)).toEqual([]);
    for (let i = 0; i < book.count; i++) for (const ns of book.entry(i).stageNs) expect(Number.isSafeInteger(ns) && ns >= 0).toBe(true);
  });

  it('between them, the scenarios spend time in every stage (an instrumented step never reached would leave one empty)', () => {
    const seen = new Set<StageName>();
    for (const { measured } of runs.values()) {
      const totals = stageTotals(measured.breakdown!);
      for (const name of STAGES) if (totals[name] > 0) seen.add(name);
    }
    expect(STAGES.filter((name) => !seen.has(name))).toEqual([]);
  });

  it('a ledger that loses a stage is caught: the run stops at the first I/O whose stages do not add up', () => {
    const enterAt = StageLedger.prototype.enterAt;
    // A broken variant: the port's transfer time is dropped instead of charged.
    vi.spyOn(StageLedger.prototype, 'enterAt').mockImplementation(function (this: StageLedger, stage, atNs) {
      const port = this.stage === Stage.port;
      enterAt.call(this, stage, atNs);
      if (port) this.ns[Stage.port] = 0;
    });
    expect(() => run('scenarios/baseline.yaml', '3s', true)).toThrow(/its stages add up to \d+ ns, not to its latency of \d+ ns/);
  });

  it('and were the run not to stop, the comparison with the history would name the I/Os', () => {
    const record = BreakdownBook.prototype.record;
    // The same broken variant, with the book's own assertion bypassed: each I/O recorded with the latency its stages claim.
    vi.spyOn(BreakdownBook.prototype, 'record').mockImplementation(function (this: BreakdownBook, host, opId, completeNs, _latencyNs, ledger) {
      ledger.finish();
      ledger.ns[Stage.port] = 0;
      const claimed = ledger.ns.reduce((a, b) => a + b, 0);
      record.call(this, host, opId, completeNs, claimed, new StageLedger({ now: completeNs }, completeNs - claimed, Stage.cache));
    });
    const { history, breakdown } = run('scenarios/baseline.yaml', '3s', true);
    expect(mismatches(breakdown!, history).length).toBe(breakdown!.count);
  });
});

/** One fixed-service drive per entry of `serviceTimes`, a volume striped over them track by track, one host reading `size` at queue depth 1. */
function fixedDrives(serviceTimes: readonly string[], size: string): string {
  return `name: fixed
duration: 2s
array:
  drives:
${serviceTimes.map((service, i) => `    - { name: d${i}, model: fixed, service: ${service} }`).join('\n')}
  frontEnd: { directors: 1, overhead: 25us, portMBps: 800 }
  backEnd: { adapters: ${serviceTimes.length}, overhead: 10us }
  cache: { size: 64MiB, accessTime: 15us }
  volumes:
    - { name: v, size: 4MiB, drives: [${serviceTimes.map((_, i) => `d${i}`).join(', ')}] }
hosts:
  - name: h
    workload: { volumes: [v], readFraction: 1, size: ${size}, queueDepth: 1 }
metrics: { breakdown: true }
`;
}

/** The stages an I/O spent time in, as a record of the non-zero ones. */
function spent(stageNs: Float64Array): Partial<Record<StageName, number>> {
  return Object.fromEntries(STAGES.flatMap((name, i) => (stageNs[i]! > 0 ? [[name, stageNs[i]!]] : [])));
}

describe('what each stage holds, where the times are known', () => {
  it('one reader on one fixed-service drive: a miss is the director, the adapter, the drive and the port; a hit the director, the cache and the port', () => {
    const { breakdown } = runScenario(parseScenario(fixedDrives(['2ms'], '4KiB'), 'fixed.yaml'));
    const portNs = (4096 * 1e3) / 800;
    const miss = { director: 25 * US, backEnd: 10 * US, driveService: 2 * MS, port: portNs };
    const hit = { director: 25 * US, cache: 15 * US, port: portNs };
    const kinds = { miss: 0, hit: 0 };
    for (let i = 0; i < breakdown!.count; i++) {
      const stages = spent(breakdown!.entry(i).stageNs);
      if (stages.driveService !== undefined) {
        expect(stages).toEqual(miss);
        kinds.miss++;
      } else {
        expect(stages).toEqual(hit);
        kinds.hit++;
      }
    }
    expect(kinds.miss).toBeGreaterThan(50);
    expect(kinds.hit).toBeGreaterThan(50);
  });

  it('a read staging two tracks at once, from a fixed-service drive and a disk, is charged the one that finished last: its critical path', () => {
    const text = fixedDrives(['1ms', '1ms'], '128KiB').replace('    - { name: d1, model: fixed, service: 1ms }', '    - { name: d1, model: hdd }');
    const { breakdown } = runScenario(parseScenario(text, 'fixed.yaml'));
    const disk = ['driveOverhead', 'seek', 'rotation', 'transfer'] as const;
    const lastWas = { disk: 0, fixed: 0 };
    for (let i = 0; i < breakdown!.count; i++) {
      const stages = spent(breakdown!.entry(i).stageNs);
      const diskNs = disk.reduce((sum, stage) => sum + (stages[stage] ?? 0), 0);
      if (stages.backEnd === undefined) continue; // a hit
      expect(stages).toMatchObject({ director: 25 * US, backEnd: 10 * US });
      if (stages.driveService !== undefined) {
        // The fixed drive finished last: its 1 ms, and none of the disk's stages.
        expect(stages.driveService).toBe(1 * MS);
        expect(diskNs).toBe(0);
        lastWas.fixed++;
      } else {
        expect(diskNs).toBeGreaterThanOrEqual(1 * MS);
        lastWas.disk++;
      }
    }
    expect(lastWas.disk).toBeGreaterThan(20);
  });
});

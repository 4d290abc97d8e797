import { Simulator } from '../../engine/simulator.js';
import { NS_PER_MS, usToNs } from '../../engine/time.js';
import { loadDiskSimHddParams, readText } from '../disksim/load.js';
import { Hdd } from '../hdd/hdd.js';
import type { HddParams } from '../hdd/params.js';
import { demeritMs, summarize, type ResponseStats } from './stats.js';
import { parseValidationTrace, type ValidationRecord } from './trace.js';

export interface DriveCheckOptions {
  /** A DiskSim validation trace; `NAME.model`, its seek file and `NAME.diskspecs` must sit beside it. */
  readonly tracePath: string;
  /** Replays on this drive instead of the one the files describe (to compare a variant of it). */
  readonly params?: HddParams;
}

/** Simulated against measured, for one class of requests. */
export interface DriveCheckComparison {
  readonly simulated: ResponseStats;
  readonly measured: ResponseStats;
  /** (simulated − measured) / measured mean, in percent. */
  readonly meanErrorPercent: number;
}

export interface DriveCheckResult {
  readonly tracePath: string;
  readonly drive: string;
  readonly requests: number;
  readonly all: DriveCheckComparison;
  readonly reads: DriveCheckComparison;
  readonly writes: DriveCheckComparison;
  /** RMS horizontal distance between the measured and simulated response-time CDFs. */
  readonly demeritMs: number;
  readonly demeritPercentOfMeasuredMean: number;
}

/** Replays a DiskSim validation trace on the drive its files describe, and compares response times. */
export function runDriveCheck(options: DriveCheckOptions): DriveCheckResult {
  const params = options.params ?? loadDiskSimHddParams(options.tracePath);
  const records = parseValidationTrace(options.tracePath, readText(options.tracePath));
  const simulatedMs = replayValidationTrace(params, records);
  return compare(options.tracePath, params.model, records, simulatedMs);
}

/**
 * The replay rule: one request outstanding; the first issued at time 0,
 * each next one the *previous* line's think time after the previous
 * completes. Returns each request's simulated response time in ms.
 */
export function replayValidationTrace(params: HddParams, records: readonly ValidationRecord[], seed = 0): number[] {
  const sim = new Simulator({ seed });
  const drive = new Hdd(sim, params);
  const issueKind = sim.kind('drive-check.issue');
  const responsesMs = new Array<number>(records.length);
  let issuedAtNs = 0;
  const issue = (index: number): void => {
    const record = records[index]!;
    issuedAtNs = sim.now;
    drive.submit({
      sector: record.sector,
      sectors: record.sectors,
      write: record.write,
      done: () => {
        responsesMs[index] = (sim.now - issuedAtNs) / NS_PER_MS;
        if (index + 1 < records.length) sim.after(usToNs(record.thinkUs), issueKind, issue, index + 1);
      },
    });
  };
  sim.at(0, issueKind, issue, 0);
  sim.run({ maxEvents: 4 * records.length + 16 });
  return responsesMs;
}

function compare(tracePath: string, drive: string, records: readonly ValidationRecord[], simulatedMs: number[]): DriveCheckResult {
  const pick = (keep: (r: ValidationRecord) => boolean, values: (r: ValidationRecord, i: number) => number): number[] =>
    records.flatMap((r, i) => (keep(r) ? [values(r, i)] : []));
  const measured = (r: ValidationRecord): number => r.measuredUs / 1000;
  const simulated = (_r: ValidationRecord, i: number): number => simulatedMs[i]!;
  const side = (keep: (r: ValidationRecord) => boolean): DriveCheckComparison => {
    const sim = summarize(pick(keep, simulated));
    const real = summarize(pick(keep, measured));
    return { simulated: sim, measured: real, meanErrorPercent: (100 * (sim.meanMs - real.meanMs)) / real.meanMs };
  };
  const all = side(() => true);
  const demerit = demeritMs(pick(() => true, measured), simulatedMs);
  return {
    tracePath,
    drive,
    requests: records.length,
    all,
    reads: side((r) => !r.write),
    writes: side((r) => r.write),
    demeritMs: demerit,
    demeritPercentOfMeasuredMean: (100 * demerit) / all.measured.meanMs,
  };
}

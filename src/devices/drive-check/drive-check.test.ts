import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiskSimHddParams, readText } from '../disksim/load.js';
import { DiskSimFormatError } from '../disksim/parse.js';
import type { HddParams } from '../hdd/params.js';
import { formatDriveCheck } from './format.js';
import { replayValidationTrace, runDriveCheck, type DriveCheckResult } from './run.js';
import { demeritMs, percentile, summarize } from './stats.js';
import { parseValidationTrace } from './trace.js';

const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const results = new Map<string, DriveCheckResult>();
const check = (drive: string): DriveCheckResult => {
  let result = results.get(drive);
  if (!result) {
    result = runDriveCheck({ tracePath: `${DATA}${drive}.trace` });
    results.set(drive, result);
  }
  return result;
};

/**
 * The drive as DiskSim 4.0 runs the files: the one place we depart from it is
 * "Read any free blocks", which we give the manual's meaning (keep the sectors
 * that pass under the head before the requested ones) and DiskSim, as run,
 * does not. Only the Atlas sets it.
 */
const asDiskSimRuns = (drive: string): HddParams => {
  const params = loadDiskSimHddParams(`${DATA}${drive}.trace`);
  return { ...params, cache: { ...params.cache, readAnyFreeSectors: false } };
};

/**
 * DiskSim 4.0's own response times (ms) for the first 40 requests of the Atlas 10K trace, from its output trace
 * (westerndigitalcorporation/DiskSim, EXPERIMENTAL/Linux_64bit_LBA_20130807_Generic/valid/atlas10k.outtrace: the
 * issue time of each request; its response is the next issue time less the trace's think time).
 */
const DISKSIM_ATLAS_FIRST_MS = [
  0.582, 0.585, 6.849539, 1.768, 0.582, 8.854141, 2.308265, 5.388794, 0.582, 3.447565, 0.976, 0.976, 0.976, 0.58, 0.58, 0.58,
  6.632997, 0.58, 0.978, 0.585, 0.95571, 0.58, 0.978, 0.981, 0.58, 6.784834, 12.609868, 5.133946, 10.978626, 10.793528,
  2.619979, 0.58, 0.58, 0.58, 11.003188, 10.375946, 5.557235, 0.978, 8.087054, 0.976,
];

describe('drive-check on the DiskSim validation traces', () => {
  it('atlas10k, as DiskSim runs it: reproduces DiskSim 4.0 request by request, to the microsecond', () => {
    const path = `${DATA}atlas10k.trace`;
    const simulatedMs = replayValidationTrace(asDiskSimRuns('atlas10k'), parseValidationTrace(path, readText(path)));
    DISKSIM_ATLAS_FIRST_MS.forEach((diskSimMs, i) => expect(Math.abs(simulatedMs[i]! - diskSimMs), `request ${i}`).toBeLessThan(0.001));
  });

  it('as DiskSim runs the files: reproduces DiskSim’s published validation figures for both drives', () => {
    const atlas = runDriveCheck({ tracePath: `${DATA}atlas10k.trace`, params: asDiskSimRuns('atlas10k') });
    expect(atlas.requests).toBe(10_000);
    expect(atlas.all.measured.meanMs).toBeCloseTo(3.893, 3);
    // DiskSim's mean for this trace is 3.971 ms; its valid/runvalid gives the rms as "about 0.268" and 0.318.
    expect(atlas.all.simulated.meanMs).toBeCloseTo(3.971, 3);
    expect(atlas.demeritMs).toBeCloseTo(0.268, 3);
    const cheetah = runDriveCheck({ tracePath: `${DATA}cheetah4LP.trace`, params: asDiskSimRuns('cheetah4LP') });
    expect(cheetah.all.measured.meanMs).toBeCloseTo(5.328, 3);
    expect(cheetah.demeritMs).toBeCloseTo(0.318, 3);
  });

  it('atlas10k, keeping the free sectors as DiskSim’s manual says: mean −0.7%, demerit 2.4% of the measured 3.893 ms', () => {
    // The manual's "Read any free blocks" (DiskSim as run: +2.0%, 6.9%): reads now match the drive's on average.
    const atlas = check('atlas10k');
    expect(atlas.all.simulated.meanMs).toBeCloseTo(3.864, 3);
    expect(atlas.reads.simulated.meanMs).toBeCloseTo(5.465, 3);
    expect(atlas.writes.simulated.meanMs).toBeCloseTo(0.800, 3);
    expect(atlas.demeritMs).toBeCloseTo(0.095, 3);
    expect(Math.abs(atlas.all.meanErrorPercent)).toBeLessThan(3);
    expect(atlas.demeritPercentOfMeasuredMean).toBeLessThanOrEqual(5);
  });

  it('cheetah4LP: mean 5.070 ms (−4.8%), demerit 0.318 ms (6.0%), as DiskSim', () => {
    // Its file sets none of what we read differently from DiskSim ("Read any free blocks" is 0): DiskSim's figures.
    const cheetah = check('cheetah4LP');
    expect(cheetah.all.simulated.meanMs).toBeCloseTo(5.07, 3);
    expect(cheetah.reads.simulated.meanMs).toBeCloseTo(7.152, 3);
    expect(cheetah.writes.simulated.meanMs).toBeCloseTo(0.959, 3);
    expect(cheetah.demeritMs).toBeCloseTo(0.318, 3);
  });

  // Not reachable from what the Cheetah's files say, read as DiskSim runs them or as its manual documents them.
  // Its other settings mean in the manual what DiskSim does, or change nothing on this trace (where a read-ahead
  // is over before the next request arrives), but one: "Fast write level" 1, write-behind only for writes that
  // append to dirty data and the others written through, puts writes at +586% and the mean at +38% — the real
  // drive acknowledges every write from its buffer, as DiskSim runs it. What the real drive does that the files
  // do not say: it spends about 0.26 ms instead of 0.068 ms on a read hit (every simulated hit is 0.2 ms short:
  // 0.49 against 0.69 ms for 4 sectors, 0.92 against 1.10 for 8), about 0.48 ms instead of 0.095 ms on a write
  // after a write, reads ahead after full hits although "Read-ahead on idle hit" is 0 (re-reads that hit in the
  // simulation miss on the drive), and seeks 50–400 cylinders up to 2.5 ms slower than its extracted curve.
  // Fitting the two overheads and the read-ahead (fudge, not what the files say) would give −2.5% and 4.5%.
  it.fails('cheetah4LP: mean within 3% and demerit ≤ 5% of the measured 5.328 ms (now −4.8%, 6.0%, as DiskSim)', () => {
    const result = check('cheetah4LP');
    expect(Math.abs(result.all.meanErrorPercent)).toBeLessThan(3);
    expect(result.demeritPercentOfMeasuredMean).toBeLessThanOrEqual(5);
  });

  it('splits reads from writes and formats a readable table', () => {
    const result = check('atlas10k');
    expect(result.reads.measured.count + result.writes.measured.count).toBe(10_000);
    expect(result.reads.measured.meanMs).toBeCloseTo(5.463, 3);
    expect(result.writes.measured.meanMs).toBeCloseTo(0.888, 3);
    const table = formatDriveCheck(result);
    expect(table).toContain('QUANTUM_TORNADO_validate');
    expect(table).toMatch(/^all simulated\s+10000\s+\d+\.\d{3}/m);
    expect(table).toMatch(/demerit .*% of the measured mean/);
  });

  it('is deterministic', () => {
    const again = runDriveCheck({ tracePath: `${DATA}atlas10k.trace` });
    expect(again).toEqual(check('atlas10k'));
  });
});

describe('validation traces and statistics', () => {
  it('parses trace lines and names a malformed one', () => {
    const records = parseValidationTrace('t', 'R Hit 10 4 663.5 45422.0\nW Miss 20 8 100 0\n');
    expect(records).toEqual([
      { write: false, bufferAction: 'Hit', sector: 10, sectors: 4, measuredUs: 663.5, thinkUs: 45422 },
      { write: true, bufferAction: 'Miss', sector: 20, sectors: 8, measuredUs: 100, thinkUs: 0 },
    ]);
    expect(() => parseValidationTrace('t.trace', 'R Hit 10 4 1 2\nX Hit 1 2 3 4\n')).toThrow(DiskSimFormatError);
    expect(() => parseValidationTrace('t.trace', 'R Hit 10 4 1 2\nX Hit 1 2 3 4\n')).toThrow(/^t\.trace:2: expected "R\|W/);
    expect(() => runDriveCheck({ tracePath: `${DATA}missing.trace` })).toThrow(/missing\.model: cannot read the file/);
  });

  it('computes nearest-rank percentiles and the demerit figure', () => {
    const stats = summarize([5, 1, 4, 2, 3]);
    expect(stats).toEqual({ count: 5, meanMs: 3, p50Ms: 3, p90Ms: 5, p99Ms: 5 });
    expect(percentile([1, 2, 3, 4], 0.25)).toBe(1);
    // Identical distributions in any order: no distance; a uniform shift: the shift.
    expect(demeritMs([1, 2, 3], [3, 1, 2])).toBe(0);
    expect(demeritMs([1, 2, 3], [1.5, 2.5, 3.5])).toBeCloseTo(0.5, 12);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiskSimFormatError } from '../disksim/parse.js';
import { formatDriveCheck } from './format.js';
import { runDriveCheck, type DriveCheckResult } from './run.js';
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

describe('drive-check on the DiskSim validation traces', () => {
  it('atlas10k: simulated mean within 3% of the measured 3.893 ms, demerit ≤ 5% of it', () => {
    const result = check('atlas10k');
    expect(result.requests).toBe(10_000);
    expect(result.all.measured.meanMs).toBeCloseTo(3.893, 3);
    expect(Math.abs(result.all.meanErrorPercent)).toBeLessThan(3);
    expect(result.demeritPercentOfMeasuredMean).toBeLessThanOrEqual(5);
  });

  // Known gap (see the HDD model's report): the real Cheetah 4LP seeks 150–400 cylinders about 2.5 ms slower
  // than its extracted seek curve says, hits cost more than its extracted overheads, and it keeps less in its
  // buffer after a hit than DiskSim's cache parameters describe.
  it.fails('cheetah4LP: simulated mean within 3% of the measured 5.328 ms, demerit ≤ 5% of it (not reached yet)', () => {
    const result = check('cheetah4LP');
    expect(Math.abs(result.all.meanErrorPercent)).toBeLessThan(3);
    expect(result.demeritPercentOfMeasuredMean).toBeLessThanOrEqual(5);
  });

  it('cheetah4LP: stays at the figures reached so far (mean within 4.5%, demerit ≤ 6%)', () => {
    const result = check('cheetah4LP');
    expect(result.all.measured.meanMs).toBeCloseTo(5.328, 3);
    expect(Math.abs(result.all.meanErrorPercent)).toBeLessThan(4.5);
    expect(result.demeritPercentOfMeasuredMean).toBeLessThanOrEqual(6);
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

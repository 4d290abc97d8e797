import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { asDiskSimRunsIt, loadDiskSimHddParams, readText } from '../disksim/load.js';
import { DiskSimFormatError } from '../disksim/parse.js';
import type { HddParams } from '../hdd/params.js';
import { fitOverheads } from './calibrate.js';
import { formatDriveCheck, formatDriveCheckTable } from './format.js';
import { replayValidationTrace } from './replay.js';
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

/**
 * The drive as DiskSim 4.0 runs the files: the one place we depart from it is
 * "Read any free blocks", which we give the manual's meaning (keep the sectors
 * that pass under the head before the requested ones) and DiskSim, as run,
 * does not. Only the Atlas sets it.
 */
const asDiskSimRuns = (drive: string): HddParams => asDiskSimRunsIt(loadDiskSimHddParams(`${DATA}${drive}.trace`));

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
    expect(cheetah.meetsTargets).toBe(false);
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
  // So `--calibrate` measures the overheads instead, as DIXtrac measures a description from a drive: fitted on the
  // trace's first half, judged on its second half, which the fit never sees.
  it('calibrated on the first half, both drives meet the targets on the held-out second half', () => {
    const cheetah = runDriveCheck({ tracePath: `${DATA}cheetah4LP.trace`, calibrate: true }).calibration!;
    expect(cheetah.trainingRequests).toBe(5_000);
    expect(cheetah.converged).toBe(true);
    expect(cheetah.heldOut.described.requests).toBe(5_000);
    expect(cheetah.heldOut.described.meetsTargets).toBe(false);
    expect(cheetah.heldOut.described.all.meanErrorPercent).toBeCloseTo(-4.87, 2);
    expect(cheetah.heldOut.calibrated.all.meanErrorPercent).toBeCloseTo(0.35, 2);
    expect(cheetah.heldOut.calibrated.demeritPercentOfMeasuredMean).toBeCloseTo(3.07, 2);
    expect(cheetah.heldOut.calibrated.meetsTargets).toBe(true);
    // The read-hit overhead the drive really spends (about 0.26 ms against the file's 0.068, above) is what moves.
    const readHit = cheetah.overheads.find((o) => o.name === 'readHitAfterReadNs')!;
    expect(readHit.describedNs).toBeCloseTo(68_000, -3);
    expect(readHit.fittedNs).toBeGreaterThan(250_000);

    const atlas = runDriveCheck({ tracePath: `${DATA}atlas10k.trace`, calibrate: true }).calibration!;
    expect(atlas.heldOut.described.meetsTargets).toBe(true);
    expect(atlas.heldOut.calibrated.meetsTargets).toBe(true);
    expect(atlas.heldOut.calibrated.demeritPercentOfMeasuredMean).toBeLessThan(atlas.heldOut.described.demeritPercentOfMeasuredMean);
  });

  it('the calibration never sees the held-out half: changing it changes the check, not the fit', () => {
    const path = `${DATA}cheetah4LP.trace`;
    const records = parseValidationTrace(path, readText(path)).slice(0, 800);
    const changed = records.map((r, i) => (i < 400 ? r : { ...r, measuredUs: r.measuredUs * 3 }));
    const params = loadDiskSimHddParams(path);
    const write = (name: string, lines: typeof records): string => {
      const file = join(mkdtempSync(join(tmpdir(), 'mirrorsim-calibrate-')), name);
      writeFileSync(file, lines.map((r) => `${r.write ? 'W' : 'R'} ${r.bufferAction} ${r.sector} ${r.sectors} ${r.measuredUs} ${r.thinkUs}`).join('\n'));
      return file;
    };
    const original = runDriveCheck({ tracePath: write('a.trace', records), params, calibrate: true }).calibration!;
    const altered = runDriveCheck({ tracePath: write('b.trace', changed), params, calibrate: true }).calibration!;
    expect(altered.overheads).toEqual(original.overheads);
    expect(altered.heldOut.calibrated.all.measured.meanMs).toBeGreaterThan(2 * original.heldOut.calibrated.all.measured.meanMs);
  });

  it('recovers an overhead planted in a drive: the fit finds what made the times', () => {
    const path = `${DATA}cheetah4LP.trace`;
    const described = loadDiskSimHddParams(path);
    const planted = { ...described, controller: { ...described.controller, readHitAfterReadNs: described.controller.readHitAfterReadNs + 300_000 } };
    const records = parseValidationTrace(path, readText(path)).slice(0, 1_000);
    const plantedMs = replayValidationTrace(planted, records);
    const made = records.map((r, i) => ({ ...r, measuredUs: plantedMs[i]! * 1000 }));
    const fit = fitOverheads(described, made);
    expect(fit.trainingDemeritMs.described).toBeGreaterThan(0.1);
    expect(fit.trainingDemeritMs.fitted).toBeLessThan(0.005);
    const readHit = fit.overheads.find((o) => o.name === 'readHitAfterReadNs')!;
    expect(Math.abs(readHit.fittedNs - planted.controller.readHitAfterReadNs)).toBeLessThan(10_000);
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
    expect(table).toMatch(/^targets \(mean within 3%, demerit at most 5% of the measured mean\): met$/m);
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
    expect(() => runDriveCheck({ tracePath: `${DATA}missing.trace` })).toThrow(/missing\.trace: no DiskSim description/);
    const single = join(mkdtempSync(join(tmpdir(), 'mirrorsim-trace-')), 'single.trace');
    writeFileSync(single, 'R Hit 10 4 663.5 45422.0\n');
    const calibrateOne = () => runDriveCheck({ tracePath: single, params: loadDiskSimHddParams(`${DATA}atlas10k.trace`), calibrate: true });
    expect(calibrateOne).toThrow(DiskSimFormatError);
    expect(calibrateOne).toThrow(/single\.trace: calibrating needs at least 2 requests/);
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

describe('drive-check on DiskSim’s validation runs, read from their .parv files', () => {
  const run = (name: string): DriveCheckResult => runDriveCheck({ descriptionPath: `${DATA}${name}.parv`, tracePath: `${DATA}${name}.trace` });

  it('compares each run with DiskSim’s own demerit, the drive built as DiskSim runs the files', () => {
    const atlas = run('atlas10k');
    // As described (the manual's "Read any free blocks") 0.095 ms; as DiskSim runs it, DiskSim's own 0.268 ms.
    expect(atlas.demeritMs).toBeCloseTo(0.095, 3);
    expect(atlas.disksim).toMatchObject({ demeritMs: 0.268, withinTolerance: true });
    expect(atlas.disksim!.modelDemeritMs).toBeCloseTo(0.268, 3);
    const c2490 = run('hp_c2490a');
    expect(c2490.drive).toBe('HP_C2490A_validate');
    expect(c2490.meetsTargets).toBe(true);
    expect(c2490.disksim!.withinTolerance).toBe(true);
    expect(c2490.disksim!.modelDemeritMs).toBeCloseTo(0.254, 3);
  });

  it('computes its demerit for the comparison as DiskSim computes its own, from bucketed distributions', () => {
    // Request by request the HP C3323's replay is 0.289 ms from the measured times; DiskSim's rms tool,
    // reading the same times through its 1 %-wide buckets, puts it at 0.306 ms, DiskSim's own figure.
    const c3323 = run('hp_c3323a');
    expect(c3323.demeritMs).toBeCloseTo(0.289, 3);
    expect(c3323.disksim!.modelDemeritMs).toBeCloseTo(0.306, 3);
    expect(c3323.disksim!.withinTolerance).toBe(true);
  });

  it('the HP C3323 (a bus slower than its media, a high-water mark of 1) meets the targets against the measured times', () => {
    const c3323 = run('hp_c3323a');
    expect(c3323.requests).toBe(9074);
    expect(c3323.meetsTargets).toBe(true);
    expect(c3323.all.meanErrorPercent).toBeCloseTo(-1.2, 1);
  });

  it('prints one table for several runs, and names a refused one with its located message', () => {
    const refused = { run: 'x.parv', message: 'x.diskspecs:14: … "Preseeking level" = 2 is not supported (only 0)' };
    const table = formatDriveCheckTable([run('hp_c2490a')], [refused]);
    expect(table).toMatch(/^hp_c2490a\s+HP_C2490A_validate\s+9984\s+12\.\d{3} \/ 12\.550\s+\+0\.\d%\s+0\.2\d\d \(2\.\d%\)\s+0\.2\d\d\s+0\.254\s+[+-]\d\.\d%\s+met\s+met$/m);
    expect(table).toMatch(/^DiskSim's demerit within 5%: 1 of 1 met; the held-out target needs --calibrate$/m);
    expect(table).toContain('x.parv: refused: x.diskspecs:14:');
  });

  it('the table gives each target its own verdict and names the runs that miss one', () => {
    const c2490 = run('hp_c2490a');
    const farFromDiskSim: DriveCheckResult = { ...c2490, descriptionPath: 'far.parv', meetsTargets: false, disksim: { ...c2490.disksim!, withinTolerance: false } };
    const table = formatDriveCheckTable([c2490, farFromDiskSim], []);
    expect(table).toMatch(/^far\s.*\s+not met\s+not met$/m);
    expect(table).toMatch(/^DiskSim's demerit within 5%: 1 of 2 met \(missed: far\)/m);
    const noFigure: DriveCheckResult = { ...c2490, descriptionPath: 'own.trace', disksim: undefined };
    const own = formatDriveCheckTable([noFigure], []);
    expect(own).toMatch(/^own\s.*\s+no figure\s+met$/m);
    expect(own).toMatch(/^no DiskSim figure for these runs;/m);
  });

  it('the HP C2247 (disconnect, reselect and data-preparation overheads, an extra write disconnect) loads and meets the targets against the measured times', () => {
    const c2247 = run('hp_c2247a');
    expect(c2247.requests).toBe(9999);
    expect(c2247.meetsTargets).toBe(true);
    expect(c2247.disksim!.demeritMs).toBe(0.09);
    expect(c2247.demeritMs).toBeCloseTo(0.094, 3);
    expect(c2247.disksim!.modelDemeritMs).toBeCloseTo(0.09, 3);
    expect(c2247.disksim!.withinTolerance).toBe(true);
  });
});


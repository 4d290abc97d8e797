import { NS_PER_MS } from '../../engine/time.js';
import { DISKSIM_DEMERIT_TOLERANCE_PERCENT } from './disksim-reference.js';
import { DRIVE_CHECK_TARGETS, type DriveCheckCalibration, type DriveCheckComparison, type DriveCheckFigures, type DriveCheckResult } from './run.js';
import type { ResponseStats } from './stats.js';

const COLUMNS = ['', 'count', 'mean', 'p50', 'p90', 'p99', 'mean error'];

/** A readable table of a drive-check result (a pure function of the result). */
export function formatDriveCheck(result: DriveCheckResult): string {
  const rows: string[][] = [];
  const add = (label: string, comparison: DriveCheckComparison): void => {
    rows.push(statsRow(`${label} simulated`, comparison.simulated, signedPercent(comparison.meanErrorPercent)));
    rows.push(statsRow(`${label} measured`, comparison.measured, ''));
  };
  add('all', result.all);
  add('reads', result.reads);
  add('writes', result.writes);
  const lines = [
    `drive-check: ${result.drive} — ${result.requests} requests from ${result.tracePath}`,
    'response times in ms',
    '',
    ...table([COLUMNS, ...rows]),
    '',
    `demerit (RMS distance between the response-time CDFs): ${result.demeritMs.toFixed(3)} ms = ${result.demeritPercentOfMeasuredMean.toFixed(1)}% of the measured mean`,
    `${TARGETS}: ${result.meetsTargets ? 'met' : 'not met'}`,
  ];
  if (result.disksim) {
    const d = result.disksim;
    lines.push(`DiskSim 4.0's own demerit on this run: ${ms(d.demeritMs)} ms; this model's, built as DiskSim runs the files: ${ms(d.modelDemeritMs)} ms, ${signedPercent(d.demeritDifferencePercent)} (${DISKSIM_TARGET}: ${d.withinTolerance ? 'met' : 'not met'})`);
  }
  if (result.calibration) lines.push('', ...formatCalibration(result.calibration));
  return lines.join('\n');
}

const DISKSIM_TARGET = `within ${DISKSIM_DEMERIT_TOLERANCE_PERCENT}%`;

/**
 * One line per run: the whole trace as described, DiskSim's own demerit,
 * and with `--calibrate` the held-out half as described and calibrated.
 * Each target has its own verdict column, and a closing line counts the runs
 * that meet them. Runs whose description was refused follow, each with its
 * message.
 */
export function formatDriveCheckTable(results: readonly DriveCheckResult[], refused: readonly { readonly run: string; readonly message: string }[]): string {
  const calibrated = results.some((r) => r.calibration !== undefined);
  const header = ['run', 'drive', 'requests', 'mean sim / measured', 'mean error', 'demerit', 'as DiskSim runs it', 'DiskSim', 'difference', `DiskSim ${DISKSIM_TARGET}`, `as described ${BOUNDS}`];
  if (calibrated) header.push('held out: described', 'calibrated', `calibrated ${BOUNDS}`);
  const rows = results.map((r) => {
    const row = [
      runName(r.descriptionPath),
      r.drive,
      String(r.requests),
      `${ms(r.all.simulated.meanMs)} / ${ms(r.all.measured.meanMs)}`,
      signedPercent(r.all.meanErrorPercent),
      `${ms(r.demeritMs)} (${r.demeritPercentOfMeasuredMean.toFixed(1)}%)`,
      r.disksim ? ms(r.disksim.modelDemeritMs) : '–',
      r.disksim ? ms(r.disksim.demeritMs) : '–',
      r.disksim ? signedPercent(r.disksim.demeritDifferencePercent) : '–',
      r.disksim ? metOrNot(r.disksim.withinTolerance) : 'no figure',
      metOrNot(r.meetsTargets),
    ];
    if (calibrated) row.push(...heldOutCells(r.calibration));
    return row;
  });
  const lines = [
    'drive-check: response times in ms; demerit also as a share of the measured mean',
    `targets: built as DiskSim runs the files, the demerit ${DISKSIM_TARGET} of DiskSim 4.0's own; with --calibrate, on the held-out half, mean ${MEAN_BOUND} and demerit ${DEMERIT_BOUND} of the measured mean (the same bounds also judged on the whole trace as described)`,
    '',
    ...table([header, ...rows]),
    '',
    summary(results, calibrated),
  ];
  for (const { run, message } of refused) lines.push('', `${run}: refused: ${message}`);
  return lines.join('\n');
}

/** How many runs meet DiskSim's target and, when calibrated, the held-out one, naming the runs that miss. */
function summary(results: readonly DriveCheckResult[], calibrated: boolean): string {
  const count = (judged: readonly DriveCheckResult[], met: (r: DriveCheckResult) => boolean): string => {
    const missed = judged.filter((r) => !met(r)).map((r) => runName(r.descriptionPath));
    return `${judged.length - missed.length} of ${judged.length} met${missed.length > 0 ? ` (missed: ${missed.join(', ')})` : ''}`;
  };
  const withFigure = results.filter((r) => r.disksim !== undefined);
  const disksim = withFigure.length > 0 ? `DiskSim's demerit ${DISKSIM_TARGET}: ${count(withFigure, (r) => r.disksim!.withinTolerance)}` : 'no DiskSim figure for these runs';
  if (!calibrated) return `${disksim}; the held-out target needs --calibrate`;
  return `${disksim}; held out, calibrated: ${count(results, (r) => r.calibration?.heldOut.calibrated.meetsTargets === true)}`;
}

function heldOutCells(calibration: DriveCheckCalibration | undefined): string[] {
  if (!calibration) return ['–', '–', '–'];
  const cell = (f: DriveCheckFigures): string => `${signedPercent(f.all.meanErrorPercent)}, ${f.demeritPercentOfMeasuredMean.toFixed(1)}%`;
  return [cell(calibration.heldOut.described), cell(calibration.heldOut.calibrated), metOrNot(calibration.heldOut.calibrated.meetsTargets)];
}

function metOrNot(met: boolean): string {
  return met ? 'met' : 'not met';
}

function runName(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.(parv|trace|diskspecs)$/, '');
}

const MEAN_BOUND = `within ${DRIVE_CHECK_TARGETS.meanErrorPercent}%`;
const DEMERIT_BOUND = `at most ${DRIVE_CHECK_TARGETS.demeritPercentOfMeasuredMean}%`;
/** The two bounds against the measured times, as a column heading: mean error and demerit. */
const BOUNDS = `±${DRIVE_CHECK_TARGETS.meanErrorPercent}%, ≤ ${DRIVE_CHECK_TARGETS.demeritPercentOfMeasuredMean}%`;
const TARGETS = `targets (mean ${MEAN_BOUND}, demerit ${DEMERIT_BOUND} of the measured mean)`;

function formatCalibration(calibration: DriveCheckCalibration): string[] {
  const { trainingRequests, heldOut } = calibration;
  const firstHeldOut = trainingRequests + 1;
  const lastHeldOut = trainingRequests + heldOut.calibrated.requests;
  const overheads = calibration.overheads.map((o) => [overheadLabel(o.name), ms(o.describedNs / NS_PER_MS), ms(o.fittedNs / NS_PER_MS)]);
  const figures = (label: string, f: DriveCheckFigures): string[] => [
    label,
    ms(f.all.simulated.meanMs),
    ms(f.all.measured.meanMs),
    signedPercent(f.all.meanErrorPercent),
    `${f.demeritPercentOfMeasuredMean.toFixed(1)}%`,
    f.meetsTargets ? 'met' : 'not met',
  ];
  return [
    `calibration: command overheads fitted on requests 1–${trainingRequests} (the demerit there ${ms(calibration.trainingDemeritMs.described)} → ${ms(calibration.trainingDemeritMs.fitted)} ms, ${calibration.replays} replays${calibration.converged ? '' : ', stopped on its budget of replays before its finest step'})`,
    '',
    ...table([['overhead (ms)', 'described', 'fitted'], ...overheads]),
    '',
    `checked on requests ${firstHeldOut}–${lastHeldOut}, held out of the fit:`,
    '',
    ...table([['', 'mean', 'measured', 'mean error', 'demerit', 'targets'], figures('as described', heldOut.described), figures('calibrated', heldOut.calibrated)]),
  ];
}

/** `readHitAfterWriteNs` → `read hit after write`. */
function overheadLabel(name: string): string {
  return name.replace(/Ns$/, '').replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

/** Rows as aligned columns: the first left-aligned, the others right-aligned. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

function statsRow(label: string, stats: ResponseStats, error: string): string[] {
  return [label, String(stats.count), ms(stats.meanMs), ms(stats.p50Ms), ms(stats.p90Ms), ms(stats.p99Ms), error];
}

function ms(value: number): string {
  return Number.isNaN(value) ? '–' : value.toFixed(3);
}

function signedPercent(value: number): string {
  return Number.isNaN(value) ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
}

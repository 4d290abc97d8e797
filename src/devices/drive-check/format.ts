import { NS_PER_MS } from '../../engine/time.js';
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
  if (result.calibration) lines.push('', ...formatCalibration(result.calibration));
  return lines.join('\n');
}

const TARGETS = `targets (mean within ${DRIVE_CHECK_TARGETS.meanErrorPercent}%, demerit at most ${DRIVE_CHECK_TARGETS.demeritPercentOfMeasuredMean}% of the measured mean)`;

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

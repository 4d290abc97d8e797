import type { DriveCheckComparison, DriveCheckResult } from './run.js';
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
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `drive-check: ${result.drive} — ${result.requests} requests from ${result.tracePath}`,
    'response times in ms',
    '',
    line(COLUMNS),
    ...rows.map(line),
    '',
    `demerit (RMS distance between the response-time CDFs): ${result.demeritMs.toFixed(3)} ms = ${result.demeritPercentOfMeasuredMean.toFixed(1)}% of the measured mean`,
  ].join('\n');
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

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { textTable } from '../report/table.js';
import type { Experiment } from '../sweep/experiment.js';
import type { PointAggregate } from '../sweep/outputs.js';
import { sweepCharts } from '../sweep/report/sweep-charts.js';
import { pointsTable, sweepDoc } from '../sweep/report/sweep-doc.js';
import { num } from '../sweep/report/format.js';
import { writeReportFiles, type WrittenReport } from './report-command.js';

/** The sweep report (report.md, charts/*.png, report.html) of a whole sweep's aggregates. */
export function writeSweepReport(outDir: string, experiment: Experiment, points: readonly PointAggregate[]): WrittenReport {
  const charts = sweepCharts(experiment, points);
  return writeReportFiles(sweepDoc(experiment, points, charts), charts, outDir);
}

/** One line per point: its settings and each metric's mean ± the 95% interval's half width (n). */
export function formatPoints(experiment: Experiment, points: readonly PointAggregate[]): string {
  const { header, rows } = pointsTable(experiment, points, (a) => `${num(a.mean)}${a.ci95High === null ? '' : ` ±${num(a.ci95High - a.mean!)}`} (${a.n})`);
  return textTable(header, rows);
}

/** A path as the outputs record it, however it was typed: relative to the working folder (forward slashes) when inside it, else absolute. */
export function portablePath(file: string): string {
  const path = relative(process.cwd(), resolve(file));
  return path.startsWith('..') || isAbsolute(path) ? resolve(file) : path.split(sep).join('/');
}

export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 80) || 'sweep';
}

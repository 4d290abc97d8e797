import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chartPngPath, htmlReport, markdownReport, renderPng, reportCharts, reportDoc, type ChartSpec, type ReportDoc } from '../report/index.js';
import type { RunResult } from '../scenario/results.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';

export interface ReportCommandOptions {
  readonly out?: string;
  readonly quiet?: boolean;
}

/** The files a report consists of. */
export interface WrittenReport {
  readonly markdown: string;
  readonly html: string;
  readonly chartsDir: string;
  readonly charts: readonly string[];
}

/** Chart.js's browser build, found beside the package's entry point (its `exports` do not name dist/ files). */
function chartJsSource(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(entry), 'chart.umd.js'), 'utf8');
}

/** Writes report.md, report.html and charts/*.png for `result` into `outDir`. */
export function writeReport(result: RunResult, outDir: string): WrittenReport {
  const charts = reportCharts(result);
  return writeReportFiles(reportDoc(result, charts), charts, outDir);
}

/** Writes a report document and its charts: report.md with charts/*.png beside it, and the self-contained report.html. */
export function writeReportFiles(doc: ReportDoc, charts: readonly ChartSpec[], outDir: string): WrittenReport {
  const chartsDir = join(outDir, 'charts');
  mkdirSync(chartsDir, { recursive: true });
  const pngs = charts.map((chart) => {
    const file = join(outDir, chartPngPath(chart.id));
    writeFileSync(file, renderPng(chart.config));
    return file;
  });
  const markdown = join(outDir, 'report.md');
  writeFileSync(markdown, markdownReport(doc));
  const html = join(outDir, 'report.html');
  writeFileSync(html, htmlReport(doc, charts, { chartJsSource: chartJsSource() }));
  return { markdown, html, chartsDir, charts: pngs };
}

/** Reads a results.json, refusing (exit 2) what is not one this version can report on. */
export function readResults(file: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot read results from ${file}: ${why}`);
  }
  const result = value as Partial<RunResult> | null;
  if (result?.format !== 'mirrorsim.results/1') throw new UsageError(`${file} is not a mirrorsim results file (expected "format": "mirrorsim.results/1")`);
  const phases = (result.pairs ?? []).flatMap((pair) => pair.phases);
  if (!result.array || !result.metrics || phases.some((phase) => !Array.isArray(phase.progress))) {
    throw new UsageError(`${file} was written by an older mirrorsim (no array summary or copy progress); run the scenario again`);
  }
  return result as RunResult;
}

export function printWritten(written: WrittenReport): void {
  process.stdout.write(`report: ${written.markdown}, ${written.html} (${written.charts.length} charts in ${written.chartsDir})\n`);
}

/** `mirrorsim report`: the Markdown and HTML reports (with PNG charts) of a results.json. */
export function reportCommand(file: string, options: ReportCommandOptions): number {
  const result = readResults(file);
  const written = writeReport(result, options.out ?? dirname(file));
  if (!options.quiet) printWritten(written);
  return EXIT.ok;
}

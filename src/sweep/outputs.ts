import { aggregate, type Aggregate } from './aggregate.js';
import type { Experiment } from './experiment.js';
import { gridOf, pointParams, variantName, type Shard } from './grid.js';
import type { RunRecord, SweepRuns } from './sweep.js';

/**
 * A sweep's output files as text: pure functions of the runs, so that the
 * same runs give the same bytes however they were run (one process, a pool
 * of any size, shards merged). Numbers are written in JavaScript's shortest
 * round-trip form, which JSON.parse reads back exactly.
 */

export const SWEEP_FORMAT = 'mirrorsim.sweep/1';

/** sweep.json: what the folder holds, and the resolved experiment (what `merge` and the report need). */
export interface SweepManifest {
  readonly format: typeof SWEEP_FORMAT;
  readonly experiment: Experiment;
  readonly runsTotal: number;
  /** Null for a whole sweep (or a merge of all its shards). */
  readonly shard: Shard | null;
  /** Runs in this folder's runs.jsonl. */
  readonly runs: number;
}

/** One point's aggregates: every metric over the point's runs. */
export interface PointAggregate {
  readonly point: number;
  readonly variant: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, Aggregate>>;
}

export function manifestJson(sweep: SweepRuns): string {
  const manifest: SweepManifest = { format: SWEEP_FORMAT, experiment: sweep.experiment, runsTotal: sweep.runsTotal, shard: sweep.shard, runs: sweep.records.length };
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

export function runsJsonl(records: readonly RunRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

export function runsCsv(experiment: Experiment, records: readonly RunRecord[]): string {
  const header = ['run', 'point', 'variant', ...experiment.parameters.map((p) => p.name), 'seed', ...experiment.metrics.map((m) => m.name), 'traceHash'];
  const rows = records.map((r) => [r.run, r.point, r.variant, ...experiment.parameters.map((p) => r.params[p.name]), r.seed, ...experiment.metrics.map((m) => r.metrics[m.name]), r.traceHash]);
  return csv(header, rows);
}

/** Every point of the grid with its metrics' aggregates, the runs taken in run order. */
export function pointAggregates(sweep: SweepRuns): PointAggregate[] {
  const { experiment } = sweep;
  const byPoint = new Map<number, RunRecord[]>();
  for (const record of sweep.records) {
    const list = byPoint.get(record.point) ?? [];
    list.push(record);
    byPoint.set(record.point, list);
  }
  return gridOf(experiment).map((point) => {
    const records = byPoint.get(point.index) ?? [];
    return {
      point: point.index,
      variant: variantName(experiment, point),
      params: pointParams(experiment, point),
      metrics: Object.fromEntries(experiment.metrics.map((m) => [m.name, aggregate(records.map((r) => r.metrics[m.name] ?? null))])),
    };
  });
}

export function pointsJson(points: readonly PointAggregate[]): string {
  return `${JSON.stringify(points, null, 1)}\n`;
}

const STAT_COLUMNS = ['n', 'mean', 'sd', 'ci95Low', 'ci95High'] as const;

export function pointsCsv(experiment: Experiment, points: readonly PointAggregate[]): string {
  const header = ['point', 'variant', ...experiment.parameters.map((p) => p.name), ...experiment.metrics.flatMap((m) => STAT_COLUMNS.map((s) => `${m.name}.${s}`))];
  const rows = points.map((p) => [p.point, p.variant, ...experiment.parameters.map((q) => p.params[q.name]), ...experiment.metrics.flatMap((m) => STAT_COLUMNS.map((s) => p.metrics[m.name]![s]))]);
  return csv(header, rows);
}

/** RFC 4180 (with \n line ends, kind to diffs): a field with a comma, quote or line break is quoted, quotes doubled; null is empty; a mapping or list is written as JSON. */
function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const field = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\n`).join('');
}

import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../scenario/results.js';
import { fixtureResult } from '../testing/fixture.js';
import { reportCharts, type ChartSpec, type LineChartConfig } from './index.js';

const result = fixtureResult();
const charts = reportCharts(result);
/** A line chart of the report, by id. */
const chart = (id: string): ChartSpec & { config: LineChartConfig } => {
  const found = charts.find((c) => c.id === id);
  if (!found) throw new Error(`no chart ${id}; charts: ${charts.map((c) => c.id).join(', ')}`);
  if (found.config.type !== 'line') throw new Error(`chart ${id} is not a line chart`);
  return found as ChartSpec & { config: LineChartConfig };
};
const labels = (spec: ChartSpec) => spec.config.data.datasets.map((d) => d.label);
const restore = result.pairs[0]!.phases.find((phase) => phase.kind === 'restore')!;

describe('report charts', () => {
  it('are the five kinds, in the report\'s order', () => {
    expect(charts.map((c) => c.id)).toEqual(['host-latency', 'copy-throughput', 'drive-utilization', 'latency-cdf-p1-restore-1', 'restore-progress-p1-restore-1']);
  });

  it('are plain JSON, titled, with both axes titled with their units', () => {
    for (const spec of charts) {
      expect(JSON.parse(JSON.stringify(spec.config))).toEqual(spec.config);
      expect(spec.config.options.plugins.title.text).toBe(spec.title);
      expect(spec.config.options.plugins.legend.display).toBe(true);
      expect(spec.config.options.scales.x.title.text).toMatch(/\((s|ms, log scale)\)$/);
      expect(spec.config.options.scales.y.title.text).toMatch(/\((ms, log scale|%[^)]*|MB\/s)\)$/);
    }
  });

  it('host latency: p50 and p99 of each host per interval, in ms on a log axis, over shaded phases', () => {
    const spec = chart('host-latency');
    expect(labels(spec).slice(0, 2)).toEqual(['app p50', 'app p99']);
    expect(spec.config.options.scales.y).toMatchObject({ type: 'logarithmic', title: { text: 'latency (ms, log scale)' } });
    const points = result.metrics.groups['host:app']!.series.io.points;
    const p99 = spec.config.data.datasets[1]!.data;
    expect(p99).toHaveLength(points.length);
    const k = points.findIndex((p) => p.ops > 0);
    expect(p99[k]).toEqual({ x: (points[k]!.tNs + points[k]!.spanNs / 2) / 1e9, y: points[k]!.latency.p99Ns / 1e6 });
    const bands = spec.config.options.plugins.phaseBands.bands;
    expect(bands.map((b) => b.kind)).toEqual(['sync', 'restore', 'split']);
    const establish = result.pairs[0]!.phases[0]!;
    expect(bands[0]).toMatchObject({ startS: establish.startNs / 1e9, endS: establish.endNs! / 1e9 });
    expect(bands[1]).toMatchObject({ startS: restore.startNs / 1e9, endS: restore.endNs! / 1e9 });
    expect(labels(spec)).toContain('restore (shaded)');
  });

  it('copy throughput: MB/s per interval, adding up to the tracks copied', () => {
    const spec = chart('copy-throughput');
    expect(labels(spec).slice(0, 2)).toEqual(['p1 background copy', 'p1 on host access']);
    const intervalS = result.metrics.intervalNs / 1e9;
    const mb = spec.config.data.datasets[0]!.data.reduce((sum, p) => sum + (p.y ?? 0) * intervalS, 0);
    const tracks = result.pairs[0]!.phases.reduce((sum, phase) => sum + phase.counters.background, 0);
    expect(mb).toBeCloseTo((tracks * result.array.trackBytes) / 1e6, 6);
  });

  it('drive utilization: one line per drive, busy % of each interval', () => {
    const spec = chart('drive-utilization');
    expect(labels(spec).slice(0, 4)).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(spec.config.options.scales.y).toMatchObject({ min: 0, max: 100, title: { text: 'busy (% of interval)' } });
    const busy = result.metrics.groups['drive:d0']!.series.levels['busy']!.points;
    expect(spec.config.data.datasets[0]!.data.map((p) => p.y)).toEqual(busy.map((p) => 100 * p.mean));
  });

  it('drive utilization: many drives become the mean and the busiest', () => {
    const group = result.metrics.groups['drive:d0']!;
    const drives = Array.from({ length: 13 }, (_, i) => ({ ...result.drives[0]!, name: `x${i}` }));
    const groups = Object.fromEntries(drives.map((d) => [`drive:${d.name}`, group]));
    const many = { ...result, drives, metrics: { ...result.metrics, groups: { ...result.metrics.groups, ...groups } } } as RunResult;
    const spec = reportCharts(many).find((c) => c.id === 'drive-utilization')!;
    expect(labels(spec).slice(0, 2)).toEqual(['mean of 13 drives', 'busiest drive']);
  });

  it('latency CDF: before, during and after the restore, from 0 to 100 % of host I/Os', () => {
    const spec = chart('latency-cdf-p1-restore-1');
    expect(labels(spec).map((l) => l.replace(/ \(\d+ I\/Os\)/, ''))).toEqual(['before the restore', 'during the restore', 'after the restore']);
    expect(labels(spec)[1]).toBe(`during the restore (${restore.latency.during.all.count} I/Os)`);
    expect(spec.config.options.scales.x.type).toBe('logarithmic');
    const during = spec.config.data.datasets[1]!.data;
    expect(during.at(-1)).toEqual({ x: restore.latency.during.all.maxNs / 1e6, y: 100 });
    expect(during.find((p) => p.y === 99)!.x).toBe(restore.latency.during.all.p99Ns / 1e6);
  });

  it('restore progress: stacked shares reaching 100 % of the restore, by how tracks came across', () => {
    const spec = chart('restore-progress-p1-restore-1');
    expect(labels(spec)).toEqual(['background copy', 'copy-on-read', 'by host writes']);
    expect(spec.config.options.scales.y).toMatchObject({ stacked: true, max: 100 });
    const last = spec.config.data.datasets.map((d) => d.data.at(-1)!.y!);
    const c = restore.counters;
    const scope = restore.tracksInScope;
    expect(last).toEqual([(100 * c.background) / scope, (100 * c.copyOnRead) / scope, (100 * (c.merged + c.overwritten + c.copyBeforeWrite)) / scope]);
    expect(last.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    expect(spec.config.data.datasets[0]!.data[0]).toEqual({ x: restore.startNs / 1e9, y: 0 });
  });

  it('leave out the CDFs when the run kept no history of host I/Os', () => {
    const ids = reportCharts(fixtureResult({ history: false })).map((c) => c.id);
    expect(ids).not.toContain('latency-cdf-p1-restore-1');
    expect(ids).toContain('restore-progress-p1-restore-1');
  });
});

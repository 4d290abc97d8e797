import { describe, expect, it } from 'vitest';
import { STAGES } from '../metrics/stage-ledger.js';
import { reportCharts, type BarChartConfig, type ChartSpec } from './charts/index.js';
import { reportDoc } from './doc/index.js';
import { markdownReport } from './markdown.js';
import { tailStageNs } from '../metrics/breakdown-book.js';
import { breakdownRows, STAGE_LABELS } from './stages.js';
import { fixtureResult } from './testing/fixture.js';

const ms = (ns: number) => (ns / 1e6).toFixed(2);

describe('the latency breakdown in a run’s report', () => {
  const result = fixtureResult({ breakdown: true });
  const charts = reportCharts(result);
  const md = markdownReport(reportDoc(result, charts));
  const bars = (id: string): BarChartConfig => {
    const found = charts.find((chart: ChartSpec) => chart.id === id);
    if (found?.config.type !== 'bar') throw new Error(`no bar chart ${id}`);
    return found.config;
  };
  const rows = breakdownRows(result);

  it('charts the mean I/O and the p99 tail as stacked bars: the whole run, then before, during and after each copy phase', () => {
    expect(rows.map((row) => row.label)).toEqual(['whole run', 'p1 establish #1 before', 'p1 establish #1 during', 'p1 establish #1 after = p1 restore #1 before', 'p1 restore #1 during', 'p1 restore #1 after']);
    for (const id of ['latency-breakdown', 'latency-breakdown-tail']) {
      const config = bars(id);
      expect(config.data.labels).toEqual(rows.filter((row) => row.window.all !== null).map((row) => row.label));
      expect(config.options.scales.y.stacked).toBe(true);
    }
  });

  it('stacks each bar to its mean latency (the tail’s to the tail’s), one segment per stage any bar spent time in', () => {
    const mean = bars('latency-breakdown');
    const tail = bars('latency-breakdown-tail');
    const withIos = rows.filter((row) => row.window.all !== null);
    withIos.forEach((row, i) => {
      const all = row.window.all!;
      const meanNs = STAGES.reduce((sum, stage) => sum + all.meanNs[stage], 0);
      expect(mean.data.datasets.reduce((sum, d) => sum + d.data[i]!, 0)).toBeCloseTo(meanNs / 1e6, 9);
      expect(tail.data.datasets.reduce((sum, d) => sum + d.data[i]!, 0)).toBeCloseTo(all.tail.meanLatencyNs / 1e6, 9);
    });
    const used = STAGES.filter((stage) => withIos.some((row) => row.window.all!.meanNs[stage] > 0));
    expect(mean.data.datasets.map((d) => d.label)).toEqual(used.map((stage) => STAGE_LABELS[stage]));
    expect(used).toContain('behindCopy');
  });

  it('tables the same figures per stage, and the tail’s shares', () => {
    expect(md).toContain('## Where the time went');
    const during = rows.find((row) => row.label === 'p1 restore #1 during')!.window.all!;
    const line = md.split('\n').find((l) => l.startsWith('| p1 restore #1 during | app |'))!;
    expect(line).toContain(`| ${during.ios} | ${ms(STAGES.reduce((sum, stage) => sum + during.meanNs[stage], 0))} |`);
    expect(line).toContain(`| ${ms(during.meanNs.behindCopy)} |`);
    const tailLine = md.split('\n').filter((l) => l.startsWith('| p1 restore #1 during | app |'))[1]!;
    expect(tailLine).toContain(`| ${during.tail.ios} | ${ms(during.tail.minLatencyNs)} | ${ms(during.tail.meanLatencyNs)} |`);
    expect(tailLine).toContain(`| ${(100 * during.tail.share.behindCopy).toFixed(1)} |`);
    expect(tailStageNs(during, 'behindCopy')).toBeCloseTo(during.tail.share.behindCopy * during.tail.meanLatencyNs, 6);
  });

  it('is left out of a run without a breakdown, and of results.json written before there was one', () => {
    const plain = fixtureResult();
    expect(plain.breakdown).toBeNull();
    const text = markdownReport(reportDoc(plain, reportCharts(plain)));
    expect(text).not.toContain('Where the time went');
    const { breakdown: _, ...older } = plain;
    const olderPhases = { ...older, pairs: older.pairs.map((pair) => ({ ...pair, phases: pair.phases.map(({ breakdown: __, ...phase }) => phase) })) };
    expect(reportCharts(olderPhases as unknown as typeof plain).map((c) => c.id)).not.toContain('latency-breakdown');
  });
});

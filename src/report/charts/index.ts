import type { RunResult } from '../../scenario/results.js';
import { chartedRestores } from '../restores.js';
import { copyThroughputChart } from './copy-throughput.js';
import { driveUtilizationChart } from './drive-utilization.js';
import { hostLatencyChart } from './host-latency.js';
import { latencyBreakdownChart, tailBreakdownChart } from './latency-breakdown.js';
import { latencyCdfChart } from './latency-cdf.js';
import { restoreProgressChart } from './restore-progress.js';
import type { ChartSpec } from './types.js';

export type { BarChartConfig, BarDataset, ChartConfig, ChartSpec, LineChartConfig, LineDataset, PhaseBand, XY } from './types.js';

/** Every chart of a run's report, in the report's order; charts with nothing to show are left out. */
export function reportCharts(result: RunResult): ChartSpec[] {
  const perRestore = chartedRestores(result).flatMap((restore) => [latencyCdfChart(restore), restoreProgressChart(restore)]);
  const charts = [hostLatencyChart(result), copyThroughputChart(result), driveUtilizationChart(result), ...perRestore, latencyBreakdownChart(result), tailBreakdownChart(result)];
  return charts.filter((chart): chart is ChartSpec => chart !== null);
}

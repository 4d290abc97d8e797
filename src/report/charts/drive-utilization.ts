import type { RunResult } from '../../scenario/results.js';
import type { LevelPoint } from '../../metrics/level-series.js';
import { colorOf, line, lineChart, linearAxis, secondsOf, timeAxis } from './common.js';
import { bandLegend, phaseBands } from './phase-bands.js';
import type { ChartSpec, LineDataset, XY } from './types.js';

/** Past this many drives one line each is a tangle: the chart shows the mean and the busiest drive instead. */
const MAX_DRIVE_LINES = 12;

const busyPoints = (points: readonly LevelPoint[]): XY[] => points.map((p) => ({ x: secondsOf(p.tNs + p.spanNs / 2), y: 100 * p.mean }));

function perDrive(series: readonly (readonly LevelPoint[])[], names: readonly string[]): LineDataset[] {
  return series.map((points, i) => line(names[i]!, busyPoints(points), colorOf(i)));
}

/** Every drive's intervals line up (one metrics interval), so the k-th points are the same interval. */
function meanAndMax(series: readonly (readonly LevelPoint[])[]): LineDataset[] {
  const first = series[0] ?? [];
  const at = (k: number, reduce: (values: number[]) => number): XY => ({
    x: secondsOf(first[k]!.tNs + first[k]!.spanNs / 2),
    y: 100 * reduce(series.map((points) => points[k]?.mean ?? 0)),
  });
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return [
    line(`mean of ${series.length} drives`, first.map((_, k) => at(k, mean)), colorOf(0)),
    line('busiest drive', first.map((_, k) => at(k, (values) => Math.max(...values))), colorOf(1)),
  ];
}

/** Per-drive utilization (share of each interval the drive was busy) over time, with the protocol's phases shaded. */
export function driveUtilizationChart(result: RunResult): ChartSpec | null {
  const names = result.drives.map((drive) => drive.name);
  if (names.length === 0) return null;
  const series = names.map((name) => result.metrics.groups[`drive:${name}`]?.series.levels['busy']?.points ?? []);
  const bands = phaseBands(result);
  const many = names.length > MAX_DRIVE_LINES;
  const title = many ? `Drive utilization: mean and busiest of ${names.length} drives` : 'Drive utilization per drive';
  return {
    id: 'drive-utilization',
    title,
    config: lineChart({
      title,
      x: timeAxis(result.simulatedNs),
      y: linearAxis('busy (% of interval)', { min: 0, max: 100 }),
      datasets: [...(many ? meanAndMax(series) : perDrive(series, names)), ...bandLegend(bands)],
      bands,
    }),
  };
}

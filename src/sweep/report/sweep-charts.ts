import { colorOf, fileSafe, line, lineChart, linearAxis, logAxis } from '../../report/charts/common.js';
import type { ChartSpec, LineDataset, XY } from '../../report/charts/types.js';
import type { Aggregate } from '../aggregate.js';
import type { ChartDoc } from '../experiment-schema.js';
import type { Experiment } from '../experiment.js';
import type { PointAggregate } from '../outputs.js';
import { valueText } from './format.js';

/** One line of a sweep chart: the points of one variant (and one value of each other parameter), by x. */
export interface SweepLine {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly value: Aggregate }[];
}

/** The chart's lines: one per variant and combination of the parameters other than x, in grid order. */
export function linesOf(experiment: Experiment, points: readonly PointAggregate[], chart: ChartDoc): SweepLine[] {
  const others = experiment.parameters.filter((p) => p.name !== chart.x);
  const lines = new Map<string, { x: number; value: Aggregate }[]>();
  for (const point of points) {
    const label = [point.variant, ...others.map((p) => `${p.name} = ${valueText(point.params[p.name])}`)].filter((part) => part !== null).join(', ') || chart.y;
    const list = lines.get(label) ?? [];
    list.push({ x: (point.params[chart.x] as number) * (chart.xScale ?? 1), value: point.metrics[chart.y]! });
    lines.set(label, list);
  }
  return [...lines].map(([label, list]) => ({ label, points: [...list].sort((a, b) => a.x - b.x) }));
}

/**
 * Error bars drawn as a line dataset: a vertical segment per point from the
 * interval's low to its high, with short caps, separated by gaps (y: null).
 * Plain data, no plugin: the same configuration draws them in the PNG and
 * in the HTML page.
 */
function errorBars(line: SweepLine, capHalfWidth: (x: number) => [number, number], yLog: boolean): XY[] {
  return line.points.flatMap(({ x, value }) => {
    if (value.ci95Low === null || value.ci95High === null || value.mean === null) return [];
    const low = yLog && value.ci95Low <= 0 ? value.mean : value.ci95Low;
    const [left, right] = capHalfWidth(x);
    return [
      { x: left, y: low },
      { x: right, y: low },
      { x, y: null },
      { x, y: low },
      { x, y: value.ci95High },
      { x, y: null },
      { x: left, y: value.ci95High },
      { x: right, y: value.ci95High },
      { x, y: null },
    ];
  });
}

function capsOf(lines: readonly SweepLine[], log: boolean): (x: number) => [number, number] {
  const xs = lines.flatMap((l) => l.points.map((p) => p.x));
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  if (log) {
    const factor = Math.pow(max / min || 10, 0.008);
    return (x) => [x / factor, x * factor];
  }
  const half = 0.008 * (max - min || Math.abs(max) || 1);
  return (x) => [x - half, x + half];
}

export function sweepChart(experiment: Experiment, points: readonly PointAggregate[], chart: ChartDoc, index: number): ChartSpec {
  const metric = experiment.metrics.find((m) => m.name === chart.y)!;
  const parameter = experiment.parameters.find((p) => p.name === chart.x)!;
  const lines = linesOf(experiment, points, chart);
  const caps = capsOf(lines, chart.xLog);
  const datasets: LineDataset[] = lines.flatMap((l, i) => [
    line(l.label, l.points.map((p) => ({ x: p.x, y: p.value.mean })), colorOf(i), { borderWidth: 2, pointRadius: 3, spanGaps: true }),
    line(`${l.label}: 95% CI`, errorBars(l, caps, chart.yLog), colorOf(i), { borderWidth: 1.5 }),
  ]);
  const title = chart.title ?? `${metric.name} vs ${parameter.name}`;
  const xLabel = chart.xLabel ?? parameter.path;
  const yLabel = `${metric.name} (${metric.unit})`;
  return {
    id: fileSafe(`${index + 1}-${metric.name}-vs-${parameter.name}`),
    title,
    config: lineChart({
      title,
      x: chart.xLog ? logAxis(`${xLabel} (log scale)`) : linearAxis(xLabel),
      y: chart.yLog ? logAxis(`${yLabel} (log scale)`) : linearAxis(yLabel, { min: 0 }),
      datasets,
    }),
  };
}

export function sweepCharts(experiment: Experiment, points: readonly PointAggregate[]): ChartSpec[] {
  return experiment.charts.map((chart, i) => sweepChart(experiment, points, chart, i));
}

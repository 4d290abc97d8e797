import type { ChartSpec } from '../../report/charts/types.js';
import { code, facts, heading, paragraph, table, type Block, type ReportDoc } from '../../report/doc/blocks.js';
import type { Aggregate } from '../aggregate.js';
import type { Experiment, ResolvedMetric } from '../experiment.js';
import { METRIC_OPTIONS } from '../extractors.js';
import { deriveSeed } from '../seeds.js';
import type { PointAggregate } from '../outputs.js';
import { num, valueText } from './format.js';
import { linesOf } from './sweep-charts.js';

const CI_CAPTION = 'Each point: the mean over the seeds; bars: the 95% confidence interval of the mean (Student t, n − 1 degrees of freedom). Every point ran the same seeds.';

function optionsText(metric: ResolvedMetric): string {
  const options = METRIC_OPTIONS.filter((key) => metric[key] !== undefined).map((key) => `${key}: ${metric[key]}`);
  return options.join(', ') || '-';
}

function setupSection(experiment: Experiment, runs: number): Block[] {
  const points = runs / experiment.seeds;
  const seeds = Array.from({ length: experiment.seeds }, (_, k) => deriveSeed(experiment.seed, k));
  const blocks: Block[] = [
    heading('Setup'),
    facts([
      ['experiment', experiment.file],
      ['base scenario', `${experiment.scenarioFile} (${experiment.scenarioName})`],
      ['grid points', points],
      ['seeds per point', `${experiment.seeds}, derived from base seed ${experiment.seed}: ${seeds.join(', ')}`],
      ['runs', runs],
    ]),
  ];
  if (experiment.parameters.length > 0) blocks.push(table(['parameter', 'path in the scenario', 'values'], experiment.parameters.map((p) => [p.name, p.path, p.values.map(valueText).join(', ')])));
  if (experiment.variants.length > 0) blocks.push(table(['variant', 'sets'], experiment.variants.map((v) => [v.name, v.set.map(([path, value]) => `${path} = ${valueText(value)}`).join('; ')])));
  blocks.push(table(['metric', 'extractor', 'options', 'unit', 'what it measures'], experiment.metrics.map((m) => [m.name, m.extract, optionsText(m), m.unit, m.description])));
  return blocks;
}

const ciText = (a: Aggregate) => (a.ci95Low === null || a.ci95High === null ? '-' : `${num(a.ci95Low)} to ${num(a.ci95High)}`);

function chartSections(experiment: Experiment, points: readonly PointAggregate[], charts: readonly ChartSpec[]): Block[] {
  return experiment.charts.flatMap((chart, i) => {
    const spec = charts[i]!;
    const metric = experiment.metrics.find((m) => m.name === chart.y)!;
    const rows = linesOf(experiment, points, chart).flatMap((line) => line.points.map((p) => [line.label, num(p.x), p.value.n, num(p.value.mean), ciText(p.value)]));
    return [
      heading(spec.title, 3),
      { kind: 'chart', chartId: spec.id, title: spec.title, caption: `${metric.name}: ${metric.description} (${metric.unit}). ${CI_CAPTION}` },
      table(['line', chart.xLabel ?? chart.x, 'n', `mean ${metric.unit}`, '95% CI'], rows),
    ];
  });
}

/** Every point as a table: its number, variant (when there are variants), values, and a cell per metric. */
export function pointsTable(experiment: Experiment, points: readonly PointAggregate[], cell: (a: Aggregate) => string): { header: string[]; rows: (string | number)[][] } {
  const header = ['point', ...(experiment.variants.length > 0 ? ['variant'] : []), ...experiment.parameters.map((p) => p.name), ...experiment.metrics.map((m) => `${m.name} ${m.unit}`)];
  const rows = points.map((p) => [
    p.point,
    ...(experiment.variants.length > 0 ? [p.variant ?? ''] : []),
    ...experiment.parameters.map((q) => valueText(p.params[q.name])),
    ...experiment.metrics.map((m) => (p.metrics[m.name]!.mean === null ? '-' : cell(p.metrics[m.name]!))),
  ]);
  return { header, rows };
}

function everyPoint(experiment: Experiment, points: readonly PointAggregate[]): Block {
  const { header, rows } = pointsTable(experiment, points, (a) => `${num(a.mean)} (${ciText(a)}, n ${a.n})`);
  return table(header, rows);
}

/** A sweep's report as a document: question, setup, the charts with their figures, every point, the findings, and how to run it again. */
export function sweepDoc(experiment: Experiment, points: readonly PointAggregate[], charts: readonly ChartSpec[]): ReportDoc {
  const runs = points.length * experiment.seeds;
  const blocks: Block[] = [
    ...(experiment.description ? [paragraph(experiment.description)] : []),
    ...(experiment.question ? [heading('Question'), paragraph(experiment.question)] : []),
    ...setupSection(experiment, runs),
    ...(experiment.charts.length > 0 ? [heading('Results'), ...chartSections(experiment, points, charts)] : []),
    heading('Every point'),
    paragraph('Mean, 95% confidence interval and number of runs with a value (a run has none when, say, its restore did not finish).'),
    everyPoint(experiment, points),
    heading('What the figures show'),
    ...(experiment.findings.length > 0 ? experiment.findings.map(paragraph) : [paragraph('The experiment file gives no findings.')]),
    heading('Reproduce'),
    paragraph('Every run is in runs.csv and runs.jsonl (parameters, seed, metrics, trace hash); the aggregates in points.csv and points.json.'),
    code(`npx mirrorsim sweep ${experiment.file}`),
  ];
  return { title: `Experiment: ${experiment.name}`, blocks };
}

import { formatPath } from '../scenario/errors.js';
import type { ScenarioDoc } from '../scenario/schema.js';
import type { ExperimentDoc } from './experiment-schema.js';
import { EXTRACTORS, METRIC_OPTIONS } from './extractors.js';
import { parsePath, pathWithin, whyNotSettable, type PathKey } from './path.js';

/** A problem of an experiment, at a path of the experiment document. */
export interface ExperimentProblem {
  readonly at: readonly PathKey[];
  readonly message: string;
}

/** A setting a point makes: the scenario path, and where the experiment gives it. */
export interface Setting {
  readonly keys: readonly PathKey[];
  readonly path: string;
  readonly at: readonly PathKey[];
}

/** Most runs one sweep may have: a bound, so that a typo (seeds: 10000 on a large grid) is refused, not started. */
export const MAX_RUNS = 100_000;

/** What zod cannot check: paths into the base scenario, settings that collide, extractors, names, charts. */
export function checkExperiment(doc: ExperimentDoc, base: { raw: unknown; doc: ScenarioDoc }): ExperimentProblem[] {
  const settings = [...gridSettings(doc), ...doc.variants.flatMap((_, v) => variantSettings(doc, v))];
  return [
    ...settingProblems(settings, base.raw),
    ...collisions(doc, settings),
    ...metricProblems(doc, base.doc),
    ...chartProblems(doc),
    ...sizeProblems(doc),
  ];
}

export function gridSettings(doc: ExperimentDoc): Setting[] {
  return doc.grid.map((p, i) => ({ keys: parsePath(p.path) ?? [], path: p.path, at: ['grid', i, 'path'] }));
}

export function variantSettings(doc: ExperimentDoc, v: number): Setting[] {
  return Object.keys(doc.variants[v]!.set).map((path) => ({ keys: parsePath(path) ?? [], path, at: ['variants', v, 'set', path] }));
}

function settingProblems(settings: readonly Setting[], raw: unknown): ExperimentProblem[] {
  return settings.flatMap((setting): ExperimentProblem[] => {
    if (parsePath(setting.path) === null) return [{ at: setting.at, message: `"${setting.path}" is not a path into the scenario; expected e.g. protocol.copy.rateMBps or hosts[0].workload.iops` }];
    const why = whyNotSettable(raw, setting.keys);
    return why === null ? [] : [{ at: setting.at, message: `cannot set ${setting.path} in the base scenario: ${why}` }];
  });
}

/** A point must not set one place twice: no two parameters, nor a parameter and a variant, on the same or nested paths. */
function collisions(doc: ExperimentDoc, settings: readonly Setting[]): ExperimentProblem[] {
  const problems: ExperimentProblem[] = [];
  settings.forEach((setting, i) => {
    // Grid settings come first: each meets every grid setting before it, and those of its own variant.
    const others = settings.slice(0, i).filter((other) => other.keys.length > 0 && (other.at[0] === 'grid' || other.at[1] === setting.at[1]));
    const clash = others.find((other) => pathWithin(setting.keys, other.keys) || pathWithin(other.keys, setting.keys));
    if (clash && setting.keys.length > 0) problems.push({ at: setting.at, message: `${setting.path} overlaps ${clash.path} (${formatPath(clash.at.slice(0, 2))}): a point would set it twice` });
  });
  const names = new Set<string>();
  doc.grid.forEach((p, i) => {
    const name = p.name ?? p.path;
    if (names.has(name)) problems.push({ at: ['grid', i, p.name ? 'name' : 'path'], message: `the parameter name ${name} is used twice` });
    names.add(name);
  });
  const variantNames = new Set<string>();
  doc.variants.forEach((v, i) => {
    if (variantNames.has(v.name)) problems.push({ at: ['variants', i, 'name'], message: `the variant name "${v.name}" is used twice` });
    variantNames.add(v.name);
  });
  return problems;
}

function metricProblems(doc: ExperimentDoc, scenario: ScenarioDoc): ExperimentProblem[] {
  const problems: ExperimentProblem[] = [];
  const seen = new Set<string>();
  doc.metrics.forEach((metric, i) => {
    if (seen.has(metric.name)) problems.push({ at: ['metrics', i, 'name'], message: `the metric name ${metric.name} is used twice` });
    seen.add(metric.name);
    const extractor = EXTRACTORS[metric.extract];
    if (!extractor) {
      problems.push({ at: ['metrics', i, 'extract'], message: `no extractor named "${metric.extract}"; extractors: ${Object.keys(EXTRACTORS).join(', ')}` });
      return;
    }
    for (const option of METRIC_OPTIONS) {
      if (metric[option] !== undefined && !extractor.options.includes(option)) {
        problems.push({ at: ['metrics', i, option], message: `${metric.extract} takes no ${option}; it takes ${extractor.options.join(', ') || 'no options'}` });
      }
    }
    const why = extractor.check?.(metric);
    if (why) problems.push({ at: ['metrics', i], message: why });
    problems.push(...nameProblems(metric, i, scenario));
  });
  return problems;
}

function nameProblems(metric: ExperimentDoc['metrics'][number], i: number, scenario: ScenarioDoc): ExperimentProblem[] {
  const hosts = scenario.hosts.map((h) => h.name);
  const pairs = scenario.pairs.map((p) => p.name);
  const problems: ExperimentProblem[] = [];
  if (metric.host !== undefined && !hosts.includes(metric.host)) problems.push({ at: ['metrics', i, 'host'], message: `the base scenario has no host named ${metric.host}; hosts: ${hosts.join(', ') || 'none'}` });
  if (metric.pair !== undefined && !pairs.includes(metric.pair)) problems.push({ at: ['metrics', i, 'pair'], message: `the base scenario has no pair named ${metric.pair}; pairs: ${pairs.join(', ') || 'none'}` });
  if (metric.extract === 'host-latency' && metric.host === undefined && hosts.length !== 1) {
    problems.push({ at: ['metrics', i], message: `host-latency needs a host: the base scenario has ${hosts.length} (${hosts.join(', ') || 'none'})` });
  }
  return problems;
}

function chartProblems(doc: ExperimentDoc): ExperimentProblem[] {
  const problems: ExperimentProblem[] = [];
  doc.charts.forEach((chart, i) => {
    const parameter = doc.grid.find((p) => (p.name ?? p.path) === chart.x || p.path === chart.x);
    if (!parameter) problems.push({ at: ['charts', i, 'x'], message: `no grid parameter named ${chart.x}; parameters: ${doc.grid.map((p) => p.name ?? p.path).join(', ') || 'none'}` });
    else if (!parameter.values.every((v) => typeof v === 'number' && Number.isFinite(v) && (!chart.xLog || v > 0))) {
      problems.push({ at: ['charts', i, 'x'], message: `${chart.x} cannot be an x axis: its values must all be numbers${chart.xLog ? ' above 0 (xLog)' : ''}` });
    }
    if (!doc.metrics.some((m) => m.name === chart.y)) problems.push({ at: ['charts', i, 'y'], message: `no metric named ${chart.y}; metrics: ${doc.metrics.map((m) => m.name).join(', ')}` });
  });
  return problems;
}

function sizeProblems(doc: ExperimentDoc): ExperimentProblem[] {
  const points = Math.max(1, doc.variants.length) * doc.grid.reduce((n, p) => n * p.values.length, 1);
  const runs = points * doc.seeds;
  return runs > MAX_RUNS ? [{ at: ['seeds'], message: `${points} points × ${doc.seeds} seeds is ${runs} runs; a sweep is limited to ${MAX_RUNS}` }] : [];
}

import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join } from 'node:path';
import { ScenarioError, formatPath } from '../scenario/errors.js';
import { parseScenario, parseYamlInput, problemsOf, readInputText, type Scenario } from '../scenario/load.js';
import { checkExperiment } from './check-experiment.js';
import { experimentSchema, type ExperimentDoc } from './experiment-schema.js';
import type { Experiment, LoadedExperiment } from './experiment.js';
import { EXTRACTORS } from './extractors.js';
import { expandGrid } from './grid.js';
import { pointScenarios } from './point-scenarios.js';

/** Reads, parses and validates an experiment file, its base scenario and every grid point's scenario. Throws `ScenarioError`. */
export function loadExperiment(file: string): LoadedExperiment {
  return parseExperiment(readInputText(file), file);
}

/**
 * Validates an experiment completely before anything runs: the file
 * itself (located problems, exit 2, like a scenario's), the base scenario,
 * then each grid point's scenario — so a sweep never stops half-way on a
 * value the file could have been refused for.
 */
export function parseExperiment(text: string, file: string): LoadedExperiment {
  const input = parseYamlInput(text, file);
  const parsed = experimentSchema.safeParse(input.raw);
  if (!parsed.success) throw new ScenarioError(file, problemsOf(parsed.error.issues, input));
  const doc = parsed.data;
  const scenarioFile = isAbsolute(doc.scenario) ? doc.scenario : join(dirname(file), doc.scenario);
  const scenarioText = readBase(scenarioFile, file, input.locate(['scenario']));
  const base = parseScenario(scenarioText, scenarioFile);
  const problems = checkExperiment(doc, { raw: parseYamlInput(scenarioText, scenarioFile).raw, doc: base.doc });
  if (problems.length > 0) throw new ScenarioError(file, problems.map((p) => ({ path: formatPath(p.at), ...input.locate(p.at), message: p.message })));
  const points = expandGrid(
    doc.grid.map((p) => p.values.length),
    doc.variants.length,
  );
  const scenarioTexts = pointScenarios({ doc, file, scenarioText, scenarioFile, locate: input.locate }, points);
  return { experiment: resolve(doc, { file, text, scenarioFile, scenarioText, base }), points, scenarioTexts };
}

function readBase(scenarioFile: string, file: string, at: { line?: number; column?: number }): string {
  try {
    return readInputText(scenarioFile);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw new ScenarioError(file, [{ path: 'scenario', ...at, message: `the base scenario ${scenarioFile}: ${error.problems[0]!.message}` }]);
  }
}

interface Sources {
  readonly file: string;
  readonly text: string;
  readonly scenarioFile: string;
  readonly scenarioText: string;
  readonly base: Scenario;
}

function resolve(doc: ExperimentDoc, sources: Sources): Experiment {
  const hash = createHash('sha256').update(sources.text).update('\u0000').update(sources.scenarioText).digest('hex').slice(0, 16);
  return {
    name: doc.name,
    description: doc.description ?? null,
    question: doc.question ?? null,
    findings: doc.findings ?? [],
    file: sources.file,
    scenarioFile: sources.scenarioFile,
    scenarioName: sources.base.doc.name,
    hash,
    seed: doc.seed,
    seeds: doc.seeds,
    parameters: doc.grid.map((p) => ({ name: p.name ?? p.path, path: p.path, values: p.values })),
    variants: doc.variants.map((v) => ({ name: v.name, set: Object.entries(v.set) })),
    metrics: doc.metrics.map((m) => ({ ...m, unit: EXTRACTORS[m.extract]!.unit, description: EXTRACTORS[m.extract]!.description })),
    charts: doc.charts.map((c) => {
      const parameter = doc.grid.find((p) => (p.name ?? p.path) === c.x) ?? doc.grid.find((p) => p.path === c.x);
      return { ...c, x: parameter!.name ?? parameter!.path };
    }),
  };
}

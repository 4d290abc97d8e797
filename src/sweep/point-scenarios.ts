import YAML from 'yaml';
import { ScenarioError, describeValue } from '../scenario/errors.js';
import { parseScenario } from '../scenario/load.js';
import { gridSettings, variantSettings, type ExperimentProblem, type Setting } from './check-experiment.js';
import type { ExperimentDoc } from './experiment-schema.js';
import { needsBreakdown } from './extractors.js';
import type { GridPoint } from './experiment.js';
import { parsePath, type PathKey } from './path.js';

/** A setting of one point: the value, and where the experiment gives that value. */
export interface PointSetting extends Setting {
  readonly value: unknown;
  readonly valueAt: readonly PathKey[];
}

/** The settings a point makes: its variant's first, then one value of each parameter. */
export function pointSettings(doc: ExperimentDoc, point: GridPoint): PointSetting[] {
  const variant = point.variant === null ? [] : variantSettings(doc, point.variant).map((s) => ({ ...s, value: doc.variants[point.variant!]!.set[s.path], valueAt: s.at }));
  const grid = gridSettings(doc).map((s, i) => ({ ...s, value: doc.grid[i]!.values[point.valueIndices[i]!], valueAt: ['grid', i, 'values', point.valueIndices[i]!] }));
  return [...variant, ...grid];
}

/**
 * The base scenario with a point's settings applied, as YAML text. Set on
 * the parsed document, not on plain data, so that the text keeps the base's
 * layout and comments (a worker parses it again, as the loader would).
 */
export function pointScenarioText(base: YAML.Document, settings: readonly PointSetting[]): string {
  const doc = base.clone();
  for (const setting of settings) doc.setIn(setting.keys as PathKey[], doc.createNode(setting.value));
  return doc.toString();
}

/**
 * Every point's scenario text, each validated as a scenario; throws one
 * `ScenarioError` on the experiment file, naming for each problem the value
 * in the experiment that caused it (a problem found at a path the point
 * sets, or inside it, is that setting's; otherwise the setting nearest in
 * the document). Identical problems of several points are reported once.
 */
export function pointScenarios(input: { doc: ExperimentDoc; file: string; scenarioText: string; scenarioFile: string; locate: (at: readonly PathKey[]) => { line?: number; column?: number } }, points: readonly GridPoint[]): string[] {
  const base = YAML.parseDocument(input.scenarioText, { uniqueKeys: true, strict: true });
  const problems = new Map<string, ExperimentProblem>();
  // Validated as the runs will load them: with the breakdown their metrics may need (it adds to the memory estimate).
  const breakdown = needsBreakdown(input.doc.metrics);
  const texts = points.map((point) => {
    const settings = pointSettings(input.doc, point);
    const text = pointScenarioText(base, settings);
    try {
      parseScenario(text, input.scenarioFile, { breakdown });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      for (const problem of error.problems) {
        const mapped = blame(problem.path, problem.message, settings, input.scenarioFile);
        problems.set(`${mapped.at.join('\u0000')}\u0000${mapped.message}`, mapped);
      }
    }
    return text;
  });
  if (problems.size > 0) {
    throw new ScenarioError(input.file, [...problems.values()].map((p) => ({ path: formatAt(p.at), ...input.locate(p.at), message: p.message })));
  }
  return texts;
}

function blame(path: string, message: string, settings: readonly PointSetting[], scenarioFile: string): ExperimentProblem {
  const keys = parsePath(path) ?? [];
  const shared = (setting: PointSetting) => {
    let n = 0;
    while (n < keys.length && n < setting.keys.length && keys[n] === setting.keys[n]) n++;
    return n;
  };
  const nearest = settings.reduce<PointSetting | undefined>((best, s) => (best === undefined || shared(s) > shared(best) ? s : best), undefined);
  const where = path === '' ? scenarioFile : `${scenarioFile} at ${path}`;
  if (nearest && shared(nearest) > 0) return { at: nearest.valueAt, message: `${nearest.path} = ${describeValue(nearest.value)} makes the scenario invalid: ${where}: ${message}` };
  const all = settings.map((s) => `${s.path} = ${describeValue(s.value)}`).join(', ');
  return { at: ['scenario'], message: `with ${all || 'no settings'}, the scenario is invalid: ${where}: ${message}` };
}

function formatAt(at: readonly PathKey[]): string {
  // Keys of `set` are paths themselves: quoted, so that the path reads unambiguously.
  let out = '';
  for (const key of at) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return out;
}

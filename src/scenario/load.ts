import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import type * as z from 'zod';
import { checkReferences } from './references.js';
import { ScenarioError, type ScenarioProblem } from './errors.js';
import { problemsOfIssues } from './issues.js';
import { checkLimits, resolveLimits, type RunLimits } from './limits.js';
import { scenarioSchema, type ScenarioDoc } from './schema.js';
import { decodeInput, linePos, parseYamlDocument, plainValue, readInputBytes } from './yaml-input.js';

/** A validated scenario and where it came from (files it names are relative to `dir`). */
export interface Scenario {
  readonly file: string;
  readonly dir: string;
  readonly doc: ScenarioDoc;
  /** The bounds the run is held to (the loader fills them in; absent means the defaults). */
  readonly limits?: RunLimits;
}

export interface LoadOptions {
  /** Overrides the scenario's own `limits:` (the command line's --max-memory, --max-events). */
  readonly limits?: Partial<RunLimits>;
  /** Breaks host latency down into stages whatever the scenario's `metrics.breakdown` says (the command line's --breakdown; sweeps that extract it). */
  readonly breakdown?: boolean;
}

/** Reads, parses and validates a scenario file (YAML, or JSON). Throws `ScenarioError`. */
export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  return parseScenario(readInputText(file), file, options);
}

/** Reads an input file (a scenario, or an experiment) as UTF-8 text, within the size limit. Throws `ScenarioError`. */
export function readInputText(file: string): string {
  return decodeInput(readInputBytes(file), file);
}

/** Parses and validates scenario text; `file` names it in errors and anchors relative paths. */
export function parseScenario(text: string, file: string, options: LoadOptions = {}): Scenario {
  const input = parseYamlInput(text, file);
  const parsed = scenarioSchema.safeParse(input.raw);
  if (!parsed.success) throw new ScenarioError(file, problemsOf(parsed.error.issues, input));
  const doc = options.breakdown === true ? { ...parsed.data, metrics: { ...parsed.data.metrics, breakdown: true } } : parsed.data;
  const scenario: Scenario = { file, dir: dirname(resolve(file)), doc, limits: resolveLimits(doc, options.limits) };
  const problems = checkReferences(scenario);
  // The estimates need every name resolved, so they come once the references hold.
  if (problems.length === 0) problems.push(...checkLimits(scenario, scenario.limits!));
  if (problems.length > 0) {
    throw new ScenarioError(file, problems.map((p) => ({ ...p.problem, ...input.locate(p.at) })));
  }
  return scenario;
}

/** A parsed YAML input: the plain value, and where each path of it is in the text (for error messages). */
export interface YamlInput {
  readonly raw: unknown;
  readonly locate: Locate;
}

/** Parses YAML (or JSON) text into a plain value, with the loader's limits. Throws `ScenarioError`. */
export function parseYamlInput(text: string, file: string): YamlInput {
  const { doc, lineCounter } = parseYamlDocument(text, file);
  const raw = plainValue(doc, file);
  return { raw, locate: (path, key) => position(doc, lineCounter, path, key) };
}

/** Zod's issues as located problems, each naming the path, the line and what was expected. */
export function problemsOf(issues: readonly z.core.$ZodIssue[], input: YamlInput): ScenarioProblem[] {
  return problemsOfIssues(issues, input.raw, input.locate);
}

export type Locate = (path: readonly PropertyKey[], key?: string) => { line?: number; column?: number };

function position(doc: YAML.Document, lineCounter: YAML.LineCounter, path: readonly PropertyKey[], key?: string): { line?: number; column?: number } {
  // Walk up the path until a node with a position is found.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (key !== undefined && depth === path.length && YAML.isMap(node)) {
      const pair = node.items.find((item) => YAML.isScalar(item.key) && item.key.value === key);
      const range = pair && YAML.isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return linePos(lineCounter, range[0]);
    }
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return linePos(lineCounter, range[0]);
  }
  return {};
}

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import type * as z from 'zod';
import { checkReferences } from './references.js';
import { ScenarioError, describeValue, formatPath, type ScenarioProblem } from './errors.js';
import { scenarioSchema, type ScenarioDoc } from './schema.js';

/** A validated scenario and where it came from (files it names are relative to `dir`). */
export interface Scenario {
  readonly file: string;
  readonly dir: string;
  readonly doc: ScenarioDoc;
}

/** Scenario files above this size are refused before parsing. */
const MAX_FILE_BYTES = 16 * 2 ** 20;

/** Reads, parses and validates a scenario file (YAML, or JSON). Throws `ScenarioError`. */
export function loadScenario(file: string): Scenario {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  if (bytes.length > MAX_FILE_BYTES) {
    throw new ScenarioError(file, [{ path: '', message: `the file is ${bytes.length} bytes; scenarios are limited to ${MAX_FILE_BYTES}` }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError(file, [{ path: '', message: 'the file is not valid UTF-8 text' }]);
  }
  return parseScenario(text, file);
}

/** Parses and validates scenario text; `file` names it in errors and anchors relative paths. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => ({ path: '', ...linePos(lineCounter, e.pos[0]), message: `not valid YAML: ${firstLine(e.message)}` })),
    );
  }
  let raw: unknown;
  try {
    // Alias expansion is bounded, so a "billion laughs" document is refused, not expanded.
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the document: ${firstLine(String((error as Error).message))}` }]);
  }
  const parsed = scenarioSchema.safeParse(raw);
  const locate = (path: readonly PropertyKey[], key?: string) => position(doc, lineCounter, path, key);
  if (!parsed.success) throw new ScenarioError(file, parsed.error.issues.map((issue) => problemOf(issue, raw, locate)));
  const scenario: Scenario = { file, dir: dirname(resolve(file)), doc: parsed.data };
  const problems = checkReferences(scenario);
  if (problems.length > 0) {
    throw new ScenarioError(file, problems.map((p) => ({ ...p.problem, ...locate(p.at) })));
  }
  return scenario;
}

type Locate = (path: readonly PropertyKey[], key?: string) => { line?: number; column?: number };

function problemOf(issue: z.core.$ZodIssue, raw: unknown, locate: Locate): ScenarioProblem {
  const path = issue.path as PropertyKey[];
  const at = locate(path);
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      return { path: formatPath([...path, key]), ...locate(path, key), message: `unknown key "${key}"${issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : ''}` };
    }
    case 'invalid_type':
      if (value === undefined) return { path: formatPath(path), ...at, message: `missing; expected ${article(issue.expected)}` };
      return { path: formatPath(path), ...at, message: `expected ${article(issue.expected)}, got ${describeValue(value)}` };
    case 'too_small':
    case 'too_big':
    case 'invalid_value':
    case 'invalid_format':
    case 'not_multiple_of':
      return { path: formatPath(path), ...at, message: `${lowerFirst(issue.message)}, got ${describeValue(value)}` };
    default:
      return { path: formatPath(path), ...at, message: lowerFirst(issue.message) };
  }
}

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

function linePos(lineCounter: YAML.LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', int: 'an integer' };
  return names[expected] ?? expected;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}

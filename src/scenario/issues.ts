import type * as z from 'zod';
import { describeValue, formatPath, type ScenarioProblem } from './errors.js';

type Located = (path: readonly PropertyKey[], key?: string) => { line?: number; column?: number };

/**
 * Zod's issues as problems a user can act on: each names the path, the line,
 * what was expected and what the file holds. One problem per path and
 * message (a value can fail several checks that say the same thing).
 */
export function problemsOfIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, locate: Located): ScenarioProblem[] {
  const seen = new Set<string>();
  const problems: ScenarioProblem[] = [];
  for (const issue of issues) {
    const problem = problemOf(issue, raw, locate);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function problemOf(issue: z.core.$ZodIssue, raw: unknown, locate: Located): ScenarioProblem {
  const path = issue.path as PropertyKey[];
  const at = locate(path);
  const value = valueAt(raw, path);
  if (path.length === 0 && (value === null || value === undefined)) return { path: '', ...at, message: 'the document is empty: expected a mapping' };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const others = issue.keys.slice(1, 6).map((k) => describeValue(k));
    const more = issue.keys.length > 1 ? ` (and ${others.join(', ')}${issue.keys.length > 6 ? `, … ${issue.keys.length - 6} more` : ''})` : '';
    return { path: formatPath([...path, key]), ...locate(path, key), message: `unknown key ${describeValue(key)}${more}` };
  }
  // Custom issues (cross-field rules, units) are written whole where they are raised.
  if (issue.code === 'custom') return { path: formatPath(path), ...at, message: issue.message };
  const expected = issue.message.startsWith('expected ') ? issue.message : expectation(issue);
  if (value === undefined) return { path: formatPath(path), ...at, message: `missing; ${expected}` };
  return { path: formatPath(path), ...at, message: `${expected}, got ${describeValue(value)}` };
}

/** What a check with zod's default message expected, in the format's words. */
function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at least ${issue.minimum} ${issue.origin === 'array' ? 'entries' : 'characters'}`
        : `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at most ${issue.maximum} ${issue.origin === 'array' ? 'entries' : 'characters'}`
        : `expected a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => String(v)).join(', ')}`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}`;
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? 'a value of the documented form' : `a ${issue.format}`}`;
    case 'invalid_union':
      return 'expected one of the forms docs/scenarios.md documents for this key';
    default:
      return `expected a valid value (${issue.message.toLowerCase()})`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  int: 'an integer',
  nan: 'a number',
};

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One problem found in a scenario file: where (path inside the document, and line if known) and what was expected. */
export interface ScenarioProblem {
  /** Path inside the document, such as `hosts[1].workload.skew` (empty for the whole file). */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** A scenario that cannot be run: names the file and every problem found. Exit code 2. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    readonly file: string,
    readonly problems: readonly ScenarioProblem[],
  ) {
    super(formatProblems(file, problems));
  }
}

export function formatProblems(file: string, problems: readonly ScenarioProblem[]): string {
  const lines = problems.slice(0, 20).map((p) => {
    const where = p.line !== undefined ? `${file}:${p.line}:${p.column ?? 1}` : file;
    return `${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
  });
  if (problems.length > 20) lines.push(`… and ${problems.length - 20} more problems`);
  return lines.join('\n');
}

/** `['hosts', 1, 'workload', 'skew']` → `hosts[1].workload.skew`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    // A key is shown whole unless it is absurdly long (a hostile file's key must not flood the message).
    const name = String(key).length > 60 ? `${String(key).slice(0, 57)}…` : String(key);
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? name : `.${name}`;
  }
  return out;
}

/** A short, safe rendering of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  // YAML's spellings: the user wrote `.nan` or `.inf`, not JavaScript's NaN.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan (not a number)' : value > 0 ? '.inf (infinity)' : '-.inf (infinity)';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

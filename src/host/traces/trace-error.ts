/**
 * A trace that cannot be read or replayed: names the file, the line (from 1;
 * 0 for the file as a whole), what was expected there and what was found.
 */
export class TraceParseError extends Error {
  override readonly name = 'TraceParseError';
  readonly code = 'trace-parse';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly expected: string,
    readonly found: string,
    /** Whether `found` is the file's own text (quoted in the message) or a description of it. */
    quoteFound = true,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: expected ${expected}, found ${quoteFound ? JSON.stringify(found) : found}`);
  }
}

/** What a line parser found wrong with one line; the reader adds the file and the line number. */
export class LineProblem extends Error {
  override readonly name = 'LineProblem';

  constructor(
    readonly expected: string,
    readonly found: string,
  ) {
    super(`expected ${expected}, found ${JSON.stringify(found)}`);
  }
}

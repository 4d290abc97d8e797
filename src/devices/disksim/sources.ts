import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DiskSimFormatError, type DsStatement, parseDiskSimStatements } from './parse.js';

/** A statement and the file it was read from (sourced files resolve relative to the file that names them). */
export interface SourcedStatement {
  readonly file: string;
  readonly statement: DsStatement;
}

/** Files sourced inside one another at most this deep (DiskSim's own validation runs go three deep). */
const MAX_SOURCE_DEPTH = 32;

/** Where a `source` line was met: the chain that led to a file, to name a loop. */
interface SourceStep {
  readonly file: string;
  readonly line: number;
}

/**
 * Reads a DiskSim file with every file its `source` lines name, in order, as
 * DiskSim reads them: each `source FILE` is replaced by FILE's statements.
 * A file that sources itself, directly or not, is refused at the line that
 * closes the loop.
 */
export function readWithSources(file: string, readText: (file: string) => string): SourcedStatement[] {
  return read(file, [], readText);
}

function read(file: string, chain: readonly SourceStep[], readText: (file: string) => string): SourcedStatement[] {
  const statements: SourcedStatement[] = [];
  for (const statement of parseDiskSimStatements(file, readText(file))) {
    if (statement.kind !== 'source') {
      statements.push({ file, statement });
      continue;
    }
    const target = sourcedPath(file, statement.file);
    const here = [...chain, { file, line: statement.line }];
    checkNoLoop(target, here);
    statements.push(...read(target, here, readText));
  }
  return statements;
}

/** The path a `source` line (or a `Model = source FILE` value) in `from` names: relative to `from`'s folder. */
export function sourcedPath(from: string, name: string): string {
  return isAbsolute(name) ? name : join(dirname(from), name);
}

/** Refuses a `source` that would read a file already being read, or a chain too deep to be anything but a loop. */
export function checkNoLoop(target: string, chain: readonly SourceStep[]): void {
  const last = chain[chain.length - 1]!;
  const start = chain.findIndex((step) => resolve(step.file) === resolve(target));
  if (start >= 0) {
    const loop = [...chain.slice(start).map((step) => `${step.file}:${step.line}`), target].join(' → ');
    throw new DiskSimFormatError(last.file, last.line, `"source" loops back to a file already being read: ${loop}`);
  }
  if (chain.length >= MAX_SOURCE_DEPTH) {
    throw new DiskSimFormatError(last.file, last.line, `expected files sourced at most ${MAX_SOURCE_DEPTH} deep`);
  }
}

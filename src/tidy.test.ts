import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Reads the source and fails on what must never happen in mirrorsim:
 * ambient time or randomness, timers or console output outside the CLI, and
 * imports against the dependency direction of DESIGN.md §3.
 */
const SRC = 'src';
/** The property suite: tests and their helpers, held to the dependency direction and the `any` rule. */
const PROPERTIES = 'properties';

function sourceFiles(dir: string, withTests = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path, withTests);
    return path.endsWith('.ts') && (withTests || (!path.endsWith('.test.ts') && !path.includes('/testing/'))) ? [path] : [];
  });
}

/** Each layer may import itself and the layers listed. */
const ALLOWED: Record<string, readonly string[]> = {
  engine: [],
  metrics: ['engine'],
  devices: ['engine', 'metrics'],
  array: ['engine', 'metrics', 'devices'],
  protocol: ['engine', 'metrics', 'devices', 'array'],
  check: ['engine', 'array'],
  host: ['engine', 'metrics', 'devices', 'array', 'protocol'],
  scenario: ['engine', 'metrics', 'devices', 'array', 'protocol', 'host'],
  report: ['engine', 'metrics', 'devices', 'array', 'protocol', 'host', 'scenario', 'check'],
  sweep: ['engine', 'metrics', 'devices', 'array', 'protocol', 'host', 'scenario', 'check', 'report'],
  verify: ['engine', 'metrics', 'devices', 'array', 'protocol', 'check'],
  bench: ['engine', 'metrics', 'devices', 'array', 'protocol', 'host', 'scenario', 'check', 'verify'],
  properties: ['engine', 'metrics', 'devices', 'array', 'protocol', 'host', 'scenario', 'check', 'verify', 'report', 'sweep', 'bench', 'index.ts'],
  cli: ['engine', 'metrics', 'devices', 'array', 'protocol', 'host', 'scenario', 'check', 'verify', 'report', 'sweep', 'bench'],
};

/** Within a layer it may import, the only files a layer may import: the checkers read histories, never the simulator's insides (DESIGN.md §3). */
const ONLY: Record<string, Record<string, readonly string[]>> = {
  check: { array: ['src/array/history.ts'] },
};

const layerOf = (file: string) => (file.startsWith(`${PROPERTIES}/`) ? PROPERTIES : relative(SRC, file).split('/')[0]!);

describe('tidy', () => {
  const files = sourceFiles(SRC);

  it('finds the source', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('has no ambient time, randomness, timers or console output outside src/cli/', () => {
    const banned = /\b(Math\.random|Date\.now|new Date\(\)|performance\.now|setTimeout|setInterval|setImmediate|console\.)/;
    const offenders = files
      .filter((file) => layerOf(file) !== 'cli')
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
          .filter(({ line }) => banned.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//')),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('imports only along the dependency direction', () => {
    const offenders: string[] = [];
    for (const file of [...files, ...sourceFiles(PROPERTIES, true)]) {
      const layer = layerOf(file);
      if (!(layer in ALLOWED)) continue; // src/index.ts, src/tidy.test.ts
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const path = join(dirname(file), match[1]!).replace(/\.js$/, '.ts');
        const target = layerOf(path);
        if (target === layer) continue;
        if (!ALLOWED[layer]!.includes(target)) offenders.push(`${file} imports ${target}`);
        else if (ONLY[layer]?.[target] && !ONLY[layer][target].includes(path)) offenders.push(`${file} imports ${path}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('has no `any` without a comment saying why', () => {
    const offenders = [...files, ...sourceFiles(PROPERTIES)].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/(:\s*any\b|as any\b|<any>)/.test(line) && !/\/\/.*any/.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});

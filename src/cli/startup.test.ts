import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `--help` and `validate` print before the heavy modules load (issue 13):
 * the built CLI (npm test builds first) is run with a module hook that logs
 * every module it imports, and the log must not name what only other
 * commands need. The times themselves are measured, not tested (docs/command-line.md,
 * "Starting fast").
 */
function modulesLoadedBy(...args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-startup-'));
  const log = join(dir, 'modules.log');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}
`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(log, '');
  const run = spawnSync('node', ['--import', pathToFileURL(register).href, 'bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
}

/** What only run, report, sweep and check need: charts, the canvas, the worker pool, the generators, the simulator, the gate. */
const HEAVY = ['/node_modules/chart.js/', '/node_modules/@napi-rs/canvas/', '/node_modules/tinypool/', '/node_modules/fast-check/', '/dist/report/', '/dist/verify/', '/dist/array/', '/dist/engine/simulator'];

const heavyIn = (modules: string[]) => modules.filter((url) => HEAVY.some((part) => url.includes(part)));

describe('startup', () => {
  it('--help loads commander and nothing of any command', () => {
    const modules = modulesLoadedBy('--help');
    expect(modules.filter((url) => url.includes('/dist/'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/dist\/cli\/main\.js$/)]),
    );
    expect(modules.filter((url) => url.includes('/dist/') && !/\/dist\/cli\/(main|exit-codes|usage-error)\.js$/.test(url))).toEqual([]);
  });

  it('validate loads the loaders, not the simulator, the reports or the gate', () => {
    const modules = modulesLoadedBy('validate', 'scenarios/baseline.yaml', 'scenarios/experiments/copy-rate-latency/experiment.yaml');
    expect(modules.some((url) => url.endsWith('/dist/scenario/load.js'))).toBe(true);
    expect(modules.some((url) => url.endsWith('/dist/sweep/load-experiment.js'))).toBe(true);
    expect(heavyIn(modules)).toEqual([]);
  });

  it('validate of scenarios alone does not load the sweep', () => {
    const modules = modulesLoadedBy('validate', 'scenarios/baseline.yaml');
    expect(modules.filter((url) => url.includes('/dist/sweep/'))).toEqual([]);
  });
});

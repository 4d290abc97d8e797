import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The built CLI (npm test builds first), run as a user would. */
function mirrorsim(...args: string[]) {
  const run = spawnSync('node', ['bin/mirrorsim.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file under a folder, by relative path, as bytes. */
function tree(dir: string, prefix = ''): Record<string, Buffer> {
  return Object.fromEntries(
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? Object.entries(tree(path, `${prefix}${name}/`)) : [[`${prefix}${name}`, readFileSync(path)]];
    }),
  );
}

const EXPERIMENT = 'src/sweep/testdata/tiny-experiment.yaml';

describe('mirrorsim sweep and merge', () => {
  it('merges shards run in one thread into the same bytes as the whole sweep on two workers, report included', () => {
    const root = mkdtempSync(join(tmpdir(), 'mirrorsim-sweep-cli-'));
    const whole = mirrorsim('sweep', EXPERIMENT, '--out', join(root, 'whole'), '--workers', '2');
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/tiny-sweep — 12 runs, 3 seeds per point/);
    expect(whole.stdout).toMatch(/report: .*report\.md/);
    for (const shard of ['1/2', '2/2']) {
      const run = mirrorsim('sweep', EXPERIMENT, '--out', join(root, `shard-${shard[0]}`), '--shard', shard, '--workers', '0', '--quiet');
      expect(run.code).toBe(0);
    }
    expect(Object.keys(tree(join(root, 'shard-2'))).sort()).toEqual(['runs.csv', 'runs.jsonl', 'sweep.json']);
    const merged = mirrorsim('merge', join(root, 'shard-2'), join(root, 'shard-1'), '--out', join(root, 'merged'), '--json');
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ experiment: 'tiny-sweep', runsTotal: 12, runs: 12 });
    const expected = tree(join(root, 'whole'));
    expect(Object.keys(expected).sort()).toEqual([
      'charts/1-restoreS-vs-rate.png',
      'charts/2-firstRead-vs-rate.png',
      'points.csv',
      'points.json',
      'report.html',
      'report.md',
      'runs.csv',
      'runs.jsonl',
      'sweep.json',
    ]);
    expect(tree(join(root, 'merged'))).toEqual(expected);
    expect(mirrorsim('merge', join(root, 'shard-1'), '--out', join(root, 'partial')).code).toBe(2);
  });

  it('refuses a bad experiment with exit code 2 and located messages, before running anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorsim-sweep-bad-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `name: bad\nscenario: ${join(process.cwd(), 'src/sweep/testdata/tiny.yaml')}\ngrid:\n  - path: protocol.copy.rateMBps\n    values: [10, fast]\nmetrics:\n  - { name: t, extract: restore-time }\n`);
    const run = mirrorsim('sweep', file, '--out', join(dir, 'out'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:7:25: metrics\[0\]\.extract: no extractor named "restore-time"/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(() => statSync(join(dir, 'out'))).toThrow();
    expect(mirrorsim('sweep', EXPERIMENT, '--shard', '4/3').code).toBe(2);
    expect(mirrorsim('sweep', EXPERIMENT, '--workers', 'many').code).toBe(2);
    expect(mirrorsim('merge', 'nowhere').code).toBe(2);
  });
});

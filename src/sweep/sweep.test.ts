import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessExecutor, type Executor } from './executor.js';
import { mergeSweeps, readSweepFolder, SweepInputError, writeSweepFolder } from './folders.js';
import { loadExperiment } from './load-experiment.js';
import { pointAggregates } from './outputs.js';
import { poolExecutor } from './pool-executor.js';
import { runSweep, type SweepRuns } from './sweep.js';

/** 4 points × 3 seeds of a tiny array: about half a second in one thread. */
const loaded = loadExperiment('src/sweep/testdata/tiny-experiment.yaml');

async function sweepWith(executor: Executor, shard: { index: number; count: number } | null = null): Promise<SweepRuns> {
  try {
    return await runSweep(loaded, { executor, shard });
  } finally {
    await executor.close();
  }
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const tmp = () => mkdtempSync(join(tmpdir(), 'mirrorsim-sweep-'));

describe('sweep', () => {
  it('runs every point with every seed and extracts the metrics', async () => {
    const sweep = await sweepWith(inProcessExecutor());
    expect(sweep.records).toHaveLength(12);
    expect(sweep.records.map((r) => r.run)).toEqual([...Array(12).keys()]);
    const first = sweep.records[0]!;
    expect(first).toMatchObject({ point: 0, variant: 'copy-on-read', params: { rate: 10 } });
    expect(first.metrics['tracks']).toBe(32);
    expect(first.metrics['restoreS']).toBeGreaterThan(0);
    expect(first.traceHash).toMatch(/^[0-9a-f]{16}$/);
    // Same seed, other point: another run. Same point and seed: the same run (the trace hash says so).
    expect(sweep.records[3]!.seed).toBe(first.seed);
    expect(sweep.records[3]!.traceHash).not.toBe(first.traceHash);
    const points = pointAggregates(sweep);
    expect(points).toHaveLength(4);
    expect(points[0]!.metrics['tracks']).toMatchObject({ n: 3, mean: 32, sd: 0 });
  });

  it('gives the same results on one thread, one worker or two (the order runs finish in does not matter)', async () => {
    const inline = await sweepWith(inProcessExecutor());
    const one = await sweepWith(poolExecutor(1));
    const two = await sweepWith(poolExecutor(2));
    expect(one.records).toEqual(inline.records);
    expect(two.records).toEqual(inline.records);
  });

  it('writes shards that merge into the very files of the unsharded sweep', async () => {
    const whole = tmp();
    writeSweepFolder(whole, await sweepWith(inProcessExecutor()));
    const dirs = [];
    for (const index of [1, 2, 3, 4, 5]) {
      const dir = tmp();
      expect(writeSweepFolder(dir, await sweepWith(inProcessExecutor(), { index, count: 5 }))).toBeNull();
      dirs.push(dir);
    }
    const merged = tmp();
    writeSweepFolder(merged, mergeSweeps(dirs.reverse(), dirs.map(readSweepFolder)));
    const expected = filesOf(whole);
    expect(Object.keys(expected).sort()).toEqual(['points.csv', 'points.json', 'runs.csv', 'runs.jsonl', 'sweep.json']);
    expect(filesOf(merged)).toEqual(expected);
  });

  it('refuses to merge an incomplete set of shards, or shards of another experiment', async () => {
    const dir = tmp();
    writeSweepFolder(dir, await sweepWith(inProcessExecutor(), { index: 1, count: 3 }));
    expect(() => mergeSweeps([dir], [readSweepFolder(dir)])).toThrow(/8 of 12 runs are missing \(runs 1, 2, 4, 5, 7, 8, 10, 11\); shards given: 1\/3/);
    const other = readSweepFolder(dir);
    const changed = { ...other, experiment: { ...other.experiment, hash: '0000000000000000' } };
    expect(() => mergeSweeps([dir, 'other'], [readSweepFolder(dir), changed])).toThrow(SweepInputError);
    expect(() => readSweepFolder(tmp())).toThrow(/cannot read .*sweep\.json/);
  });
});

describe('the public API', () => {
  it('runs a sweep as docs/sweeps.md shows it, from mirrorsim\'s entry point only', async () => {
    const api = await import('../index.js');
    const executor = api.inProcessExecutor();
    try {
      const sweep = await api.runSweep(api.loadExperiment('src/sweep/testdata/tiny-experiment.yaml'), { executor, shard: api.parseShard('1/2') });
      const points = api.pointAggregates(sweep);
      expect(points.map((p) => p.variant)).toEqual(['copy-on-read', 'copy-on-read', 'no copy-on-read', 'no copy-on-read']);
      expect(points.every((p) => p.metrics['restoreS']!.mean! > 0)).toBe(true);
    } finally {
      await executor.close();
    }
  });
});

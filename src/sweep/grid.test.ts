import { describe, expect, it } from 'vitest';
import { expandGrid, inShard, parseShard, runsOf } from './grid.js';
import { deriveSeed } from './seeds.js';

describe('grid expansion', () => {
  it('crosses variants with every combination of values: variants slowest, the last parameter fastest', () => {
    const points = expandGrid([2, 3], 2);
    expect(points).toHaveLength(12);
    expect(points.slice(0, 4)).toEqual([
      { index: 0, variant: 0, valueIndices: [0, 0] },
      { index: 1, variant: 0, valueIndices: [0, 1] },
      { index: 2, variant: 0, valueIndices: [0, 2] },
      { index: 3, variant: 0, valueIndices: [1, 0] },
    ]);
    expect(points[6]).toEqual({ index: 6, variant: 1, valueIndices: [0, 0] });
  });

  it('has one point without parameters or variants: the base scenario', () => {
    expect(expandGrid([], 0)).toEqual([{ index: 0, variant: null, valueIndices: [] }]);
    expect(expandGrid([3], 0).map((p) => p.variant)).toEqual([null, null, null]);
  });

  it('numbers runs point by point, seeds fastest, with the same seeds at every point', () => {
    const runs = runsOf(3, 2, 7);
    expect(runs.map((r) => [r.run, r.point, r.seedIndex])).toEqual([[0, 0, 0], [1, 0, 1], [2, 1, 0], [3, 1, 1], [4, 2, 0], [5, 2, 1]]);
    expect(runs.filter((r) => r.seedIndex === 1).map((r) => r.seed)).toEqual([deriveSeed(7, 1), deriveSeed(7, 1), deriveSeed(7, 1)]);
  });

  it('splits runs into shards that cover every run exactly once', () => {
    const runs = runsOf(7, 3, 1).map((r) => r.run);
    const shards = [1, 2, 3, 4].map((index) => runs.filter((run) => inShard(run, { index, count: 4 })));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(runs);
    expect(shards[1]).toEqual([1, 5, 9, 13, 17]);
    expect(runs.filter((run) => inShard(run, null))).toEqual(runs);
  });

  it('reads --shard i/n, 1-based', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '2', '2/', 'a/b', '-1/2']) expect(parseShard(bad)).toBeNull();
  });
});

describe('seed derivation', () => {
  it('is a fixed function of the base seed and the index (changing it changes every published sweep)', () => {
    expect([0, 1, 2].map((k) => deriveSeed(9, k))).toEqual([2575006578, 1759968645, 3629876710]);
  });

  it('gives distinct 32-bit seeds, and other seeds for another base', () => {
    const seeds = Array.from({ length: 1000 }, (_, k) => deriveSeed(1, k));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
    const other = new Set(Array.from({ length: 1000 }, (_, k) => deriveSeed(2, k)));
    expect(seeds.filter((s) => other.has(s)).length).toBeLessThan(3);
    expect(deriveSeed(2 ** 32 - 1, 5)).toBeGreaterThanOrEqual(0);
  });
});

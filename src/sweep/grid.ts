import type { Experiment, GridPoint } from './experiment.js';
import { deriveSeed } from './seeds.js';

/**
 * The grid's points: every variant (or none) crossed with every combination
 * of the parameters' values. Variants vary slowest, then the parameters in
 * the file's order, the last fastest — so a point's index is fixed by the
 * experiment file alone.
 */
export function expandGrid(parameterSizes: readonly number[], variantCount: number): GridPoint[] {
  const variants: (number | null)[] = variantCount === 0 ? [null] : Array.from({ length: variantCount }, (_, v) => v);
  let combinations: number[][] = [[]];
  for (const size of parameterSizes) combinations = combinations.flatMap((prefix) => Array.from({ length: size }, (_, i) => [...prefix, i]));
  return variants.flatMap((variant) => combinations.map((valueIndices) => ({ variant, valueIndices }))).map((point, index) => ({ index, ...point }));
}

/** A point's value of each parameter, by parameter name. */
export function pointParams(experiment: Experiment, point: GridPoint): Record<string, unknown> {
  return Object.fromEntries(experiment.parameters.map((p, i) => [p.name, p.values[point.valueIndices[i]!]]));
}

export function variantName(experiment: Experiment, point: GridPoint): string | null {
  return point.variant === null ? null : experiment.variants[point.variant]!.name;
}

export function gridOf(experiment: Experiment): GridPoint[] {
  return expandGrid(
    experiment.parameters.map((p) => p.values.length),
    experiment.variants.length,
  );
}

/** One run of a sweep: a point and the k-th seed. Runs are numbered point by point, seeds fastest. */
export interface RunSpec {
  readonly run: number;
  readonly point: number;
  readonly seedIndex: number;
  readonly seed: number;
}

export function runsOf(pointCount: number, seeds: number, baseSeed: number): RunSpec[] {
  const seedList = Array.from({ length: seeds }, (_, k) => deriveSeed(baseSeed, k));
  return Array.from({ length: pointCount * seeds }, (_, run) => ({
    run,
    point: Math.floor(run / seeds),
    seedIndex: run % seeds,
    seed: seedList[run % seeds]!,
  }));
}

/** A slice of a sweep for one CI job: shard `index` of `count` (1-based) takes the runs whose index is index − 1 modulo count. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function inShard(run: number, shard: Shard | null): boolean {
  return shard === null || run % shard.count === shard.index - 1;
}

/** `2/4` → shard 2 of 4; null when the text is not a shard. */
export function parseShard(text: string): Shard | null {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  if (!match) return null;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && index <= count ? { index, count } : null;
}

import seedrandom from 'seedrandom';
import { assert } from './assert.js';

/** A seeded stream of random numbers (Alea, from `seedrandom`). */
export class Rng {
  private readonly prng: seedrandom.PRNG;

  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Uniform integer in [lo, hi]. */
  intBetween(lo: number, hi: number): number {
    return lo + Math.floor(this.prng() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.prng() < p;
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the logarithm is finite.
    return -mean * Math.log(1 - this.prng());
  }
}

/**
 * Named, independent sub-streams of one seed: the stream `drive:d0` draws the
 * same numbers whatever other streams exist, so adding a host never shifts a
 * drive's random draws. Each name may be taken once per run.
 */
export class RngStreams {
  private readonly taken = new Set<string>();

  constructor(readonly seed: number) {
    assert(Number.isSafeInteger(seed), `seed must be an integer, got ${seed}`);
  }

  stream(name: string): Rng {
    assert(!this.taken.has(name), `random stream "${name}" taken twice`);
    this.taken.add(name);
    return new Rng(`${this.seed}/${name}`);
  }
}

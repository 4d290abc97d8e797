import { AssertionError } from '../engine/assert.js';
import type { Rng } from '../engine/rng.js';

/**
 * The engine's `Rng` draws have 32 bits of resolution. That is too coarse for
 * volumes of hundreds of millions of blocks (each block would get 14 or 15
 * grid points, a 7 % bias) and for the far tail of a Zipf inversion, so
 * large draws combine two of them into a 53-bit uniform.
 */
const TWO_POW_21 = 0x200000;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
/** Above this many outcomes one 32-bit draw is biased by more than 0.05 % per outcome. */
const ONE_DRAW_MAX = 1 << 21;

/** Uniform in [0, 1) with 53 bits of resolution (two draws; strictly below 1). */
export function uniform53(rng: Rng): number {
  return rng.next() + ((rng.next() * TWO_POW_21) | 0) * TWO_POW_MINUS_53;
}

/** Uniform integer in [0, n): one draw for small n, two for large n. */
export function drawIndex(rng: Rng, n: number): number {
  if (n <= ONE_DRAW_MAX) return rng.int(n);
  return Math.floor(uniform53(rng) * n);
}

/** A discrete distribution over `0 .. weights.length - 1`, for short lists (linear scan). */
export class WeightedChoice {
  private readonly cumulative: Float64Array;
  private readonly last: number;

  constructor(weights: readonly number[]) {
    if (!(weights.length > 0)) throw new AssertionError('a weighted choice needs at least one weight');
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, i) => {
      if (!(weight >= 0 && Number.isFinite(weight))) throw new AssertionError(`weight ${i} is ${weight}`);
      total += weight;
      this.cumulative[i] = total;
    });
    if (!(total > 0)) throw new AssertionError('weights sum to zero');
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = this.cumulative[i]! / total;
    this.last = weights.length - 1;
  }

  /** Draws an index; consumes no randomness when there is only one outcome. */
  draw(rng: Rng): number {
    const last = this.last;
    if (last === 0) return 0;
    const u = rng.next();
    const cumulative = this.cumulative;
    for (let i = 0; i < last; i++) if (u < cumulative[i]!) return i;
    return last;
  }
}

import { AssertionError } from '../engine/assert.js';
import type { Rng } from '../engine/rng.js';
import { uniform53 } from './random.js';

/**
 * Zipf ranks by rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-
 * inversion to generate variates from monotone discrete distributions", ACM
 * TOMACS 6(3), 1996), following the formulation of Apache Commons RNG's
 * `RejectionInversionZipfSampler`.
 *
 * P(rank = k) = k^-θ / H(n, θ) for k = 1..n, θ > 0. Setup and each draw are O(1)
 * whatever n is (no harmonic-number table), and the expected number of
 * uniforms per draw stays close to 2, so it serves volumes of hundreds of
 * millions of blocks. Draws are exact: acceptance is tested against the pmf
 * itself, not an approximation of it.
 */
export class ZipfSampler {
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly s: number;

  constructor(
    readonly n: number,
    readonly theta: number,
  ) {
    if (!(Number.isSafeInteger(n) && n >= 1)) throw new AssertionError(`zipf: n must be an integer ≥ 1, got ${n}`);
    if (!(theta > 0 && Number.isFinite(theta))) throw new AssertionError(`zipf: θ must be > 0, got ${theta}`);
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.s = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** A rank in [1, n]; rank 1 is the most popular. */
  draw(rng: Rng): number {
    const n = this.n;
    const hN = this.hIntegralN;
    const span = this.hIntegralX1 - hN;
    for (;;) {
      // u is uniform in (hIntegralX1, hIntegralN]: the inversion's domain.
      const u = hN + uniform53(rng) * span;
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      // The first test accepts most draws without evaluating the pmf (the squeeze).
      if (k - x <= this.s || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  /** The exact probability of rank k, for tests (O(n) the first time, via the normaliser). */
  static pmf(n: number, theta: number): Float64Array {
    const p = new Float64Array(n);
    let total = 0;
    for (let k = 1; k <= n; k++) total += (p[k - 1] = Math.pow(k, -theta));
    for (let k = 0; k < n; k++) p[k] = p[k]! / total;
    return p;
  }

  /** h(x) = x^-θ. */
  private h(x: number): number {
    return Math.exp(-this.theta * Math.log(x));
  }

  /** H(x) = ∫ h, written so that θ = 1 (the logarithm) needs no special case. */
  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return expm1OverX((1 - this.theta) * logX) * logX;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.theta);
    if (t < -1) t = -1; // rounding can push t just below the domain of log1p
    return Math.exp(log1pOverX(t) * x);
  }
}

/** log(1 + x) / x, accurate near 0. */
function log1pOverX(x: number): number {
  if (Math.abs(x) > 1e-8) return Math.log1p(x) / x;
  return 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** (e^x − 1) / x, accurate near 0. */
function expm1OverX(x: number): number {
  if (Math.abs(x) > 1e-8) return Math.expm1(x) / x;
  return 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

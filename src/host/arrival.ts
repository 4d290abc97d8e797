import { AssertionError, unreachable } from '../engine/assert.js';
import type { Rng } from '../engine/rng.js';
import { NS_PER_S, type TimeNs } from '../engine/time.js';
import type { DurationSpec } from './spec.js';

/** A duration drawn from its distribution, in (fractional) nanoseconds. */
export function drawDurationNs(duration: DurationSpec, rng: Rng): number {
  switch (duration.kind) {
    case 'fixed':
      return duration.ns;
    case 'exponential':
      return rng.exponential(duration.meanNs);
    default:
      return unreachable(duration, 'duration kind');
  }
}

/**
 * Instants of a Poisson process. The exact instant is kept as a fraction so
 * that rounding each arrival to a whole nanosecond never accumulates: the
 * long-run rate is exactly the one asked for, even at millions of IOPS.
 */
export class PoissonClock {
  private readonly meanGapNs: number;
  private exactNs = 0;

  constructor(
    rateIops: number,
    private readonly rng: Rng,
  ) {
    if (!(rateIops > 0)) throw new AssertionError(`Poisson rate ${rateIops} IOPS is not > 0`);
    this.meanGapNs = NS_PER_S / rateIops;
  }

  /** Starts the process afresh at `nowNs` (memorylessness makes this exact after an off phase). */
  restart(nowNs: TimeNs): void {
    this.exactNs = nowNs;
  }

  /** The next arrival instant, a whole nanosecond, never earlier than the previous one. */
  next(): TimeNs {
    this.exactNs += this.rng.exponential(this.meanGapNs);
    return Math.round(this.exactNs);
  }
}

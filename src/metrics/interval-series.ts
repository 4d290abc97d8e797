import { AssertionError, assert } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';

/** A time series as plain JSON-able data: one point per interval of simulated time. */
export interface TimeSeries<P extends { readonly tNs: TimeNs }> {
  readonly intervalNs: TimeNs;
  readonly points: readonly P[];
}

/**
 * Fixed intervals [k·intervalNs, (k+1)·intervalNs) of simulated time from 0.
 * Samples arrive in time order (a discrete-event simulator's clock never goes
 * back), so an interval is closed — turned into a point — as soon as time
 * reaches its end, and its instruments are reused for the next one: the
 * memory held does not grow with the number of samples, only with the number
 * of intervals.
 */
export abstract class IntervalSeries<P extends { readonly tNs: TimeNs }> {
  protected startNs: TimeNs = 0;
  protected endNs: TimeNs;
  /** The latest time seen; nothing may be recorded before it. */
  protected lastNs: TimeNs = 0;
  private readonly closed: P[] = [];

  constructor(readonly intervalNs: TimeNs) {
    assert(Number.isSafeInteger(intervalNs) && intervalNs > 0, `interval ${intervalNs} ns must be a positive integer`);
    this.endNs = intervalNs;
  }

  /**
   * The series up to `nowNs`: every closed interval, then the current one as
   * a partial point (its `spanNs` shorter than `intervalNs`) if it has begun.
   * Closes the intervals that ended by `nowNs`; later samples must not be earlier.
   */
  snapshot(nowNs: TimeNs): TimeSeries<P> {
    this.moveTo(nowNs);
    const points = this.closed.slice();
    if (nowNs > this.startNs) points.push(this.pointOf(this.startNs, nowNs));
    return { intervalNs: this.intervalNs, points };
  }

  /** Cold path of a record: time reached the end of the current interval (or an assertion fails). */
  protected moveTo(nowNs: TimeNs): void {
    if (!(nowNs >= this.lastNs && Number.isSafeInteger(nowNs))) {
      throw new AssertionError(`metrics time ${nowNs} ns is not an integer ≥ the last one (${this.lastNs} ns)`);
    }
    this.lastNs = nowNs;
    while (this.endNs <= nowNs) {
      this.closed.push(this.pointOf(this.startNs, this.endNs));
      this.startNs = this.endNs;
      this.endNs += this.intervalNs;
      this.startInterval();
    }
  }

  /** The point for [startNs, endNs) from the current interval's instruments (no change to them). */
  protected abstract pointOf(startNs: TimeNs, endNs: TimeNs): P;

  /** Resets the per-interval instruments once the current interval became a point. */
  protected abstract startInterval(): void;
}

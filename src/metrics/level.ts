import { AssertionError } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';

/**
 * A level that holds between changes — queue depth, requests in flight, a
 * drive's busy flag (0 or 1) — integrated over simulated time: the area under
 * the step function, so that any window's time-weighted average is
 * (area at its end − area at its start) / its length. Utilization is the
 * average of a 0/1 busy level: busy time over elapsed time.
 *
 * The area stays exact for integer levels while it is below 2^53 (a queue
 * depth of 1000 for 2.5 simulated hours).
 */
export class LevelTracker {
  private level: number;
  private changedNs: TimeNs;
  private area = 0;

  constructor(initialLevel = 0, startNs: TimeNs = 0) {
    this.level = initialLevel;
    this.changedNs = startNs;
  }

  get value(): number {
    return this.level;
  }

  /** When the level last changed (or the tracker started). */
  get lastNs(): TimeNs {
    return this.changedNs;
  }

  /** The level becomes `level` at `nowNs`; the old level counts until then. */
  set(nowNs: TimeNs, level: number): void {
    if (!(nowNs >= this.changedNs && Number.isFinite(level))) {
      throw new AssertionError(`level ${level} set at ${nowNs} ns, before ${this.changedNs} ns or not finite`);
    }
    this.area += this.level * (nowNs - this.changedNs);
    this.changedNs = nowNs;
    this.level = level;
  }

  /** Changes the level by `delta` (e.g. +1 when a request queues, −1 when it leaves). */
  add(nowNs: TimeNs, delta: number): void {
    this.set(nowNs, this.level + delta);
  }

  /** The area (level × ns) from the start up to `nowNs`, which must not be before the last change. */
  areaAt(nowNs: TimeNs): number {
    if (!(nowNs >= this.changedNs)) {
      throw new AssertionError(`area asked at ${nowNs} ns, before the last change at ${this.changedNs} ns`);
    }
    return this.area + this.level * (nowNs - this.changedNs);
  }
}

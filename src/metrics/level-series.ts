import type { TimeNs } from '../engine/time.js';
import { IntervalSeries } from './interval-series.js';
import { LevelTracker } from './level.js';

/** One interval of a level: its time-weighted mean and its highest value. */
export interface LevelPoint {
  readonly tNs: TimeNs;
  readonly spanNs: TimeNs;
  readonly mean: number;
  readonly max: number;
}

/** A level over the measured span (after the warm-up). */
export interface LevelTotals {
  readonly spanNs: TimeNs;
  readonly mean: number;
  readonly max: number;
}

/**
 * A `LevelTracker` with a per-interval series and warm-up-aware totals. The
 * area at each interval boundary and at the end of the warm-up is taken when
 * time first passes it, which is exact because the level is constant between
 * changes.
 */
export class LevelSeries extends IntervalSeries<LevelPoint> {
  private readonly tracker: LevelTracker;
  private intervalAreaStart = 0;
  private intervalMax: number;
  private warmupAreaStart = 0;
  private warmupMax: number;
  private warmupPassed: boolean;

  constructor(intervalNs: TimeNs, private readonly warmupNs: TimeNs, initialLevel = 0) {
    super(intervalNs);
    this.tracker = new LevelTracker(initialLevel);
    this.intervalMax = initialLevel;
    this.warmupMax = initialLevel;
    this.warmupPassed = warmupNs <= 0;
  }

  get value(): number {
    return this.tracker.value;
  }

  /** Hot path: the level becomes `level` at `nowNs`. */
  set(nowNs: TimeNs, level: number): void {
    if (!(nowNs >= this.lastNs && nowNs < this.endNs)) this.moveTo(nowNs);
    this.lastNs = nowNs;
    if (!this.warmupPassed && nowNs >= this.warmupNs) this.passWarmup();
    this.tracker.set(nowNs, level);
    if (level > this.intervalMax) this.intervalMax = level;
    if (this.warmupPassed && level > this.warmupMax) this.warmupMax = level;
  }

  add(nowNs: TimeNs, delta: number): void {
    this.set(nowNs, this.tracker.value + delta);
  }

  /** Mean and max from the end of the warm-up to `nowNs` (zeros if the warm-up has not ended). */
  totals(nowNs: TimeNs): LevelTotals {
    this.moveTo(nowNs);
    if (!this.warmupPassed && nowNs >= this.warmupNs) this.passWarmup();
    const spanNs = this.warmupPassed ? nowNs - Math.max(0, this.warmupNs) : 0;
    if (spanNs === 0) return { spanNs, mean: 0, max: 0 };
    const area = this.tracker.areaAt(nowNs) - this.warmupAreaStart;
    return { spanNs, mean: area / spanNs, max: this.warmupMax };
  }

  protected pointOf(startNs: TimeNs, endNs: TimeNs): LevelPoint {
    const spanNs = endNs - startNs;
    const area = this.tracker.areaAt(endNs) - this.intervalAreaStart;
    return { tNs: startNs, spanNs, mean: area / spanNs, max: this.intervalMax };
  }

  protected startInterval(): void {
    this.intervalAreaStart = this.tracker.areaAt(this.startNs);
    this.intervalMax = this.tracker.value;
  }

  private passWarmup(): void {
    this.warmupAreaStart = this.tracker.areaAt(this.warmupNs);
    this.warmupMax = this.tracker.value;
    this.warmupPassed = true;
  }
}

import { AssertionError } from '../../engine/assert.js';
import type { SegmentCache } from './cache.js';
import type { Mechanism } from './mechanism.js';

const FOREVER = Number.POSITIVE_INFINITY;

/**
 * The read-ahead in progress, if any: reading [fromLbn, limitLbn) into a
 * segment from `startNs`, the arm at (cylinder, surface) then. It is kept as
 * a description and advanced lazily (`settle`) when the next command
 * arrives, so idle time costs nothing. A new command stops it (`stop`) the
 * way DiskSim's `disk_buffer_stopable_access` does: not before it has read
 * its minimum, and only once the activity under way has ended.
 */
export class ReadAheadRun {
  active = false;
  segment = -1;
  fromLbn = 0;
  limitLbn = 0;
  /** Not stopped by another command before it has read up to here. */
  minLbn = 0;
  startNs = 0;
  cylinder = 0;
  surface = 0;

  // ---- what the last `settle` found, for a stop at that instant ----
  private settledNs = 0;
  private nowCylinder = 0;
  private nowSurface = 0;
  private nowEventEndNs = 0;
  private doneLbn = 0;

  // ---- results of `stop` ----
  /** When the arm is free of the read-ahead. */
  freeNs = Number.NEGATIVE_INFINITY;
  /** How much later than its own overhead the next seek may start (the preempted activity's remainder). */
  extraNs = 0;

  constructor(
    private readonly mech: Mechanism,
    private readonly cache: SegmentCache,
    private readonly immediate: boolean,
  ) {}

  begin(segment: number, fromLbn: number, limitLbn: number, minLbn: number): void {
    const mech = this.mech;
    this.active = true;
    this.segment = segment;
    this.fromLbn = fromLbn;
    this.limitLbn = limitLbn;
    this.minLbn = minLbn;
    this.startNs = mech.endNs;
    this.cylinder = mech.endCylinder;
    this.surface = mech.endSurface;
  }

  /** Times the read-ahead from its start to `toLbn` (or until `stopAtNs`); results in the mechanism. */
  walk(toLbn: number, stopAtNs: number): void {
    const mech = this.mech;
    mech.cylinder = this.cylinder;
    mech.surface = this.surface;
    mech.immediate = this.immediate;
    mech.clearFeed();
    mech.walk(this.fromLbn, toLbn, this.startNs, false, stopAtNs);
  }

  /**
   * Advances to `nowNs`: the sectors read so far join the segment. Returns
   * whether it has finished (the arm is then free at `mech.endNs`). If not,
   * the run from here on starts at the track under way, so that a stream
   * that keeps taking it over costs per command the tracks it reads, not
   * all those read since the stream began.
   */
  settle(nowNs: number): boolean {
    if (!this.active) return false;
    const mech = this.mech;
    this.walk(this.limitLbn, nowNs);
    this.doneLbn = this.fromLbn + mech.doneSectors;
    this.cache.extend(this.segment, this.doneLbn);
    if (!mech.stopped) {
      this.active = false;
      return true;
    }
    if (mech.resumeLbn < this.fromLbn || mech.resumeLbn > this.doneLbn) {
      throw new AssertionError(`read-ahead resumes at ${mech.resumeLbn}, outside [${this.fromLbn}, ${this.doneLbn}]`);
    }
    this.fromLbn = mech.resumeLbn;
    this.startNs = mech.resumeStartNs;
    this.cylinder = mech.resumeCylinder;
    this.surface = mech.resumeSurface;
    this.settledNs = nowNs;
    this.nowCylinder = mech.endCylinder;
    this.nowSurface = mech.endSurface;
    this.nowEventEndNs = mech.stopEventEndNs;
    return false;
  }

  /**
   * Stops it at `nowNs` (the instant it was settled to) for another command.
   * Short of its minimum it first reads up to it (unless `ignoreMinimum`: a
   * write into its segment cuts it short); otherwise the arm stays where it
   * got to and the next seek waits for the activity under way to end.
   * Returns false if nothing was running.
   */
  stop(nowNs: number, ignoreMinimum: boolean): boolean {
    this.extraNs = 0;
    this.freeNs = Number.NEGATIVE_INFINITY;
    if (!this.active) return false;
    if (this.settledNs !== nowNs) throw new AssertionError(`read-ahead settled at ${this.settledNs}, stopped at ${nowNs}`);
    this.active = false;
    const mech = this.mech;
    if (!ignoreMinimum && this.doneLbn < this.minLbn) {
      this.walk(this.minLbn, FOREVER);
      this.cache.extend(this.segment, this.minLbn);
      mech.cylinder = mech.endCylinder;
      mech.surface = mech.endSurface;
      this.freeNs = mech.endNs;
      return true;
    }
    mech.cylinder = this.nowCylinder;
    mech.surface = this.nowSurface;
    this.freeNs = nowNs;
    this.extraNs = this.nowEventEndNs - nowNs;
    return true;
  }
}

import { AssertionError } from '../../engine/assert.js';
import { Layout, Location } from './layout.js';
import type { MechanicsSpec } from './params.js';
import { SeekTimes } from './seek.js';

/** A rotational wait this close to a full turn is a rounding error, not a missed sector. */
const ROTATION_SLACK_NS = 1;

/**
 * The head-disk assembly: where the arm is, how long repositioning takes and
 * where the platters are at any instant. The platter angle is a function of
 * simulated time only — angle = (t mod period) / period — so rotational
 * latency follows from when an access starts, never from a random draw.
 *
 * `walk` times a sequential media access track by track (seek or head
 * switch, rotational wait, transfer), which costs O(tracks touched), not
 * O(sectors). Its results are left in public fields so that nothing is
 * allocated per access.
 */
export class Mechanism {
  readonly periodNs: number;
  /** Where the head is when the current walk starts. */
  cylinder = 0;
  surface = 0;

  // ---- results of the last walk ----
  endNs = 0;
  /** Sectors transferred (fewer than asked when stopped). */
  doneSectors = 0;
  stopped = false;
  endCylinder = 0;
  endSurface = 0;
  /** Repositioning and rotational wait before the first sector, and that track's first sector and sector time. */
  firstRepositionNs = 0;
  firstWaitNs = 0;
  firstTrackFirstLbn = 0;
  firstSectorNs = 0;

  // ---- bus pipelining (reads): sectors in [busFromLbn, busToLbn) go to the host as they arrive ----
  busFromLbn = 0;
  busToLbn = 0;
  /** In: when the bus could next start; out: when the last tracked sector has crossed it. */
  busDoneNs = 0;
  busSectorNs = 0;

  private readonly seek: SeekTimes;
  private readonly headSwitchNs: number;
  private readonly writeSettleNs: number;
  private readonly first = new Location();
  private readonly last = new Location();

  constructor(
    readonly layout: Layout,
    spec: MechanicsSpec,
    cylinders: number,
  ) {
    this.periodNs = 60e9 / spec.rpm;
    this.seek = new SeekTimes(spec.seek, cylinders);
    this.headSwitchNs = spec.headSwitchNs;
    this.writeSettleNs = spec.writeSettleNs;
  }

  /** Seek or head switch from (cylinder, surface) to the target, with write settling for writes. */
  repositionNs(fromCylinder: number, fromSurface: number, cylinder: number, surface: number, write: boolean): number {
    let t = this.seek.seekNs(Math.abs(cylinder - fromCylinder));
    if (surface !== fromSurface && this.headSwitchNs > t) t = this.headSwitchNs;
    if (write && t > 0) t += this.writeSettleNs;
    return t;
  }

  /** Time from `atNs` until the platter reaches `angleRev`. */
  rotationalWaitNs(atNs: number, angleRev: number): number {
    const turns = atNs / this.periodNs;
    let delta = angleRev - (turns - Math.floor(turns));
    if (delta < 0) delta += 1;
    const wait = delta * this.periodNs;
    return wait > this.periodNs - ROTATION_SLACK_NS ? 0 : wait;
  }

  /**
   * Transfers [fromLbn, toLbn) starting at `startNs` from the head's current
   * position. The first transfer waits until `notBeforeNs` (data not yet in
   * the buffer, for writes). If `stopAtNs` falls before the end, the walk
   * stops there (a preempted read-ahead) and reports the sectors done.
   */
  walk(fromLbn: number, toLbn: number, startNs: number, write: boolean, notBeforeNs: number, stopAtNs: number): number {
    if (!(fromLbn < toLbn)) throw new AssertionError(`empty media access [${fromLbn}, ${toLbn})`);
    const loc = this.first;
    let cylinder = this.cylinder;
    let surface = this.surface;
    let t = startNs;
    let lbn = fromLbn;
    let notBefore = notBeforeNs;
    this.doneSectors = 0;
    this.stopped = false;
    while (lbn < toLbn) {
      this.layout.locate(lbn, loc);
      const runLast = Math.min(toLbn - 1, loc.trackLastLbn);
      const repositionNs = this.repositionNs(cylinder, surface, loc.cylinder, loc.surface, write);
      const readyNs = Math.max(t + repositionNs, notBefore);
      const waitNs = this.rotationalWaitNs(readyNs, loc.angleRev);
      const sectorNs = this.periodNs / loc.sectorsPerTrack;
      const runStartNs = readyNs + waitNs;
      const runEndNs = runStartNs + this.slotSpan(lbn, runLast, loc) * sectorNs;
      if (lbn === fromLbn) this.noteFirstRun(repositionNs, waitNs, loc, sectorNs);
      if (stopAtNs < runEndNs) {
        this.endCylinder = cylinder;
        this.endSurface = surface;
        this.stopInRun(lbn, runLast, runStartNs, sectorNs, stopAtNs, t, loc);
        return this.endNs;
      }
      if (this.busToLbn > this.busFromLbn) this.pipeBus(lbn, runLast, runStartNs, sectorNs);
      cylinder = loc.cylinder;
      surface = loc.surface;
      this.doneSectors += runLast - lbn + 1;
      lbn = runLast + 1;
      t = runEndNs;
      notBefore = Number.NEGATIVE_INFINITY;
    }
    this.endCylinder = cylinder;
    this.endSurface = surface;
    this.endNs = t;
    return t;
  }

  /** Slots the run [lbn, runLast] occupies on its track (more than its sectors when a slip lies inside). */
  private slotSpan(lbn: number, runLast: number, loc: Location): number {
    if (runLast === lbn) return 1;
    this.layout.locate(runLast, this.last);
    return this.last.slot - loc.slot + 1;
  }

  private noteFirstRun(repositionNs: number, waitNs: number, loc: Location, sectorNs: number): void {
    this.firstRepositionNs = repositionNs;
    this.firstWaitNs = waitNs;
    this.firstTrackFirstLbn = loc.trackFirstLbn;
    this.firstSectorNs = sectorNs;
  }

  /** Ends a walk preempted at `stopAtNs`: whole sectors read by then count; the head is on the run's track if it had set off. */
  private stopInRun(
    lbn: number,
    runLast: number,
    runStartNs: number,
    sectorNs: number,
    stopAtNs: number,
    moveStartNs: number,
    loc: Location,
  ): void {
    const partial = stopAtNs <= runStartNs ? 0 : Math.floor((stopAtNs - runStartNs) / sectorNs);
    this.doneSectors += Math.min(partial, runLast - lbn + 1);
    this.stopped = true;
    this.endNs = Math.max(stopAtNs, moveStartNs);
    // Once the arm has started towards this track, the preemption finds it there.
    if (stopAtNs > moveStartNs) {
      this.endCylinder = loc.cylinder;
      this.endSurface = loc.surface;
    }
  }

  /**
   * Bus pipelining: a sector can cross the bus once it is off the media and
   * the previous one has crossed. Ready times within a run are evenly
   * spaced, so the latest constraint is at one of the run's two ends.
   */
  private pipeBus(lbn: number, runLast: number, runStartNs: number, sectorNs: number): void {
    const from = Math.max(lbn, this.busFromLbn);
    const to = Math.min(runLast, this.busToLbn - 1);
    if (from > to) return;
    const count = to - from + 1;
    const bus = this.busSectorNs;
    const firstReadyNs = runStartNs + (from - lbn + 1) * sectorNs;
    const lastReadyNs = runStartNs + (to - lbn + 1) * sectorNs;
    this.busDoneNs = Math.max(Math.max(this.busDoneNs, firstReadyNs) + count * bus, lastReadyNs + bus);
  }
}

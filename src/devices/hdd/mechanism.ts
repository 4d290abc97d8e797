import { AssertionError } from '../../engine/assert.js';
import { Layout, Location } from './layout.js';
import type { MechanicsSpec } from './params.js';
import { SeekTimes } from './seek.js';

/** A rotational wait this close to a full turn is a rounding error, not a missed sector. */
const ROTATION_SLACK_NS = 1;
/** Rounding guard when counting whole sectors or revolutions from a time. */
const EPSILON = 1e-9;

/**
 * The head-disk assembly: where the arm is, how long repositioning takes and
 * where the platters are at any instant. The platter angle is a function of
 * simulated time only — angle = (t mod period) / period — so rotational
 * latency follows from when an access starts, never from a random draw.
 *
 * `walk` times a sequential media access track by track (seek or head
 * switch, rotational wait, transfer), which costs O(tracks touched), not
 * O(sectors), yet gives the times DiskSim's sector-by-sector controller
 * gives: zero-latency runs, writes that can only put a sector on the media
 * once it has crossed the bus, and preemption at the end of the activity in
 * progress. Inputs and results live in public fields so that nothing is
 * allocated per access.
 */
export class Mechanism {
  readonly periodNs: number;
  /** Where the head is when the current walk starts. */
  cylinder = 0;
  surface = 0;

  // ---- inputs of the next walk ----
  /** Zero-latency: a run starts wherever the head lands inside it, and ends one revolution later. */
  immediate = false;
  /** Writes: sector `lbn` is in the buffer from feedStartNs + (lbn − feedFromLbn + 1) · feedSectorNs. */
  feedFromLbn = 0;
  feedStartNs = Number.NEGATIVE_INFINITY;
  feedSectorNs = 0;

  // ---- results of the last walk ----
  endNs = 0;
  /** Sectors transferred in order from the start (fewer than asked when stopped). */
  doneSectors = 0;
  stopped = false;
  endCylinder = 0;
  endSurface = 0;
  /** When stopped: when the activity under way at the stop (a seek, the wait for a sector, a sector) ends. */
  stopEventEndNs = 0;
  /**
   * A preempted read-ahead stops at once unless it is seeking: in the middle
   * of a sector, or waiting for the first one (DiskSim `Stop prefetch in sector`).
   */
  stopInSector = false;
  /**
   * When stopped: the run under way at the stop — its first sector, when the move to it began and where the
   * head was then. A walk started from there times what follows exactly as this one would have.
   */
  resumeLbn = 0;
  resumeStartNs = 0;
  resumeCylinder = 0;
  resumeSurface = 0;
  /** The first run's reposition and rotational wait (as if not zero-latency), its track's first sector and sector time. */
  firstRepositionNs = 0;
  firstWaitNs = 0;
  /** The first run's actual wait for the platter, from the end of the reposition to its first sector under the head (latency breakdowns; NaN before the first walk, a double from the start). */
  firstRotationNs = Number.NaN;
  firstTrackFirstLbn = 0;
  firstSectorNs = 0;

  // ---- bus pipelining (reads): sectors in [busFromLbn, busToLbn) go to the host as they arrive ----
  busFromLbn = 0;
  busToLbn = 0;
  /** In: when the bus could next start; out: when the last tracked sector has crossed it. */
  busDoneNs = 0;
  /** A read's high-water mark: the bus sends nothing before this sector is off the media (-1: no wait). */
  busWaitLbn = -1;
  /** Sectors held back by `busWaitLbn` (buffered, not yet sent). */
  busHeldSectors = 0;
  /** Once `busWaitLbn` is in (and the bus could start), the drive takes this long to reselect the host before it sends (a disconnected read). */
  busReconnectNs = 0;
  busSectorNs = 0;

  private readonly seek: SeekTimes;
  private readonly headSwitchNs: number;
  private readonly writeSettleNs: number;
  private readonly first = new Location();
  // The run being timed: its sectors end at runStartNs + (i + 1)·sector, except that in a zero-latency run the
  // first `splitSectors` end one revolution after the others (at wrapStartNs + (i + 1)·sector).
  private runStartNs = 0;
  private runEndNs = 0;
  private splitSectors = 0;
  private wrapStartNs = 0;

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

  /** Seek or head switch from (cylinder, surface) to the target, with write settling for writes (DiskSim `dm_seek_time`). */
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

  /** Data fully in the buffer already (reads, or writes whose data has all arrived). */
  clearFeed(): void {
    this.feedStartNs = Number.NEGATIVE_INFINITY;
    this.feedSectorNs = 0;
  }

  /**
   * Transfers [fromLbn, toLbn) starting at `startNs` from the head's current
   * position. If `stopAtNs` falls before the end, the walk stops there (a
   * preempted read-ahead) and reports the sectors done in order.
   */
  walk(fromLbn: number, toLbn: number, startNs: number, write: boolean, stopAtNs: number): number {
    if (!(fromLbn < toLbn)) throw new AssertionError(`empty media access [${fromLbn}, ${toLbn})`);
    const loc = this.first;
    let cylinder = this.cylinder;
    let surface = this.surface;
    let t = startNs;
    let lbn = fromLbn;
    this.doneSectors = 0;
    this.stopped = false;
    while (lbn < toLbn) {
      this.layout.locate(lbn, loc);
      const runLast = Math.min(toLbn - 1, loc.trackLastLbn);
      const repositionNs = this.repositionNs(cylinder, surface, loc.cylinder, loc.surface, write);
      const readyNs = t + repositionNs;
      const sectorNs = this.periodNs / loc.sectorsPerTrack;
      const waitNs = this.rotationalWaitNs(readyNs, loc.angleRev);
      const span = this.layout.slotSpan(lbn, runLast, loc);
      this.timeRun(lbn, runLast, readyNs, waitNs, span, sectorNs, write);
      if (lbn === fromLbn) this.noteFirstRun(repositionNs, waitNs, loc, sectorNs, readyNs);
      if (stopAtNs < this.runEndNs) {
        this.endCylinder = this.resumeCylinder = cylinder;
        this.endSurface = this.resumeSurface = surface;
        this.resumeLbn = lbn;
        this.resumeStartNs = t;
        this.stopInRun(lbn, runLast, t, readyNs, sectorNs, stopAtNs, loc);
        return this.endNs;
      }
      if (this.busToLbn > this.busFromLbn) this.pipeRun(lbn, runLast, sectorNs);
      cylinder = loc.cylinder;
      surface = loc.surface;
      this.doneSectors += runLast - lbn + 1;
      lbn = runLast + 1;
      t = this.runEndNs;
    }
    this.endCylinder = cylinder;
    this.endSurface = surface;
    this.endNs = t;
    return t;
  }

  /**
   * When the run's sectors pass under the head. Normally from the run's
   * first sector on; a write sector can only go down once it has crossed the
   * bus, so a run waits whole revolutions until its data has caught up (as
   * DiskSim's controller writes each sector on the pass when it is there). A
   * zero-latency run the head lands inside starts at the next sector
   * boundary and ends when the head is back there, one revolution later.
   */
  private timeRun(lbn: number, runLast: number, readyNs: number, waitNs: number, span: number, sectorNs: number, write: boolean): void {
    const period = this.periodNs;
    const firstInNs = this.feedStartNs + (lbn - this.feedFromLbn + 1) * this.feedSectorNs;
    const lastInNs = this.feedStartNs + (runLast - this.feedFromLbn + 1) * this.feedSectorNs;
    this.splitSectors = 0;
    if (this.immediate && waitNs > period - span * sectorNs && lastInNs <= readyNs) {
      const intoRunNs = period - waitNs;
      // Sectors [0, split) of the run are behind the head (the one under it included): they come after the wrap.
      const split = Math.ceil(intoRunNs / sectorNs - EPSILON);
      const boundaryNs = readyNs + split * sectorNs - intoRunNs;
      this.splitSectors = split;
      this.runStartNs = boundaryNs - split * sectorNs;
      this.wrapStartNs = this.runStartNs + period;
      this.runEndNs = boundaryNs + period;
      return;
    }
    let startNs = readyNs + waitNs;
    if (write) {
      // Revolutions until both ends of the run are in the buffer when they pass (the bus feeds at a steady rate).
      const lateNs = Math.max(firstInNs - startNs, lastInNs - startNs - (span - 1) * sectorNs);
      if (lateNs > 0) startNs += Math.ceil(lateNs / period - EPSILON) * period;
    }
    this.runStartNs = startNs;
    this.runEndNs = startNs + span * sectorNs;
  }

  private noteFirstRun(repositionNs: number, waitNs: number, loc: Location, sectorNs: number, readyNs: number): void {
    this.firstRepositionNs = repositionNs;
    this.firstWaitNs = waitNs;
    // A zero-latency run the head lands inside starts at the next sector boundary; any other when its first sector comes round.
    this.firstRotationNs = (this.splitSectors > 0 ? this.runStartNs + this.splitSectors * sectorNs : this.runStartNs) - readyNs;
    this.firstTrackFirstLbn = loc.trackFirstLbn;
    this.firstSectorNs = sectorNs;
  }

  /**
   * Ends a walk preempted at `stopAtNs`. Only sectors read in order from the
   * run's start count (a zero-latency run's out-of-order sectors count once
   * the head has come round to them). The arm is on the run's track once it
   * has set off, and whatever it is doing — the seek, the wait for the first
   * sector, the sector under the head — runs to its end first (DiskSim
   * `disk_buffer_stopable_access` sets `disk_seek_stoptime` to the end of the
   * pending event). A drive that stops in a sector waits out only a seek:
   * there DiskSim stops any pending `DEVICE_BUFFER_SECTOR_DONE` at once, and
   * the wait for the first sector after a seek is one too (the event
   * `disk_buffer_seekdone` schedules, with no sector read yet).
   */
  private stopInRun(lbn: number, runLast: number, moveStartNs: number, readyNs: number, sectorNs: number, stopAtNs: number, loc: Location): void {
    const inOrderStartNs = this.splitSectors > 0 ? this.wrapStartNs : this.runStartNs;
    const inOrder = Math.floor((stopAtNs - inOrderStartNs) / sectorNs + EPSILON);
    const limit = this.splitSectors > 0 ? this.splitSectors : runLast - lbn + 1;
    this.doneSectors += Math.max(0, Math.min(inOrder, limit));
    this.stopped = true;
    this.endNs = Math.max(stopAtNs, moveStartNs);
    this.stopEventEndNs = this.pendingEventEndNs(moveStartNs, readyNs, sectorNs, stopAtNs);
    if (stopAtNs > moveStartNs) {
      this.endCylinder = loc.cylinder;
      this.endSurface = loc.surface;
    }
  }

  private pendingEventEndNs(moveStartNs: number, readyNs: number, sectorNs: number, stopAtNs: number): number {
    if (stopAtNs <= moveStartNs) return stopAtNs;
    if (stopAtNs < readyNs) return readyNs;
    // Past the seek the pending event is a sector's (the first's, while waiting for it): stopped where it stands.
    if (this.stopInSector) return stopAtNs;
    // Sector boundaries fall at runStart + k·sector (zero-latency runs start on one too).
    const firstNs = this.splitSectors > 0 ? this.runStartNs + this.splitSectors * sectorNs : this.runStartNs;
    if (stopAtNs <= firstNs) return firstNs;
    return firstNs + Math.ceil((stopAtNs - firstNs) / sectorNs - EPSILON) * sectorNs;
  }

  /** Bus pipelining for one run: a zero-latency run delivers its tail first, but the bus sends in order. */
  private pipeRun(lbn: number, runLast: number, sectorNs: number): void {
    const split = this.splitSectors;
    if (split === 0) {
      this.pipeBus(lbn, runLast, lbn, this.runStartNs, sectorNs);
      return;
    }
    this.pipeBus(lbn, lbn + split - 1, lbn, this.wrapStartNs, sectorNs);
    if (lbn + split <= runLast) this.pipeBus(lbn + split, runLast, lbn, this.runStartNs, sectorNs);
  }

  /**
   * Reads wait for a high-water mark from now on: `pipeBus` holds back the
   * part of a read before `busWaitLbn`. Installed only on drives with a mark,
   * so the others keep `pipeBus` as it is (the hot path).
   */
  holdReadsToWatermark(): void {
    this.pipeBus = this.pipeBusToWatermark;
  }

  /** `pipeBus` with a high-water mark: as `pipeBus` once the mark is passed (or with none set for this read). */
  private pipeBusToWatermark(fromLbn: number, toLbn: number, baseLbn: number, baseNs: number, sectorNs: number): void {
    const from = Math.max(fromLbn, this.busFromLbn);
    const to = Math.min(toLbn, this.busToLbn - 1);
    if (from > to) return;
    if (this.busWaitLbn < from) {
      Mechanism.prototype.pipeBus.call(this, fromLbn, toLbn, baseLbn, baseNs, sectorNs);
      return;
    }
    this.holdBus(to, to - from + 1, baseLbn, baseNs, sectorNs, baseNs + (to - baseLbn + 1) * sectorNs);
  }

  /**
   * The part of a read before its high-water mark waits in the buffer; the
   * part holding it sends everything held, from when that sector is in.
   */
  private holdBus(to: number, count: number, baseLbn: number, baseNs: number, sectorNs: number, lastReadyNs: number): void {
    if (this.busWaitLbn > to) {
      this.busHeldSectors += count;
      return;
    }
    const markReadyNs = baseNs + (this.busWaitLbn - baseLbn + 1) * sectorNs;
    const sending = this.busHeldSectors + count;
    const sendFromNs = Math.max(this.busDoneNs, markReadyNs) + this.busReconnectNs;
    this.busDoneNs = Math.max(sendFromNs + sending * this.busSectorNs, lastReadyNs + this.busSectorNs);
    this.busWaitLbn = -1;
    this.busHeldSectors = 0;
  }

  /**
   * A sector can cross the bus once it is off the media and the previous one
   * has crossed. Sector `k` of the part [fromLbn, toLbn] is off the media at
   * baseNs + (k − baseLbn + 1)·sector; those times are evenly spaced, so the
   * latest constraint is at one of the part's two ends.
   */
  private pipeBus(fromLbn: number, toLbn: number, baseLbn: number, baseNs: number, sectorNs: number): void {
    const from = Math.max(fromLbn, this.busFromLbn);
    const to = Math.min(toLbn, this.busToLbn - 1);
    if (from > to) return;
    const count = to - from + 1;
    const bus = this.busSectorNs;
    const firstReadyNs = baseNs + (from - baseLbn + 1) * sectorNs;
    const lastReadyNs = baseNs + (to - baseLbn + 1) * sectorNs;
    this.busDoneNs = Math.max(Math.max(this.busDoneNs, firstReadyNs) + count * bus, lastReadyNs + bus);
  }
}

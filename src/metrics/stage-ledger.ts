import { AssertionError } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';

/**
 * The stages of a host I/O's life, in the order an I/O usually meets them
 * (docs/latency-breakdown.md says what each one covers). The order is the
 * order of the charts' stacks and of the results' keys.
 */
export const STAGES = [
  'frontEndQueue',
  'director',
  'splitHold',
  'trackLock',
  'writePending',
  'cache',
  'backEnd',
  'driveQueue',
  'behindCopy',
  'driveOverhead',
  'seek',
  'rotation',
  'transfer',
  'driveService',
  'port',
  'retry',
] as const;

export type StageName = (typeof STAGES)[number];

/**
 * A stage by its index in STAGES: the hot path passes numbers, not strings.
 * Written out (a test checks it against STAGES) so that the engine sees a
 * plain object literal of constants.
 */
export const Stage = {
  frontEndQueue: 0,
  director: 1,
  splitHold: 2,
  trackLock: 3,
  writePending: 4,
  cache: 5,
  backEnd: 6,
  driveQueue: 7,
  behindCopy: 8,
  driveOverhead: 9,
  seek: 10,
  rotation: 11,
  transfer: 12,
  driveService: 13,
  port: 14,
  retry: 15,
} as const satisfies { readonly [K in StageName]: number };

export const STAGE_COUNT = STAGES.length;

/** What a ledger reads the time from (the simulator). */
export interface Clock {
  readonly now: TimeNs;
}

/**
 * The stage ledger of one host I/O: each component that takes the I/O over
 * enters its stage, and the time since the last hand-off is charged to the
 * stage being left. The stages are consecutive, so at the end they add up
 * to completion − issue by construction, in integer nanoseconds.
 *
 * Where an I/O's work runs in parallel branches (several tracks staged at
 * once), each branch keeps a ledger of its own (`fork`); when the last one
 * finishes, the I/O takes that branch's stages for the time since the fork
 * (`join`): the branch that decided when the I/O could go on. While branches
 * are out, the I/O's own ledger may not be entered (asserted).
 */
export class StageLedger {
  /**
   * Time charged to each stage so far, by stage index (integer ns). A plain
   * array: a typed array of this size would take a backing store outside the
   * heap, costly to make and to collect, once per I/O.
   */
  readonly ns: number[] = new Array<number>(STAGE_COUNT).fill(0);
  private current: number;
  private markNs: TimeNs;
  private branches = 0;
  /** While the request waits in a drive's queue: the drive's copy clock when it began waiting (see `QueueSplitter`). */
  copyClockNs = 0;

  constructor(
    private readonly clock: Clock,
    startNs: TimeNs,
    stage: number,
  ) {
    this.markNs = startNs;
    this.current = stage;
  }

  /** The stage the I/O is in now. */
  get stage(): number {
    return this.current;
  }

  /** When the I/O entered its current stage. */
  get sinceNs(): TimeNs {
    return this.markNs;
  }

  /** The I/O enters `stage` now. */
  enter(stage: number): void {
    this.enterAt(stage, this.clock.now);
  }

  /** The I/O entered `stage` at `atNs` (not before the last hand-off, not after now). */
  enterAt(stage: number, atNs: TimeNs): void {
    if (!(atNs >= this.markNs && atNs <= this.clock.now && this.branches === 0)) this.refuse(atNs);
    this.ns[this.current]! += atNs - this.markNs;
    this.current = stage;
    this.markNs = atNs;
  }

  /** The I/O enters `stage` now; of the time since the last hand-off, `partNs` goes to `partStage` and the rest to the stage being left. */
  enterSplit(stage: number, partStage: number, partNs: TimeNs): void {
    const now = this.clock.now;
    if (!(partNs >= 0 && partNs <= now - this.markNs)) throw new AssertionError(`stage ledger: a part of ${partNs} ns of the ${now - this.markNs} ns in ${STAGES[this.current]}`);
    this.ns[partStage]! += partNs;
    this.markNs += partNs;
    this.enterAt(stage, now);
  }

  /** A ledger for one of several parallel branches of the I/O's work, starting where the I/O is now. */
  fork(): StageLedger {
    if (this.branches < 0) throw new AssertionError('stage ledger: forked while joining');
    this.branches++;
    return new StageLedger(this.clock, this.markNs, this.current);
  }

  /** The branches are all done and `last` finished last: the I/O takes its stages since the fork. */
  join(last: StageLedger): void {
    if (!(this.branches > 0 && last.branches === 0)) throw new AssertionError(`stage ledger: a join with ${this.branches} branches out (and ${last.branches} under the last)`);
    const now = this.clock.now;
    last.ns[last.current]! += now - last.markNs;
    for (let i = 0; i < STAGE_COUNT; i++) this.ns[i]! += last.ns[i]!;
    this.branches = 0;
    this.current = last.current;
    this.markNs = now;
  }

  /** The I/O is done now: charges the last stage and returns the total, which is now − start. */
  finish(): TimeNs {
    this.enterAt(this.current, this.clock.now);
    let total = 0;
    for (let i = 0; i < STAGE_COUNT; i++) total += this.ns[i]!;
    return total;
  }

  private refuse(atNs: TimeNs): never {
    if (this.branches !== 0) throw new AssertionError(`stage ledger: entered while ${this.branches} parallel branches are out (use the branch's ledger)`);
    throw new AssertionError(`stage ledger: a hand-off at ${atNs} ns, before the last one (${this.markNs} ns) or after now (${this.clock.now} ns)`);
  }
}

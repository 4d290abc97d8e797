import { AssertionError } from '../../engine/assert.js';
import type { Simulator } from '../../engine/simulator.js';
import type { TimeNs } from '../../engine/time.js';
import { Stage, type StageLedger } from '../../metrics/stage-ledger.js';
import { assertAcceptable, type Drive, type DriveRequest } from '../drive.js';
import { QueueSplitter } from '../queue-split.js';
import { RequestQueue } from '../request-queue.js';
import { HddController } from './controller.js';
import type { HddParams } from './params.js';
import { checkHddParams } from './params-check.js';

/**
 * A hard disk drive on the simulator: a request queue ordered by the
 * drive's policy in front of one controller that serves a request at a
 * time. Each request costs one scheduled event (its completion).
 */
export class Hdd implements Drive {
  readonly name: string;
  readonly capacitySectors: number;
  private readonly controller: HddController;
  private readonly queue: RequestQueue<DriveRequest>;
  private readonly completeKind: number;
  private current: DriveRequest | undefined = undefined;
  private currentStartNs: TimeNs = 0;
  private busyTotalNs: TimeNs = 0;
  private pendingCount = 0;
  private served = 0;
  private readonly split = new QueueSplitter();

  constructor(
    private readonly sim: Simulator,
    readonly params: HddParams,
    name: string = params.model,
  ) {
    checkHddParams(params);
    this.name = name;
    this.capacitySectors = params.geometry.capacitySectors;
    this.controller = new HddController(params);
    this.queue = new RequestQueue<DriveRequest>(params.queuePolicy, params.queueCapacity, params.maxWaitNs);
    this.completeKind = sim.kind('hdd.complete');
  }

  get outstanding(): number {
    return this.pendingCount;
  }

  busyNs(): TimeNs {
    return this.busyTotalNs + (this.current === undefined ? 0 : this.sim.now - this.currentStartNs);
  }

  submit(request: DriveRequest): void {
    assertAcceptable(this, request, Number.POSITIVE_INFINITY);
    this.pendingCount++;
    if (this.current === undefined && this.queue.size === 0) this.start(request);
    else {
      this.split.queued(request, this.sim.now);
      this.queue.push(request, this.controller.cylinderOf(request.sector), this.sim.now);
    }
  }

  private start(request: DriveRequest): void {
    const now = this.sim.now;
    this.current = request;
    this.currentStartNs = now;
    this.split.started(request, now, Stage.driveOverhead);
    const doneNs = this.controller.serve(now, request.sector, request.sectors, request.write);
    const at = Math.round(doneNs);
    if (!(at >= now)) throw new AssertionError(`${this.name}: completion ${doneNs} before start ${now}`);
    this.sim.at(at, this.completeKind, this.complete, this.served++, request.sector);
  }

  /** Bound once: completing allocates nothing. */
  private readonly complete = (): void => {
    const request = this.current!;
    this.busyTotalNs += this.sim.now - this.currentStartNs;
    this.current = undefined;
    this.pendingCount--;
    this.split.finished(request, this.sim.now);
    const ledger = request.work?.ledger;
    if (ledger != null) this.chargeService(ledger);
    request.done(null);
    // `done` may have submitted (and so started) a request already.
    if (this.current === undefined) {
      const next = this.queue.pop(this.controller.headCylinder, this.sim.now);
      if (next !== undefined) this.start(next);
    }
  };

  /**
   * The request served since `currentStartNs` is done: its host I/O's time
   * in the drive, so far all overhead, splits into overhead, seek, rotation
   * and transfer as the controller timed them (rounded to the nanosecond at
   * each boundary, so that the parts add up to the whole).
   */
  private chargeService(ledger: StageLedger): void {
    const c = this.controller;
    const startNs = this.currentStartNs;
    const endNs = this.sim.now;
    const seekFromNs = Math.min(endNs, Math.round(startNs + c.serviceOverheadNs));
    const rotationFromNs = Math.min(endNs, Math.round(startNs + c.serviceOverheadNs + c.serviceSeekNs));
    const transferFromNs = Math.min(endNs, Math.round(startNs + c.serviceOverheadNs + c.serviceSeekNs + c.serviceRotationNs));
    ledger.enterAt(Stage.seek, seekFromNs);
    ledger.enterAt(Stage.rotation, Math.max(seekFromNs, rotationFromNs));
    ledger.enterAt(Stage.transfer, Math.max(seekFromNs, rotationFromNs, transferFromNs));
  }
}

import { AssertionError } from '../../engine/assert.js';
import type { Simulator } from '../../engine/simulator.js';
import type { TimeNs } from '../../engine/time.js';
import { assertAcceptable, type Drive, type DriveRequest } from '../drive.js';
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
    else this.queue.push(request, this.controller.cylinderOf(request.sector), this.sim.now);
  }

  private start(request: DriveRequest): void {
    const now = this.sim.now;
    this.current = request;
    this.currentStartNs = now;
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
    request.done(null);
    // `done` may have submitted (and so started) a request already.
    if (this.current === undefined) {
      const next = this.queue.pop(this.controller.headCylinder, this.sim.now);
      if (next !== undefined) this.start(next);
    }
  };
}

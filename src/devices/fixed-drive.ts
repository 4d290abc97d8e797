import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import { Stage } from '../metrics/stage-ledger.js';
import { assertAcceptable, type Drive, type DriveRequest } from './drive.js';
import { QueueSplitter } from './queue-split.js';

/** Options shared by the reference queueing stations. */
export interface StationOptions {
  readonly name: string;
  /** The stations have no geometry, so any size will do; default 2^31 sectors (1 TiB). */
  readonly capacitySectors?: number;
  /** Bound on requests accepted and not yet completed; going past it is a caller's bug. Default 65 536. */
  readonly outstandingMax?: number;
}

const RING_LENGTH_INITIAL = 16;

/**
 * One server, one FIFO queue, a service time per request: the textbook
 * station (M/G/1 under Poisson arrivals). Subclasses choose the service time.
 * `done` is always called from an event, never from inside `submit`.
 */
export abstract class SingleServerDrive implements Drive {
  readonly name: string;
  readonly capacitySectors: number;
  private readonly sim: Simulator;
  private readonly kindDone: number;
  private readonly outstandingMax: number;
  /** Ring of accepted requests; the one at `head` is in service. Length is a power of two. */
  private ring: (DriveRequest | undefined)[] = new Array<DriveRequest | undefined>(RING_LENGTH_INITIAL);
  private head = 0;
  private count = 0;
  private busyTotalNs: TimeNs = 0;
  private busySinceNs: TimeNs = 0;
  private readonly split = new QueueSplitter();

  constructor(sim: Simulator, options: StationOptions) {
    this.sim = sim;
    this.name = options.name;
    this.capacitySectors = options.capacitySectors ?? 2 ** 31;
    this.outstandingMax = options.outstandingMax ?? 65_536;
    if (!(Number.isSafeInteger(this.capacitySectors) && this.capacitySectors > 0)) {
      throw new AssertionError(`${this.name}: capacitySectors must be a positive integer, got ${this.capacitySectors}`);
    }
    if (!(Number.isSafeInteger(this.outstandingMax) && this.outstandingMax > 0)) {
      throw new AssertionError(`${this.name}: outstandingMax must be a positive integer, got ${this.outstandingMax}`);
    }
    this.kindDone = sim.kind(`${this.name}:done`);
  }

  get outstanding(): number {
    return this.count;
  }

  busyNs(): TimeNs {
    return this.busyTotalNs + (this.count > 0 ? this.sim.now - this.busySinceNs : 0);
  }

  submit(request: DriveRequest): void {
    assertAcceptable(this, request, this.outstandingMax);
    if (this.count === this.ring.length) this.growRing();
    this.ring[(this.head + this.count) & (this.ring.length - 1)] = request;
    this.count++;
    if (this.count === 1) {
      this.busySinceNs = this.sim.now;
      this.startService(request);
    } else this.split.queued(request, this.sim.now);
  }

  /** Service time of `request`, an integer number of nanoseconds ≥ 0. */
  protected abstract serviceNs(request: DriveRequest): TimeNs;

  private startService(request: DriveRequest): void {
    // The model has no parts to its service time: it is all drive service.
    this.split.started(request, this.sim.now, Stage.driveService);
    const serviceNs = this.serviceNs(request);
    if (!(Number.isSafeInteger(serviceNs) && serviceNs >= 0)) {
      throw new AssertionError(`${this.name}: service time ${serviceNs} ns is not an integer ≥ 0`);
    }
    this.sim.at(this.sim.now + serviceNs, this.kindDone, this.onServiceDone, request.sector, request.sectors);
  }

  private readonly onServiceDone = (): void => {
    const request = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.count--;
    this.split.finished(request, this.sim.now);
    if (this.count > 0) this.startService(this.ring[this.head]!);
    else this.busyTotalNs += this.sim.now - this.busySinceNs;
    // Last, so that a caller submitting from `done` sees a consistent station.
    request.done(null);
  };

  private growRing(): void {
    const old = this.ring;
    const ring = new Array<DriveRequest | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) ring[i] = old[(this.head + i) & (old.length - 1)];
    this.ring = ring;
    this.head = 0;
  }
}

export interface FixedServiceOptions extends StationOptions {
  /** Every request takes exactly this long, whatever its size. */
  readonly serviceNs: TimeNs;
}

/** A single FIFO server with a constant service time (the M/D/1 station). */
export class FixedServiceDrive extends SingleServerDrive {
  private readonly fixedServiceNs: TimeNs;

  constructor(sim: Simulator, options: FixedServiceOptions) {
    super(sim, options);
    if (!(Number.isSafeInteger(options.serviceNs) && options.serviceNs >= 0)) {
      throw new AssertionError(`${options.name}: serviceNs must be an integer ≥ 0, got ${options.serviceNs}`);
    }
    this.fixedServiceNs = options.serviceNs;
  }

  protected serviceNs(): TimeNs {
    return this.fixedServiceNs;
  }
}

import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { Drive, DriveError, DriveRequest, DriveWork } from '../devices/drive.js';
import type { LevelSeries } from '../metrics/level-series.js';

/**
 * A decorator that records a drive's queue depth and busy level as time
 * series, without the drive knowing: the same interface goes in and out.
 */
export class MeteredDrive implements Drive {
  readonly name: string;
  readonly capacitySectors: number;

  constructor(
    private readonly sim: Simulator,
    private readonly inner: Drive,
    private readonly queue: LevelSeries,
    private readonly busy: LevelSeries,
  ) {
    this.name = inner.name;
    this.capacitySectors = inner.capacitySectors;
  }

  get outstanding(): number {
    return this.inner.outstanding;
  }

  busyNs(): TimeNs {
    return this.inner.busyNs();
  }

  submit(request: DriveRequest): void {
    const { sim, queue, busy, inner } = this;
    queue.add(sim.now, 1);
    if (inner.outstanding === 0) busy.set(sim.now, 1);
    inner.submit(new MeteredRequest(this, request));
  }

  /** A request of the inner drive is done: the levels drop, then its sender hears. */
  finished(request: DriveRequest, error: DriveError | null): void {
    const { sim, queue, busy, inner } = this;
    queue.add(sim.now, -1);
    if (inner.outstanding === 0) busy.set(sim.now, 0);
    request.done(error);
  }
}

/** The request as the inner drive sees it: one object, no closure. */
class MeteredRequest implements DriveRequest {
  readonly sector: number;
  readonly sectors: number;
  readonly write: boolean;
  readonly work: DriveWork | undefined;

  constructor(
    private readonly meter: MeteredDrive,
    private readonly outer: DriveRequest,
  ) {
    this.sector = outer.sector;
    this.sectors = outer.sectors;
    this.write = outer.write;
    this.work = outer.work;
  }

  done(error: DriveError | null): void {
    this.meter.finished(this.outer, error);
  }
}

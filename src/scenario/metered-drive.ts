import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { Drive, DriveRequest } from '../devices/drive.js';
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
    inner.submit({
      sector: request.sector,
      sectors: request.sectors,
      write: request.write,
      done: (error) => {
        queue.add(sim.now, -1);
        if (inner.outstanding === 0) busy.set(sim.now, 0);
        request.done(error);
      },
    });
  }
}

import { AssertionError } from '../engine/assert.js';
import type { Rng } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import { SingleServerDrive, type StationOptions } from './fixed-drive.js';

export interface ExponentialServiceOptions extends StationOptions {
  /** Mean of the exponential service time (1/μ). */
  readonly meanServiceNs: number;
  /** Name of the random stream the service times come from; default `drive:<name>`. */
  readonly stream?: string;
}

/**
 * A single FIFO server whose service times are exponentially distributed
 * (the M/M/1 station under Poisson arrivals). Draws are rounded to whole
 * nanoseconds, which shifts the mean by far less than a nanosecond.
 */
export class ExponentialServiceDrive extends SingleServerDrive {
  readonly meanServiceNs: number;
  private readonly rng: Rng;

  constructor(sim: Simulator, options: ExponentialServiceOptions) {
    super(sim, options);
    if (!(Number.isFinite(options.meanServiceNs) && options.meanServiceNs > 0)) {
      throw new AssertionError(`${options.name}: meanServiceNs must be > 0, got ${options.meanServiceNs}`);
    }
    this.meanServiceNs = options.meanServiceNs;
    this.rng = sim.rng.stream(options.stream ?? `drive:${options.name}`);
  }

  protected serviceNs(): TimeNs {
    return Math.round(this.rng.exponential(this.meanServiceNs));
  }
}

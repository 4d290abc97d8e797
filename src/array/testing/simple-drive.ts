import type { Simulator } from '../../engine/simulator.js';
import type { TimeNs } from '../../engine/time.js';
import type { Drive, DriveRequest } from '../../devices/drive.js';

/**
 * A drive for array tests: every request takes `latencyNs`, any number in
 * parallel. Lets tests reason about the array without a drive model.
 */
export class ConstantLatencyDrive implements Drive {
  outstanding = 0;
  private busyTotal = 0;
  private busySince = 0;
  private readonly kind: number;
  requests = 0;

  constructor(
    private readonly sim: Simulator,
    readonly name: string,
    readonly capacitySectors: number,
    private readonly latencyNs: TimeNs,
  ) {
    this.kind = sim.kind('test-drive.done');
  }

  submit(request: DriveRequest): void {
    if (this.outstanding++ === 0) this.busySince = this.sim.now;
    this.requests++;
    this.sim.after(this.latencyNs, this.kind, () => {
      if (--this.outstanding === 0) this.busyTotal += this.sim.now - this.busySince;
      request.done(null);
    });
  }

  busyNs(): TimeNs {
    return this.busyTotal + (this.outstanding > 0 ? this.sim.now - this.busySince : 0);
  }
}

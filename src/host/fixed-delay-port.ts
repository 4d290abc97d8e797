import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { IoOutcome, IoPort, IoRequest } from './io.js';

const OK: IoOutcome = { ok: true };

type Done = (outcome: IoOutcome) => void;

/**
 * A stand-in for the array: completes every I/O successfully after a fixed
 * delay (0 = inside `submit`). For tests and benchmarks of host workloads.
 * Pending `done` callbacks wait in a FIFO ring, so a completion event carries
 * no closure: with one delay, completions come in submission order.
 */
export class FixedDelayPort implements IoPort {
  private readonly kind: number;
  private pending: (Done | undefined)[] = [];
  private head = 0;
  submitted = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly delayNs: TimeNs,
    /** Sees every request as it is submitted (for tests that record them). */
    private readonly onSubmit?: (request: IoRequest, nowNs: TimeNs) => void,
  ) {
    this.kind = sim.kind('port:complete');
  }

  submit(request: IoRequest, done: Done): void {
    this.submitted++;
    this.onSubmit?.(request, this.sim.now);
    if (this.delayNs === 0) {
      done(OK);
      return;
    }
    this.pending.push(done);
    this.sim.after(this.delayNs, this.kind, this.complete);
  }

  private readonly complete = (): void => {
    const done = this.pending[this.head]!;
    this.pending[this.head++] = undefined; // drop the reference; the ring is compacted below
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    done(OK);
  };
}

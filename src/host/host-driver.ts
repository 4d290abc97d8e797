import { AssertionError, unreachable } from '../engine/assert.js';
import type { Rng } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import { drawDurationNs, PoissonClock } from './arrival.js';
import type { IoOutcome, IoPort } from './io.js';
import type { DurationSpec, PhaseSpec, WorkloadSpec } from './spec.js';
import { createWorkload, type ArrivalTimes, type Pacing, type RequestSource } from './workload.js';

export interface HostDriverOptions {
  readonly sim: Simulator;
  /** Unique among the run's hosts: it names the host's random streams, `host:NAME:part`. */
  readonly host: string;
  readonly workload: WorkloadSpec;
  readonly port: IoPort;
  /** Called once, when the workload has issued its last I/O (limit or end of trace) and every one has completed. */
  readonly onDrained?: () => void;
}

/** Most I/Os one closed-loop pump may issue at a single instant: beyond, a port answering inside `submit` with no think time has livelocked the clock. */
const PUMP_BUDGET = 1 << 20;

/**
 * Drives one host's workload through an `IoPort` on the simulator. Idle until
 * `start()`; `stop()` ends new arrivals (in-flight I/Os still complete); both
 * may be called at any time, any number of times. Per I/O it allocates only
 * the request object: handlers are bound once, and events carry an epoch
 * number so that arrivals scheduled before a stop or an off phase are
 * recognised as stale instead of being cancelled.
 */
export class HostDriver {
  readonly host: string;
  private readonly sim: Simulator;
  private readonly port: IoPort;
  private readonly source: RequestSource;
  private readonly pacing: Pacing;
  private readonly phases: PhaseSpec | undefined;
  private readonly limitIos: number;
  private readonly onDrained: (() => void) | undefined;
  private readonly arrivalKind: number;
  private readonly thinkKind: number;
  private readonly phaseKind: number;
  private readonly poisson: PoissonClock | undefined;
  private readonly think: DurationSpec | undefined;
  private readonly thinkRng: Rng | undefined;
  private readonly phaseRng: Rng | undefined;

  private issuedCount = 0;
  private completedCount = 0;
  private failedCount = 0;
  private active = false;
  private phaseOn = true;
  private finished = false;
  private drainedReported = false;
  private arrivalEpoch = 0;
  private phaseEpoch = 0;
  /** Closed loop: slots waiting to issue. In-flight + thinking + ready = queue depth, always. */
  private ready = 0;
  private thinking = 0;
  private pumping = false;
  /** Timed replay: a request recorded at trace time t is due at baseNs + t. */
  private baseNs = 0;
  private pausedTraceNs = 0;

  constructor(options: HostDriverOptions) {
    const { sim, host } = options;
    this.host = host;
    this.sim = sim;
    this.port = options.port;
    this.onDrained = options.onDrained;
    const workload = createWorkload(options.workload, (part) => sim.rng.stream(`host:${host}:${part}`));
    this.source = workload.source;
    this.pacing = workload.pacing;
    this.phases = workload.phases;
    this.limitIos = workload.limitIos;
    this.finished = this.limitIos === 0;
    // Kinds named per host, so that a trace tells the hosts' events apart.
    this.arrivalKind = sim.kind(`host:${host}:arrival`);
    this.thinkKind = sim.kind(`host:${host}:think`);
    this.phaseKind = sim.kind(`host:${host}:phase`);
    const pacing = this.pacing;
    this.poisson = pacing.kind === 'open' ? new PoissonClock(pacing.rateIops, sim.rng.stream(`host:${host}:arrival`)) : undefined;
    this.think = pacing.kind === 'closed' ? pacing.think : undefined;
    this.thinkRng = this.think ? sim.rng.stream(`host:${host}:think`) : undefined;
    this.phaseRng = this.phases ? sim.rng.stream(`host:${host}:phases`) : undefined;
    if (pacing.kind === 'closed') this.ready = pacing.queueDepth;
  }

  get issued(): number {
    return this.issuedCount;
  }
  /** I/Os that completed successfully. */
  get completed(): number {
    return this.completedCount;
  }
  /** I/Os the port answered with an error. */
  get failed(): number {
    return this.failedCount;
  }
  get inFlight(): number {
    return this.issuedCount - this.completedCount - this.failedCount;
  }
  /** Between `start()` and `stop()` (in an off phase too). */
  get running(): boolean {
    return this.active;
  }
  /** Running and in an on phase: new I/Os may be issued. */
  get issuing(): boolean {
    return this.active && this.phaseOn;
  }
  /** The workload has nothing more to issue (limit reached or trace exhausted). */
  get exhausted(): boolean {
    return this.finished;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    if (this.phases) {
      this.phaseEpoch++;
      this.phaseOn = !this.phases.startOff;
      this.schedulePhaseFlip();
    }
    if (this.phaseOn) this.resume();
    this.checkDrained();
  }

  stop(): void {
    if (!this.active) return;
    if (this.phaseOn) this.pause();
    this.active = false;
    this.phaseEpoch++;
    this.phaseOn = true;
  }

  /** Begins issuing: at start and at the beginning of each on phase. */
  private resume(): void {
    const pacing = this.pacing;
    switch (pacing.kind) {
      case 'open':
        this.poisson!.restart(this.sim.now);
        this.scheduleOpenArrival(++this.arrivalEpoch);
        return;
      case 'closed':
        this.pump();
        return;
      case 'timed':
        this.baseNs = this.sim.now - this.pausedTraceNs;
        this.scheduleTimedArrival(pacing.times, ++this.arrivalEpoch);
        return;
      default:
        unreachable(pacing, 'pacing kind');
    }
  }

  /** Stops issuing: at stop and at the beginning of each off phase. */
  private pause(): void {
    this.arrivalEpoch++;
    if (this.pacing.kind === 'timed') this.pausedTraceNs = this.sim.now - this.baseNs;
  }

  /** Issues the source's next request; false (and finished) when there is none. */
  private issue(): boolean {
    const request = this.source.next();
    if (request === undefined) {
      this.finished = true;
      this.checkDrained();
      return false;
    }
    // Finished before submitting, so that a port answering inside `submit` sees the drain.
    if (++this.issuedCount >= this.limitIos) this.finished = true;
    this.port.submit(request, this.done);
    return true;
  }

  private readonly done = (outcome: IoOutcome): void => {
    if (outcome.ok) this.completedCount++;
    else this.failedCount++;
    if (!(this.completedCount + this.failedCount <= this.issuedCount)) {
      throw new AssertionError(`host ${this.host}: more completions than I/Os issued (done called twice?)`);
    }
    if (this.pacing.kind === 'closed') {
      if (this.think) {
        this.thinking++;
        this.sim.after(drawDurationNs(this.think, this.thinkRng!), this.thinkKind, this.onThinkEnd);
      } else {
        this.ready++;
        this.pump();
      }
    }
    if (this.finished) this.checkDrained();
  };

  private scheduleOpenArrival(epoch: number): void {
    this.sim.at(this.poisson!.next(), this.arrivalKind, this.onOpenArrival, epoch);
  }

  private readonly onOpenArrival = (epoch: number): void => {
    if (epoch !== this.arrivalEpoch || this.finished) return;
    this.issue();
    if (!this.finished) this.scheduleOpenArrival(epoch);
  };

  private scheduleTimedArrival(times: ArrivalTimes, epoch: number): void {
    if (this.finished) return;
    const dueNs = times.peekNs();
    if (dueNs === Number.POSITIVE_INFINITY) {
      this.finished = true;
      this.checkDrained();
      return;
    }
    this.sim.at(Math.max(this.sim.now, this.baseNs + dueNs), this.arrivalKind, this.onTimedArrival, epoch);
  }

  private readonly onTimedArrival = (epoch: number): void => {
    if (epoch !== this.arrivalEpoch || this.pacing.kind !== 'timed') return;
    const times = this.pacing.times;
    const now = this.sim.now;
    // Requests recorded at the same instant go out in one event.
    while (!this.finished && this.baseNs + times.peekNs() <= now) this.issue();
    this.scheduleTimedArrival(times, epoch);
  };

  private readonly onThinkEnd = (): void => {
    this.thinking--;
    this.ready++;
    this.pump();
  };

  /** Closed loop: issues from every ready slot while issuing is allowed. */
  private pump(): void {
    // A port that completes inside `submit` re-enters here; the loop below takes its slot instead of recursing.
    if (this.pumping) return;
    this.pumping = true;
    let budget = PUMP_BUDGET;
    while (this.ready > 0 && this.active && this.phaseOn && !this.finished) {
      this.ready--;
      if (!this.issue()) {
        this.ready++;
        break;
      }
      if (--budget === 0) {
        throw new AssertionError(`host ${this.host}: ${PUMP_BUDGET} I/Os at one instant (${this.sim.now} ns); a zero-latency port needs a think time`);
      }
    }
    this.pumping = false;
    const depth = this.pacing.kind === 'closed' ? this.pacing.queueDepth : 0;
    if (!(this.inFlight + this.thinking + this.ready === depth)) {
      throw new AssertionError(`host ${this.host}: closed-loop slots ${this.inFlight}+${this.thinking}+${this.ready} ≠ ${depth}`);
    }
  }

  private schedulePhaseFlip(): void {
    const phases = this.phases!;
    const durationNs = drawDurationNs(this.phaseOn ? phases.on : phases.off, this.phaseRng!);
    this.sim.after(durationNs, this.phaseKind, this.onPhaseFlip, this.phaseEpoch);
  }

  private readonly onPhaseFlip = (epoch: number): void => {
    if (epoch !== this.phaseEpoch) return;
    if (this.phaseOn) this.pause();
    this.phaseOn = !this.phaseOn;
    this.schedulePhaseFlip();
    if (this.phaseOn) this.resume();
  };

  private checkDrained(): void {
    if (!this.finished || this.drainedReported || this.inFlight !== 0) return;
    this.drainedReported = true;
    this.onDrained?.();
  }
}

import { AssertionError, assert } from './assert.js';
import { firstChoice, type Chooser } from './choices.js';
import { EventQueue, type EventHandler, type QueuedEvent } from './event-queue.js';
import { RngStreams } from './rng.js';
import type { TimeNs } from './time.js';
import { TraceRecorder, type TraceSink } from './trace.js';

export interface SimulatorOptions {
  readonly seed: number;
  /** Receives every fired event (for a JSON-lines trace). The hash is kept either way. */
  readonly traceSink?: TraceSink;
  /** Picks among events due at the same instant; by default the first scheduled fires first. */
  readonly chooser?: Chooser;
}

export interface RunLimits {
  /** Stop before firing any event later than this instant. */
  readonly untilNs?: TimeNs;
  /** Stop after this many events (a budget, so that a livelock cannot hang a run). */
  readonly maxEvents?: number;
}

export type RunOutcome =
  | { readonly reason: 'idle'; readonly events: number }
  | { readonly reason: 'until'; readonly events: number }
  | { readonly reason: 'budget'; readonly events: number }
  | { readonly reason: 'stopped'; readonly events: number };

/**
 * The discrete-event engine: one clock in integer nanoseconds, one event
 * queue, one trace hash and the run's seeded random streams.
 */
export class Simulator {
  now: TimeNs = 0;
  readonly trace: TraceRecorder;
  readonly rng: RngStreams;
  readonly chooser: Chooser;
  private readonly queue = new EventQueue();
  private stopRequested = false;

  constructor(options: SimulatorOptions) {
    this.trace = new TraceRecorder(options.traceSink);
    this.rng = new RngStreams(options.seed);
    this.chooser = options.chooser ?? firstChoice;
  }

  /** Registers (or looks up) an event kind for tracing. */
  kind(name: string): number {
    return this.trace.kind(name);
  }

  /** Schedules `handler(a, b)` at absolute time `time` (not in the past). */
  at(time: TimeNs, kind: number, handler: EventHandler, a = 0, b = 0): void {
    // Hot path: test first, build the message only on failure.
    if (!(time >= this.now && Number.isSafeInteger(time))) {
      throw new AssertionError(`event time ${time} is not an integer ≥ now (${this.now})`);
    }
    this.queue.push(time, kind, handler, a, b);
  }

  /** Schedules `handler(a, b)` after `delay` nanoseconds (rounded to the nearest nanosecond). */
  after(delay: TimeNs, kind: number, handler: EventHandler, a = 0, b = 0): void {
    if (!(delay >= 0)) throw new AssertionError(`negative or NaN delay ${delay}`);
    this.at(this.now + Math.round(delay), kind, handler, a, b);
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Asks the current `run` to return after the event being fired. */
  stop(): void {
    this.stopRequested = true;
  }

  run(limits: RunLimits = {}): RunOutcome {
    const until = limits.untilNs ?? Number.POSITIVE_INFINITY;
    const budget = limits.maxEvents ?? Number.POSITIVE_INFINITY;
    const queue = this.queue;
    const trace = this.trace;
    const choosing = this.chooser !== firstChoice;
    this.stopRequested = false;
    let events = 0;
    for (;;) {
      if (queue.size === 0) return { reason: 'idle', events };
      if (queue.peekTime() > until) {
        this.now = Math.max(this.now, until);
        return { reason: 'until', events };
      }
      if (events >= budget) return { reason: 'budget', events };
      const event = choosing && queue.hasTieAtTop() ? this.popChosenTie() : queue.pop();
      const time = event.time;
      const handler = event.handler!;
      const a = event.a;
      const b = event.b;
      this.now = time;
      trace.record(time, event.kind, a, b);
      queue.release(event);
      handler(a, b);
      events++;
      if (this.stopRequested) return { reason: 'stopped', events };
    }
  }

  /** Pops every event due at the earliest instant, lets the chooser pick one, re-queues the rest. */
  private popChosenTie(): QueuedEvent {
    const queue = this.queue;
    const time = queue.peekTime();
    const tied: QueuedEvent[] = [];
    while (queue.size > 0 && queue.peekTime() === time) tied.push(queue.pop());
    const pick = this.chooser.choose(tied.length);
    assert(pick >= 0 && pick < tied.length, `chooser returned ${pick} for ${tied.length} candidates`);
    tied.forEach((event, i) => {
      if (i !== pick) queue.reinsert(event);
    });
    return tied[pick]!;
  }
}

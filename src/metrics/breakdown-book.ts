import { AssertionError } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import { STAGE_COUNT, STAGES, type StageLedger, type StageName } from './stage-ledger.js';

/** How a set of host I/Os spent their time, stage by stage. */
export interface StageBreakdown {
  /** Host I/Os counted (completed without error). */
  readonly ios: number;
  /** Mean time per I/O in each stage (ns): together, the mean latency. */
  readonly meanNs: Readonly<Record<StageName, number>>;
  /** The p99 tail: the slowest 1 % of the I/Os (at least one). */
  readonly tail: {
    readonly ios: number;
    /** The fastest I/O of the tail (the p99, as an order statistic). */
    readonly minLatencyNs: TimeNs;
    readonly meanLatencyNs: number;
    /** Each stage's share of the tail's time (fractions adding up to 1). */
    readonly share: Readonly<Record<StageName, number>>;
  };
}

/** Which I/Os to sum up: completed in [startNs, endNs), of one host (by index) or of every host (-1). */
export interface BreakdownFilter {
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
  readonly host: number;
}

/** The slowest this fraction of a set of I/Os is its tail (a p99 tail). */
const TAIL_FRACTION = 0.01;
const CAPACITY_INITIAL = 1024;

/**
 * Every completed host I/O's stage times, kept until the run is over (as
 * the history keeps its I/Os), so that breakdowns over windows decided only
 * at the end — before, during and after each copy phase — can be made, the
 * p99 tail among them. 152 bytes per I/O.
 */
export class BreakdownBook {
  private readonly hostNames: string[] = [];
  private length = 0;
  private hostOf = new Int32Array(CAPACITY_INITIAL);
  private opIdOf = new Int32Array(CAPACITY_INITIAL);
  private completeNsOf = new Float64Array(CAPACITY_INITIAL);
  private latencyNsOf = new Float64Array(CAPACITY_INITIAL);
  private stageNs = new Float64Array(CAPACITY_INITIAL * STAGE_COUNT);

  /** The index by which `record` knows `host` (hosts are numbered as they are named). */
  hostIndex(host: string): number {
    const known = this.hostNames.indexOf(host);
    if (known >= 0) return known;
    this.hostNames.push(host);
    return this.hostNames.length - 1;
  }

  get hosts(): readonly string[] {
    return this.hostNames;
  }

  /** I/Os recorded. */
  get count(): number {
    return this.length;
  }

  /**
   * Records a host I/O that completed now, its ledger finished: its stages
   * must add up, exactly, to the latency the host measured (asserted).
   */
  record(host: number, opId: number, completeNs: TimeNs, latencyNs: TimeNs, ledger: StageLedger): void {
    const total = ledger.finish();
    const ns = ledger.ns;
    for (let stage = 0; stage < STAGE_COUNT; stage++) {
      const part = ns[stage]!;
      if (!(part >= 0 && Number.isSafeInteger(part))) throw new AssertionError(`host I/O ${opId}: ${part} ns in stage ${STAGES[stage]} (expected whole nanoseconds ≥ 0)`);
    }
    if (total !== latencyNs) throw new AssertionError(`host I/O ${opId}: its stages add up to ${total} ns, not to its latency of ${latencyNs} ns`);
    if (this.length === this.hostOf.length) this.grow();
    const i = this.length++;
    this.hostOf[i] = host;
    this.opIdOf[i] = opId;
    this.completeNsOf[i] = completeNs;
    this.latencyNsOf[i] = latencyNs;
    this.stageNs.set(ns, i * STAGE_COUNT);
  }

  /** The i-th recorded I/O (in completion order): for tests and checks. */
  entry(i: number): { readonly host: string; readonly opId: number; readonly completeNs: TimeNs; readonly latencyNs: TimeNs; readonly stageNs: Float64Array } {
    if (!(i >= 0 && i < this.length)) throw new AssertionError(`breakdown entry ${i} of ${this.length}`);
    return {
      host: this.hostNames[this.hostOf[i]!]!,
      opId: this.opIdOf[i]!,
      completeNs: this.completeNsOf[i]!,
      latencyNs: this.latencyNsOf[i]!,
      stageNs: this.stageNs.slice(i * STAGE_COUNT, (i + 1) * STAGE_COUNT),
    };
  }

  /** The breakdown of the I/Os `filter` selects; null when it selects none. */
  summarize(filter: BreakdownFilter): StageBreakdown | null {
    const chosen: number[] = [];
    for (let i = 0; i < this.length; i++) {
      const completeNs = this.completeNsOf[i]!;
      if (completeNs >= filter.startNs && completeNs < filter.endNs && (filter.host < 0 || this.hostOf[i] === filter.host)) chosen.push(i);
    }
    if (chosen.length === 0) return null;
    const tail = this.slowest(chosen, Math.max(1, Math.ceil(chosen.length * TAIL_FRACTION)));
    const latency = this.latencyNsOf;
    const tailSums = this.stageSums(tail);
    const tailTotalNs = tailSums.reduce((sum, ns) => sum + ns, 0);
    return {
      ios: chosen.length,
      meanNs: byStage(this.stageSums(chosen).map((ns) => ns / chosen.length)),
      tail: {
        ios: tail.length,
        minLatencyNs: latency[tail.at(-1)!]!,
        meanLatencyNs: tailTotalNs / tail.length,
        share: byStage(tailSums.map((ns) => (tailTotalNs > 0 ? ns / tailTotalNs : 0))),
      },
    };
  }

  /**
   * The `count` slowest of `chosen` (entries in completion order), the
   * fastest of them last; among equal latencies the earlier completions, so
   * that the tail is the same on every run. Found by the latency the tail
   * starts at (a numeric sort of the latencies alone), not by sorting entries.
   */
  private slowest(chosen: readonly number[], count: number): number[] {
    const latency = this.latencyNsOf;
    const thresholdNs = Float64Array.from(chosen, (i) => latency[i]!).sort()[chosen.length - count]!;
    const above = chosen.filter((i) => latency[i]! > thresholdNs);
    const at = chosen.filter((i) => latency[i] === thresholdNs).slice(0, count - above.length);
    return [...above, ...at];
  }

  private stageSums(entries: readonly number[]): number[] {
    const sums = new Array<number>(STAGE_COUNT).fill(0);
    for (const i of entries) for (let stage = 0; stage < STAGE_COUNT; stage++) sums[stage]! += this.stageNs[i * STAGE_COUNT + stage]!;
    return sums;
  }

  private grow(): void {
    const capacity = this.hostOf.length * 2;
    this.hostOf = grown(this.hostOf, new Int32Array(capacity));
    this.opIdOf = grown(this.opIdOf, new Int32Array(capacity));
    this.completeNsOf = grown(this.completeNsOf, new Float64Array(capacity));
    this.latencyNsOf = grown(this.latencyNsOf, new Float64Array(capacity));
    this.stageNs = grown(this.stageNs, new Float64Array(capacity * STAGE_COUNT));
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The p99 tail's mean time per I/O in `stage` (ns): the stage's share of the tail's mean latency. */
export function tailStageNs(breakdown: StageBreakdown, stage: StageName): number {
  return breakdown.tail.share[stage] * breakdown.tail.meanLatencyNs;
}

/** Per-stage numbers as a record keyed by stage name, in STAGES order. */
export function byStage(values: readonly number[]): Record<StageName, number> {
  return Object.fromEntries(STAGES.map((name, i) => [name, values[i]!])) as Record<StageName, number>;
}

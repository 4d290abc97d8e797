import type { History, HistoryBounds } from '../array/history.js';
import { BcvSpans } from './answering.js';
import { formatVerdict } from './format.js';
import type { PhaseRef } from './verdict.js';
import { OpTable, PhysicalTable, VolumeIndex } from './tables.js';
import { Timeline } from './timeline.js';
import { GUARANTEES, type Guarantee, type Origin, type Verdict } from './verdict.js';

export interface CheckOptions {
  /**
   * Progress (guarantee 6): the time each copy phase may take. Without it, the
   * history's own copy bound (`bounds.copyBoundNs`, from max(start, load end));
   * without either, phases are not timed.
   */
  readonly progress?: { readonly phaseBoundNs: number | ((phase: PhaseRef) => number) };
  /** Every I/O ends (guarantee 9): the time each host I/O may take from max(its issue, the load's end); default the history's `bounds.ioBoundNs`. */
  readonly ioBoundNs?: number;
  /** Verdicts kept per guarantee (the rest are only counted). Default 100. */
  readonly maxVerdictsPerGuarantee?: number;
  /** Blocks or tracks listed per verdict. Default 8. */
  readonly maxBlocksPerVerdict?: number;
  /** Judge only these guarantees (default: all). */
  readonly only?: readonly Guarantee[];
}

/** The options, resolved once (with the bounds the history declares). */
export interface CheckConfig {
  readonly phaseBoundNs: ((phase: PhaseRef) => number) | null;
  readonly ioBoundNs: number | null;
  /** When the load stopped (null: not declared). */
  readonly loadEndNs: number | null;
  readonly maxVerdicts: number;
  readonly maxBlocks: number;
  readonly guarantees: ReadonlySet<Guarantee>;
}

export function resolveOptions(options: CheckOptions = {}, bounds: HistoryBounds = {}): CheckConfig {
  const loadEndNs = bounds.loadEndNs ?? null;
  return {
    phaseBoundNs: phaseBound(options, bounds),
    ioBoundNs: options.ioBoundNs ?? bounds.ioBoundNs ?? null,
    loadEndNs,
    maxVerdicts: options.maxVerdictsPerGuarantee ?? 100,
    maxBlocks: options.maxBlocksPerVerdict ?? 8,
    guarantees: new Set(options.only ?? GUARANTEES),
  };
}

function phaseBound(options: CheckOptions, bounds: HistoryBounds): ((phase: PhaseRef) => number) | null {
  const bound = options.progress?.phaseBoundNs;
  if (bound !== undefined) return typeof bound === 'number' ? () => bound : bound;
  const copyBoundNs = bounds.copyBoundNs;
  if (copyBoundNs === undefined) return null;
  // A phase may take until the load stops, plus the time the copy then needs.
  const loadEndNs = bounds.loadEndNs ?? -Infinity;
  return (phase) => Math.max(0, loadEndNs - phase.startNs) + copyBoundNs;
}

/** What every checker reads: the history in columns, read once, and the pairs' timeline. */
export interface CheckContext {
  readonly history: History;
  readonly volumes: VolumeIndex;
  readonly ops: OpTable;
  /** Null when the history did not record physical writes. */
  readonly physical: PhysicalTable | null;
  readonly timeline: Timeline;
  /** When each BCV answered at its address, and when its pair ran a protected restore. */
  readonly spans: BcvSpans;
  readonly config: CheckConfig;
  /** The last instant the history covers: the run's declared end, or the last thing that happened. */
  readonly endNs: number;
  readonly log: VerdictLog;
}

export function checkContext(history: History, config: CheckConfig): CheckContext {
  const volumes = new VolumeIndex(history);
  const ops = new OpTable(history, volumes);
  const physical = history.recordsPhysical ? new PhysicalTable(history, volumes) : null;
  const timeline = new Timeline(history, volumes);
  const spans = new BcvSpans(timeline);
  return { history, volumes, ops, physical, timeline, spans, config, endNs: endOf(history, ops, physical), log: new VerdictLog(config.maxVerdicts) };
}

function endOf(history: History, ops: OpTable, physical: PhysicalTable | null): number {
  let endNs = Math.max(0, history.bounds.runEndNs ?? 0, history.bounds.loadEndNs ?? 0);
  for (let id = 0; id < ops.count; id++) endNs = Math.max(endNs, ops.issueNs[id]!, ops.completeNs[id]!);
  if (physical && physical.count > 0) endNs = Math.max(endNs, physical.timeNs[physical.order[physical.count - 1]!]!);
  for (const c of history.commands) endNs = Math.max(endNs, c.issueNs, c.effectiveNs, c.completeNs);
  for (const s of history.stateChanges) endNs = Math.max(endNs, s.atNs);
  for (const f of history.faults) endNs = Math.max(endNs, f.atNs);
  if (history.indicatorCount > 0) endNs = Math.max(endNs, history.indicator(history.indicatorCount - 1).atNs);
  return endNs;
}

/** Collects verdicts, keeping the first few per guarantee and counting all; gives each its message. */
export class VerdictLog {
  readonly kept: Verdict[] = [];
  readonly counts = Object.fromEntries(GUARANTEES.map((g) => [g, 0])) as Record<Guarantee, number>;

  constructor(private readonly maxPerGuarantee: number) {}

  /** Whether another verdict of this guarantee would be kept (build the costly details only then). */
  keeps(guarantee: Guarantee): boolean {
    return this.counts[guarantee] < this.maxPerGuarantee;
  }

  add(verdict: Verdict): void {
    if (this.keeps(verdict.guarantee)) {
      verdict.message = formatVerdict(verdict);
      this.kept.push(verdict);
    }
    this.counts[verdict.guarantee]++;
  }

  /** Counts a verdict whose details were not built. */
  count(guarantee: Guarantee): void {
    this.counts[guarantee]++;
  }
}

/** The host writes that produced these stamps (one pass over the ops). */
export function writersOf(ops: OpTable, stamps: Iterable<number>): (stamp: number) => Origin {
  const wanted = new Map<number, number>();
  for (const stamp of stamps) if (stamp !== 0) wanted.set(stamp, -1);
  if (wanted.size > 0) {
    for (let id = 0; id < ops.count; id++) if (ops.write[id] === 1 && wanted.get(ops.stamp[id]!) === -1) wanted.set(ops.stamp[id]!, id);
  }
  return (stamp) => {
    if (stamp === 0) return { kind: 'initial' };
    const opId = wanted.get(stamp) ?? -1;
    return opId >= 0 ? { kind: 'write', opId } : { kind: 'unknown' };
  };
}

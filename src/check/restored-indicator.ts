import type { IndicatorRecord } from '../array/history.js';
import type { CheckContext } from './context.js';
import { checkIndicatorContent, type IndicatorProbe } from './indicator-content.js';
import type { PairTopo } from './timeline.js';
import type { IndicatorViolation } from './verdict.js';

/** One restore as its indicator records tell it. */
export interface IndicatorPhase {
  readonly pair: PairTopo;
  readonly startNs: number;
  /** Tracks not restored at the start, and those still not restored (shrinks as tracks are marked). */
  readonly initial: ReadonlySet<number>;
  readonly unrestored: Set<number>;
  /** When the pair left `RestInProg` (Infinity: it had not when the history ends), and for which state. */
  readonly endNs: number;
  readonly endState: string | null;
}

/**
 * Guarantee 11, from the restored-indicator records: during a restore the
 * indicator only grows (a track is marked once, and only if it was not
 * restored from the start), it counts only tracks whose STD content is the
 * snapshot's (see indicator-content.ts: needs the physical writes), and it
 * is complete when the pair enters `Restored`. Returns the records judged.
 */
export function checkRestoredIndicator(ctx: CheckContext): number {
  const { history } = ctx;
  const open = new Map<string, IndicatorPhase>();
  const probes: IndicatorProbe[] = [];
  for (let i = 0; i < history.indicatorCount; i++) {
    const record = history.indicator(i);
    const pair = ctx.timeline.pairByName.get(record.pair);
    if (!pair) continue; // the reader refuses records of unknown pairs; a hand-built history may still hold one
    if (record.kind === 'restore-start') {
      const previous = open.get(pair.name);
      if (previous) checkComplete(ctx, previous);
      const phase = phaseOf(ctx, pair, record);
      open.set(pair.name, phase);
      probes.push({ kind: 'start', pair, atNs: record.atNs, physicalBefore: record.physicalBefore, restoreNs: record.atNs, unrestored: phase.initial });
      continue;
    }
    const phase = open.get(pair.name);
    if (!phase || record.atNs > phase.endNs) {
      report(ctx, pair.name, 'marked-outside-restore', record.atNs, phase && record.atNs > phase.endNs ? phase.startNs : -1, record.track, false);
    } else if (!phase.unrestored.delete(record.track)) {
      report(ctx, pair.name, 'marked-twice', record.atNs, phase.startNs, record.track, !phase.initial.has(record.track));
    } else {
      probes.push({ kind: 'mark', pair, atNs: record.atNs, physicalBefore: record.physicalBefore, restoreNs: phase.startNs, track: record.track });
    }
  }
  for (const phase of open.values()) checkComplete(ctx, phase);
  if (ctx.physical && probes.length > 0) checkIndicatorContent(ctx, probes);
  return history.indicatorCount;
}

/** One restore, from its start record: the tracks it had to bring, and where the pair left `RestInProg` (restore-ways.ts reads it too). */
export function phaseOf(ctx: CheckContext, pair: PairTopo, start: Extract<IndicatorRecord, { kind: 'restore-start' }>): IndicatorPhase {
  const unrestored = tracksOfRuns(start.unrestored);
  // The restore's own state change, then the next one: where the pair left RestInProg.
  const changes = ctx.timeline.changesOf(pair.name);
  let own = -1;
  for (let i = 0; i < changes.length && changes[i]!.record.atNs <= start.atNs; i++) if (changes[i]!.record.state === 'RestInProg') own = i;
  const next = own >= 0 ? changes[own + 1] : undefined;
  return { pair, startNs: start.atNs, initial: new Set(unrestored), unrestored, endNs: next?.record.atNs ?? Infinity, endState: next?.record.state ?? null };
}

/** The tracks of a restore-start record's runs ([first, count] each). */
export function tracksOfRuns(runs: readonly (readonly [number, number])[]): Set<number> {
  const tracks = new Set<number>();
  for (const [first, count] of runs) for (let t = first; t < first + count; t++) tracks.add(t);
  return tracks;
}

/** At `Restored`, every track must be restored. */
function checkComplete(ctx: CheckContext, phase: IndicatorPhase): void {
  if (phase.endState !== 'Restored' || phase.unrestored.size === 0) return;
  const tracks = [...phase.unrestored].sort((a, b) => a - b);
  ctx.log.add({
    guarantee: 'restored-indicator',
    pair: phase.pair.name,
    reason: 'incomplete-at-restored',
    atNs: phase.endNs,
    restoreNs: phase.startNs,
    track: -1,
    fromStart: false,
    blocks: [],
    blocksWrong: 0,
    tracks: tracks.slice(0, ctx.config.maxBlocks),
    tracksWrong: tracks.length,
    message: '',
  });
}

function report(ctx: CheckContext, pair: string, reason: IndicatorViolation['reason'], atNs: number, restoreNs: number, track: number, fromStart: boolean): void {
  ctx.log.add({ guarantee: 'restored-indicator', pair, reason, atNs, restoreNs, track, fromStart, blocks: [], blocksWrong: 0, tracks: [], tracksWrong: 0, message: '' });
}

import { WRITE_SOURCES, type HistorySettings } from '../array/history.js';
import type { CheckContext } from './context.js';
import { phaseOf } from './restored-indicator.js';
import type { IndicatorViolation } from './verdict.js';

/** One restore, as the restored-indicator records tell it: when each track it had to bring was marked restored. */
interface RestoreSpan {
  readonly pair: string;
  readonly startNs: number;
  /** When the pair left `RestInProg` (Infinity: not before the history ends). */
  readonly endNs: number;
  /** The tracks not restored at the start, with the instant each was marked (Infinity: never). */
  readonly markedNs: Map<number, number>;
}

const MERGE = WRITE_SOURCES.indexOf('merge');

/** Ways of restoring a track that a setting can turn off: the write source, and the violation when it is off. */
const SWITCHED_WAYS = [
  { source: WRITE_SOURCES.indexOf('copy-on-read'), off: (s: HistorySettings) => !s.copyOnRead, reason: 'copy-on-read-when-off' },
  { source: WRITE_SOURCES.indexOf('copy-before-write'), off: (s: HistorySettings) => s.bcvWriteDuringRestore === 'refuse', reason: 'copy-before-write-when-refused' },
] as const;

/**
 * Copy-on-read and copy-before-write (claims 4 and 11), as the history's
 * settings say they are set. Off, no track is restored that way: no physical
 * write comes from copy-on-read when it is off, nor from copy-before-write
 * when BCV writes during a protected restore are refused. On, a read of a
 * track not yet restored brings the track into STD and marks it restored
 * before it answers: a host read of a standard, issued while a restore of it
 * runs and answered with its data before the restore ends, finds every track
 * it read restored by the time it completes. And a host write merges only a
 * track it covers in part (`checkMerges`). Judged when the history records
 * its settings and the restored indicator. Returns the reads judged.
 */
export function checkRestoreWays(ctx: CheckContext): number {
  const { history, ops, physical } = ctx;
  if (!history.settings || history.unrecorded.has('restored-indicator')) return 0;
  const settings = history.settings;
  const restoresOf = restoresByStd(ctx);
  const off = SWITCHED_WAYS.filter((way) => way.off(settings));
  if (physical && off.length > 0) {
    for (let k = 0; k < physical.count; k++) {
      const i = physical.order[k]!;
      const way = off.find((w) => w.source === physical.source[i]);
      if (!way) continue;
      reportWrite(ctx, restoresOf, way.reason, i);
      break;
    }
  }
  checkMerges(ctx, restoresOf);
  if (!settings.copyOnRead) return 0;
  const bpt = history.topology.blocksPerTrack;
  let judged = 0;
  for (let id = 0; id < ops.count; id++) {
    if (ops.write[id] === 1 || ops.failed[id] === 1 || ops.completeNs[id]! < 0) continue;
    const restores = restoresOf.get(ops.volume[id]!);
    if (!restores) continue;
    const issueNs = ops.issueNs[id]!;
    const completeNs = ops.completeNs[id]!;
    const restore = restores.find((r) => r.startNs <= issueNs && completeNs < r.endNs);
    if (!restore) continue;
    judged++;
    const first = Math.floor(ops.startBlock[id]! / bpt);
    const last = Math.floor((ops.startBlock[id]! + ops.blockCount[id]! - 1) / bpt);
    for (let track = first; track <= last; track++) {
      if ((restore.markedNs.get(track) ?? -Infinity) > completeNs) {
        report(ctx, 'read-before-restored', restore.pair, completeNs, restore.startNs, track);
        break;
      }
    }
  }
  return judged;
}

/**
 * A host write merges a track (reads the rest of it from the BCV, writes the
 * whole track to STD) only where it covers the track in part: one that covers
 * it whole restores it by overwriting. A merge whose every block carries the
 * stamp of one host write covering the whole track read the BCV for nothing,
 * and counted the track as merged rather than overwritten.
 */
function checkMerges(ctx: CheckContext, restoresOf: Map<number, RestoreSpan[]>): void {
  const { physical, ops, history } = ctx;
  if (!physical) return;
  const bpt = history.topology.blocksPerTrack;
  for (let k = 0; k < physical.count; k++) {
    const i = physical.order[k]!;
    if (physical.source[i] !== MERGE) continue;
    const stamps = physical.stamps(i);
    if (stamps.some((stamp) => stamp !== stamps[0])) continue;
    const id = ops.writeOfStamp(stamps[0]!);
    const first = physical.startBlock[i]!;
    // A whole track, as the protocol counts it: all its blocks, even past the end of a volume whose last track is partial.
    if (id === undefined || ops.volume[id] !== physical.volume[i] || ops.startBlock[id]! > first || ops.startBlock[id]! + ops.blockCount[id]! < first + bpt) continue;
    reportWrite(ctx, restoresOf, 'merge-of-covered-track', i);
    return;
  }
}

/** Reports physical write `i` into a standard: under the restore running then (the standard's name when none is), at the track it starts in. */
function reportWrite(ctx: CheckContext, restoresOf: Map<number, RestoreSpan[]>, reason: IndicatorViolation['reason'], i: number): void {
  const physical = ctx.physical!;
  const atNs = physical.timeNs[i]!;
  const restore = restoresOf.get(physical.volume[i]!)?.find((r) => r.startNs <= atNs && atNs <= r.endNs);
  const track = Math.floor(physical.startBlock[i]! / ctx.history.topology.blocksPerTrack);
  report(ctx, reason, restore?.pair ?? ctx.volumes.names[physical.volume[i]!]!, atNs, restore?.startNs ?? -1, track);
}

/** Every restore of each standard (by volume index), from the indicator records and the pairs' state changes. */
function restoresByStd(ctx: CheckContext): Map<number, RestoreSpan[]> {
  const { history, timeline } = ctx;
  const byStd = new Map<number, RestoreSpan[]>();
  const open = new Map<string, RestoreSpan>();
  for (let i = 0; i < history.indicatorCount; i++) {
    const record = history.indicator(i);
    const pair = timeline.pairByName.get(record.pair);
    if (!pair) continue;
    if (record.kind === 'track-restored') {
      const restore = open.get(pair.name);
      if (restore?.markedNs.get(record.track) === Infinity) restore.markedNs.set(record.track, record.atNs);
      continue;
    }
    const phase = phaseOf(ctx, pair, record);
    const markedNs = new Map([...phase.initial].map((t) => [t, Infinity]));
    const restore: RestoreSpan = { pair: pair.name, startNs: record.atNs, endNs: phase.endNs, markedNs };
    open.set(pair.name, restore);
    const list = byStd.get(pair.stdVolume);
    if (list) list.push(restore);
    else byStd.set(pair.stdVolume, [restore]);
  }
  return byStd;
}

function report(ctx: CheckContext, reason: IndicatorViolation['reason'], pair: string, atNs: number, restoreNs: number, track: number): 0 {
  ctx.log.add({ guarantee: 'restored-indicator', pair, reason, atNs, restoreNs, track, fromStart: false, blocks: [], blocksWrong: 0, tracks: [], tracksWrong: 0, message: '' });
  return 0;
}

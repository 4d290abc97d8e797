import { WRITE_SOURCES, type QueryRecord } from '../array/history.js';
import type { CheckContext } from './context.js';
import { tracksOf } from './phase-copies.js';
import { tracksOfRuns } from './restored-indicator.js';

/** Where one pair stood after a number of state-change records: its state, and the phase it last began. */
interface PairPoint {
  readonly state: string;
  readonly label: string;
  /** The index of the pair's last state change before the point (-1: none). */
  readonly changeIndex: number;
  /** The kind of copy phase the pair last began (null: never). */
  readonly phase: 'establish' | 'restore' | null;
  /** The index of that phase's state change (-1: none). */
  readonly phaseIndex: number;
}

/** A pair's restore as its indicator records tell it, after a number of records. */
interface RestorePoint {
  /** Tracks the restore had to restore when it began (-1: no restore began yet). */
  readonly initial: number;
  readonly unrestored: number;
  /** The tracks restored so far by each way (`query`'s `copied`), as the physical writes before each mark show it; null when they do not say. */
  readonly byWay: Readonly<Record<keyof CopyCounts, number>> | null;
}

type CopyCounts = NonNullable<QueryRecord['copied']>;

/** The way a track was restored, from the write that brought it (the last to touch it before its mark). */
const WAY_OF_SOURCE: Readonly<Record<string, keyof CopyCounts>> = {
  copy: 'background',
  'copy-on-read': 'copyOnRead',
  merge: 'merged',
  'copy-before-write': 'copyBeforeWrite',
  host: 'overwritten',
};

/** How far back from a mark to look for the write that brought its track (a mirror write may come between). */
const MARK_LOOKBACK = 4;

/**
 * Guarantee 11 as users read it: every recorded `query` answer (claims 10,
 * 33) agrees with the history at the point it was given.
 *
 * - `state` and `label`: the pair's state after the state changes before it.
 * - `tracks`: the pair's tracks.
 * - `restoredTracks`: while the pair's last copy phase is a restore, its
 *   tracks minus those the indicator records say are not restored; else 0.
 * - During a restore, STD's invalid tracks are the unrestored ones and the
 *   BCV's none; during an establish, STD's none. `percentComplete` is the
 *   share of tracks the copy target holds (100 when no copy runs).
 * - `copied` adds up to the tracks the phase brought across: for a restore,
 *   those it had to restore less those still unrestored, and (with the
 *   physical writes) each count is the tracks restored that way — by the
 *   background copy, copy-on-read, a merge, copy-before-write, or a host
 *   write over the whole track — as the write just before each mark shows;
 *   for an establish,
 *   a sum that with the BCV's invalid tracks stays what the phase began with.
 * - Nothing is invalid on a pair never established or mirroring at rest
 *   (`Synchronized`, `Restored (unprotected)`), and changed tracks only
 *   accumulate while the pair's state holds. `invalidMB` is the tracks' size.
 *
 * Without the indicator records, the answers are judged on the rest.
 * Returns the answers judged.
 */
export function checkQueryAnswers(ctx: CheckContext): number {
  const { history } = ctx;
  if (history.queries.length === 0) return 0;
  const states = new StateIndex(ctx);
  const restores = history.unrecorded.has('restored-indicator') ? null : new RestoreIndex(ctx);
  const { blocksPerTrack, blockBytes } = history.topology;
  const trackMB = blockBytes === undefined ? null : (blocksPerTrack * blockBytes) / 1e6;
  const previous = new Map<string, { changeIndex: number; phaseIndex: number; query: QueryRecord }>();
  for (const query of history.queries) {
    const pair = ctx.timeline.pairByName.get(query.pair);
    if (!pair) continue; // the reader refuses answers about unknown pairs; a hand-built history may still hold one
    const wrong = (field: string, expected: string) => report(ctx, query, field, expected);
    const tracks = tracksOf(ctx, pair.std);
    if (query.tracks !== tracks) wrong('tracks', `${tracks}`);
    const point = states.at(query.pair, query.statesBefore);
    if (query.state !== point.state || query.label !== point.label) wrong('label', point.label);
    const restore = restores?.at(query.pair, query.indicatorBefore) ?? null;
    const restoring = point.phase === 'restore' && restore !== null && restore.initial >= 0;
    if (restores !== null) {
      const expected = restoring ? tracks - restore.unrestored : 0;
      if (query.restoredTracks !== expected) wrong('restoredTracks', `${expected}`);
    }
    const { std, bcv } = query.invalidTracks;
    let toCopy: number | null = null;
    if (point.state === 'RestInProg') {
      if (restoring && std !== restore.unrestored) wrong('invalidTracks.std', `${restore.unrestored} (the tracks not yet restored)`);
      if (bcv !== 0) wrong('invalidTracks.bcv', '0 (a restore copies to STD)');
      toCopy = std;
    } else if (point.state === 'SyncInProg') {
      if (std !== 0) wrong('invalidTracks.std', '0 (an establish copies to the BCV)');
      toCopy = bcv;
    } else if (point.state === 'NeverEstab' || point.state === 'Synchronized' || point.label === 'Restored (unprotected)') {
      if (std !== 0 || bcv !== 0) wrong('invalidTracks', '0 on both sides (the pair mirrors, or never copied)');
    }
    const percent = toCopy === null ? 100 : (100 * (tracks - toCopy)) / tracks;
    if (!near(query.percentComplete, percent)) wrong('percentComplete', `${percent}`);
    if (trackMB !== null && (!near(query.invalidMB.std, std * trackMB) || !near(query.invalidMB.bcv, bcv * trackMB))) wrong('invalidMB', `the invalid tracks × ${trackMB} MB`);
    const copied = copiedTotal(query);
    if ((copied === null) !== (point.phase === null)) wrong('copied', point.phase === null ? 'null (the pair never copied)' : 'the counts of the last copy phase');
    if (copied !== null && restoring && copied !== restore.initial - restore.unrestored) {
      wrong('copied', `${restore.initial - restore.unrestored} tracks in all (${restore.initial} to restore, ${restore.unrestored} not yet restored)`);
    } else if (query.copied !== null && restoring && restore.byWay !== null) {
      const way = (Object.keys(restore.byWay) as (keyof CopyCounts)[]).find((key) => query.copied![key] !== restore.byWay![key]);
      if (way) wrong(`copied.${way}`, `${restore.byWay[way]} (the tracks the writes before their marks restored that way)`);
    }
    const before = previous.get(query.pair);
    if (before && copied !== null && point.state === 'SyncInProg' && before.phaseIndex === point.phaseIndex && before.changeIndex === point.changeIndex) {
      const then = (copiedTotal(before.query) ?? 0) + before.query.invalidTracks.bcv;
      if (copied + bcv !== then) wrong('copied', `tracks copied + the BCV's invalid tracks = ${then}, as earlier in this establish`);
    }
    if (before && toCopy === null && before.changeIndex === point.changeIndex && (std < before.query.invalidTracks.std || bcv < before.query.invalidTracks.bcv)) {
      wrong('invalidTracks', `at least ${before.query.invalidTracks.std} (STD) and ${before.query.invalidTracks.bcv} (BCV), as answered at ${before.query.atNs} ns with no state change since: changed tracks only accumulate`);
    }
    previous.set(query.pair, { changeIndex: point.changeIndex, phaseIndex: point.phaseIndex, query });
  }
  return history.queries.length;
}

/** The tracks the answer says its pair's last copy phase brought across, in all (null: it never copied). */
function copiedTotal(query: QueryRecord): number | null {
  return query.copied === null ? null : Object.values(query.copied).reduce((a, b) => a + b, 0);
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

function report(ctx: CheckContext, query: QueryRecord, field: string, expected: string): void {
  const answered = field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], query);
  ctx.log.add({
    guarantee: 'restored-indicator',
    pair: query.pair,
    reason: 'query-disagrees',
    atNs: query.atNs,
    restoreNs: -1,
    track: -1,
    fromStart: false,
    blocks: [],
    blocksWrong: 0,
    tracks: [],
    tracksWrong: 0,
    query: { field, answered: JSON.stringify(answered), expected },
    message: '',
  });
}

/** Each pair's state after any number of state-change records (in recording order). */
class StateIndex {
  private readonly byPair = new Map<string, { index: number; state: string; label: string }[]>();

  constructor(ctx: CheckContext) {
    ctx.history.stateChanges.forEach((change, index) => {
      let list = this.byPair.get(change.pair);
      if (!list) this.byPair.set(change.pair, (list = []));
      list.push({ index, state: change.state, label: change.label });
    });
  }

  /** After the first `count` state-change records. */
  at(pair: string, count: number): PairPoint {
    const list = this.byPair.get(pair) ?? [];
    let point: PairPoint = { state: 'NeverEstab', label: 'NeverEstab', changeIndex: -1, phase: null, phaseIndex: -1 };
    for (const change of list) {
      if (change.index >= count) break;
      const phase = change.state === 'SyncInProg' ? 'establish' : change.state === 'RestInProg' ? 'restore' : null;
      point = phase
        ? { state: change.state, label: change.label, changeIndex: change.index, phase, phaseIndex: change.index }
        : { ...point, state: change.state, label: change.label, changeIndex: change.index };
    }
    return point;
  }
}

/** Each pair's last restore, as the indicator records tell it, after any number of them. */
class RestoreIndex {
  private readonly byPair = new Map<string, { index: number; initial: number; unrestored: number; byWay: Record<keyof CopyCounts, number> | null }[]>();

  constructor(ctx: CheckContext) {
    const { history } = ctx;
    const open = new Map<string, { initial: number; unrestored: Set<number>; byWay: Record<keyof CopyCounts, number> | null }>();
    for (let index = 0; index < history.indicatorCount; index++) {
      const record = history.indicator(index);
      let restore = open.get(record.pair);
      if (record.kind === 'restore-start') {
        const unrestored = tracksOfRuns(record.unrestored);
        const byWay = ctx.physical ? { background: 0, copyOnRead: 0, merged: 0, overwritten: 0, copyBeforeWrite: 0 } : null;
        open.set(record.pair, (restore = { initial: unrestored.size, unrestored, byWay }));
      } else if (restore) {
        restore.unrestored.delete(record.track);
        if (restore.byWay) {
          const way = wayRestored(ctx, record.pair, record.track, record.physicalBefore);
          if (way) restore.byWay[way]++;
          else restore.byWay = null;
        }
      } else {
        continue;
      }
      let list = this.byPair.get(record.pair);
      if (!list) this.byPair.set(record.pair, (list = []));
      list.push({ index, initial: restore.initial, unrestored: restore.unrestored.size, byWay: restore.byWay && { ...restore.byWay } });
    }
  }

  /** After the first `count` indicator records. */
  at(pair: string, count: number): RestorePoint {
    const list = this.byPair.get(pair) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.index < count) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? { initial: -1, unrestored: 0, byWay: null } : list[lo - 1]!;
  }
}

/** How `track` of `pair`'s STD was restored: the source of the last write to it before its mark (undefined: none found nearby). */
function wayRestored(ctx: CheckContext, pair: string, track: number, physicalBefore: number): keyof CopyCounts | undefined {
  const physical = ctx.physical!;
  const std = ctx.timeline.pairByName.get(pair)?.stdVolume;
  const bpt = ctx.history.topology.blocksPerTrack;
  for (let i = physicalBefore - 1; i >= Math.max(0, physicalBefore - MARK_LOOKBACK); i--) {
    if (physical.volume[i] !== std || physical.disk[i] !== 0) continue;
    const start = physical.startBlock[i]!;
    if (start >= (track + 1) * bpt || start + physical.blockCount[i]! <= track * bpt) continue;
    return WAY_OF_SOURCE[WRITE_SOURCES[physical.source[i]!]!];
  }
  return undefined;
}

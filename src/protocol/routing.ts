import type { IoErrorCode } from '../array/controller.js';
import type { ProtocolConfig } from './config.js';
import { bcvAddressable, mirrors, type PairState } from './state.js';

/*
 * Host I/O routing, pure: what a host read or write of a paired volume does,
 * decided from what the pair shows (its state, which tracks a restore still
 * lacks) and the I/O's shape, returned as a plan that `PairIo` carries out.
 * Nothing here touches the cache or waits: every decision DESIGN.md §1 makes
 * about host I/O during mirroring, splits and restores is a function below,
 * and routing.test.ts tabulates them as state.test.ts does the transitions.
 *
 * A plan is taken when the I/O arrives and taken again at each instant its
 * outcome can change — when a read's data is taken, when a write lands — so
 * that a command taking effect in between is seen (the `Moment`).
 */

/** What routing sees of a pair. */
export interface PairView {
  readonly state: PairState;
  /** Whether the running restore still lacks this track of the standard. */
  unrestored(track: number): boolean;
}

/** What routing sees of an I/O. */
export interface IoShape {
  readonly startBlock: number;
  readonly blockCount: number;
  readonly volume: { readonly geometry: { readonly blocksPerTrack: number } };
  /** A write failed under way (its director failed, the power was lost): the host was told, and it must not land. */
  readonly cancelled: boolean;
}

/** The settings routing follows. */
export type RoutingSettings = Pick<ProtocolConfig, 'copyOnRead' | 'bcvWriteDuringRestore'>;

/** When a plan is taken: as the I/O arrives, or as its data is taken (a read) or lands (a write). */
export type Moment = 'arrival' | 'landing';

/** An I/O refused, and why (the reason is for people: tests and failure reports). */
export interface Refused {
  readonly kind: 'refuse';
  readonly error: Extract<IoErrorCode, 'not-ready' | 'write-protected'>;
  readonly why: string;
}

/** A read of a BCV at its own address. */
export type BcvReadPlan = { readonly kind: 'serve' } | Refused;

/** A read of a standard: from the cache as asked, or track by track under the tracks' locks (a restore lacks some of them). */
export type StdReadPlan<P> =
  | { readonly kind: 'serve' }
  /** `unrestored`: the read's tracks the restore lacks as it arrives. */
  | { readonly kind: 'by-track'; readonly pair: P; readonly first: number; readonly last: number; readonly unrestored: readonly number[] }
  | Refused;

/** One track of a read taken track by track: its blocks `from`–`to` (volume addresses), and where they come from. */
export interface TrackReadPlan {
  /** `bcv`: the restore's source answers; `copy-on-read`: the whole track is read from the BCV first. */
  readonly source: 'std' | 'bcv' | 'copy-on-read';
  readonly from: number;
  readonly to: number;
  /** Copy-on-read: the track read from the BCV is written into the standard. */
  readonly intoStd: boolean;
  /** Copy-on-read: the track is marked restored. */
  readonly marksRestored: boolean;
}

/**
 * A write to a BCV at its own address: lands (then marks its tracks changed
 * if the pair tracks changes), restores the tracks it covers into the
 * standard first (`copy-first`: a protected restore still needs them), is
 * dropped (it failed under way), or is refused.
 */
export type BcvWritePlan =
  | { readonly kind: 'land'; readonly first: number; readonly last: number; readonly marksChanged: boolean }
  | { readonly kind: 'copy-first'; readonly first: number; readonly last: number }
  | { readonly kind: 'drop' }
  | Refused;

/** How a write to a standard lands on one track during a restore. */
export interface TrackWritePlan {
  readonly track: number;
  readonly from: number;
  readonly to: number;
  /** `merge`: into the BCV's copy of the track, landed whole; `overwrite`: covers the whole track, which it restores; `host`: as written. */
  readonly how: 'host' | 'merge' | 'overwrite';
}

/**
 * A write to a standard: first `fetch` from the restoring pair's BCV the
 * tracks it covers only in part (to merge into), or `land` — reserving
 * `slots` of write-pending room — on the standard and on each pair's BCV in
 * `mirrorTo`, marking its tracks changed on each pair in `trackOn`; during a
 * restore track by track (`tracks`). Or `drop` it (it failed under way).
 */
export type StdWritePlan<P> =
  | { readonly kind: 'fetch'; readonly pair: P; readonly tracks: readonly number[] }
  | {
      readonly kind: 'land';
      readonly first: number;
      readonly last: number;
      readonly slots: number;
      readonly mirrorTo: readonly P[];
      readonly trackOn: readonly P[];
      /** The restoring pair, and how each track lands; null when no pair restores the standard. */
      readonly restore: { readonly pair: P; readonly tracks: readonly TrackWritePlan[] } | null;
    }
  | { readonly kind: 'drop' };

/** The tracks a write to a standard read from a restoring pair's BCV, to merge into. */
export interface Fetched<P, Data = unknown> {
  readonly pair: P;
  readonly tracks: ReadonlyMap<number, Data>;
}

/**
 * The routing rules and plans, as one replaceable part: the protocol routes
 * with `ROUTING` unless given another (a seeded bug, or a user's own policy,
 * made by replacing one member: `{ ...ROUTING, mirrors: … }`). Every member
 * is pure; each plan asks the others through the policy it is given, so a
 * replaced rule is followed everywhere.
 */
export interface RoutingPolicy {
  /** The first and last track an I/O touches. */
  tracksOf(io: IoShape): readonly [number, number];
  /** Whether a write covers every block of `track` (so that it restores the track without a merge). */
  coversTrack(io: IoShape, track: number): boolean;
  /** Whether a write to the standard landing now reaches this pair's BCV. */
  mirrors(pair: PairView): boolean;
  /** Whether the BCV answers host I/O at its own address as the I/O arrives, and still when its data is taken or lands. */
  bcvAnswers(pair: PairView, moment: Moment): boolean;
  /** Whether a host write to a BCV under a protected restore is refused (`write-protected`) rather than served by copy-before-write. */
  refusesBcvWrites(settings: RoutingSettings): boolean;
  /** Whether a write failed under way, which must not land. */
  lost(io: IoShape): boolean;
  /** Write-pending slots a write of `tracks` tracks reserves, reaching `bcvs` BCVs too. */
  slots(tracks: number, bcvs: number): number;
  /** The most tracks one write may cover, with `slots` write-pending slots in all and a standard of `bcvs` BCVs (a larger write lands in pieces). */
  writeTracksMax(slots: number, bcvs: number): number;
  /** A read of a BCV at its own address: as it arrives, and as its data is taken. */
  readBcv(policy: RoutingPolicy, pair: PairView, moment: Moment): BcvReadPlan;
  /** A read of a standard, among whose pairs at most one restores it, as it arrives. */
  readStd<P extends PairView>(policy: RoutingPolicy, pairs: readonly P[], io: IoShape): StdReadPlan<P>;
  /** One track of a read taken track by track: under the track's lock, and again as a BCV read's data is taken. */
  readTrack(policy: RoutingPolicy, pair: PairView, io: IoShape, track: number, settings: RoutingSettings): TrackReadPlan;
  /** A write to a BCV at its own address: as it arrives, and as it lands. */
  writeBcv(policy: RoutingPolicy, pair: PairView, io: IoShape, moment: Moment, settings: RoutingSettings): BcvWritePlan;
  /** The unrestored tracks a BCV write covers, to restore into the standard before it lands (taken under their locks). */
  copyFirst(policy: RoutingPolicy, pair: PairView, io: IoShape): number[];
  /**
   * Taken as the write arrives under its tracks' locks (`fetched` null: a restore's tracks to merge are read
   * first), once they are read (the room to reserve), and as it lands. `fetched`: what was read, and for which pair.
   */
  writeStd<P extends PairView>(policy: RoutingPolicy, pairs: readonly P[], io: IoShape, moment: Moment, fetched: Fetched<P> | null): StdWritePlan<P>;
}

/** The plan of an I/O served as asked. */
export const SERVE = { kind: 'serve' } as const;
const DROP = { kind: 'drop' } as const;
const HIDDEN: Refused = { kind: 'refuse', error: 'not-ready', why: 'the BCV does not answer at its own address in this state' };
const PROTECTED: Refused = { kind: 'refuse', error: 'write-protected', why: "a protected restore's source takes no host writes (bcvWriteDuringRestore: refuse)" };
const NOTHING_FETCHED: ReadonlyMap<number, unknown> = new Map();
const NONE: readonly never[] = [];

/** The first and last track of a block range. */
export function trackRange(volume: IoShape['volume'], startBlock: number, blockCount: number): [number, number] {
  const bpt = volume.geometry.blocksPerTrack;
  return [Math.floor(startBlock / bpt), Math.floor((startBlock + blockCount - 1) / bpt)];
}

/** The restoring pair among a standard's pairs (at most one restores it), if any. */
function restoringOf<P extends PairView>(pairs: readonly P[]): P | undefined {
  for (const pair of pairs) if (pair.state.name === 'RestInProg') return pair;
  return undefined;
}

/** The I/O's tracks the pair's restore still lacks; null for none (made only when needed: most I/O finds every track restored). */
function unrestoredIn(policy: RoutingPolicy, pair: PairView, io: IoShape): number[] | null {
  const [first, last] = policy.tracksOf(io);
  let unrestored: number[] | null = null;
  for (let track = first; track <= last; track++) if (pair.unrestored(track)) (unrestored ??= []).push(track);
  return unrestored;
}

/** The unrestored tracks a write covers only in part, not yet fetched. */
function tracksToMerge(policy: RoutingPolicy, pair: PairView, io: IoShape, fetched: ReadonlyMap<number, unknown>): number[] {
  const [first, last] = policy.tracksOf(io);
  const partial: number[] = [];
  for (let track = first; track <= last; track++) if (pair.unrestored(track) && !policy.coversTrack(io, track) && !fetched.has(track)) partial.push(track);
  return partial;
}

/** DESIGN.md §1's routing. */
export const ROUTING: RoutingPolicy = {
  tracksOf: (io) => trackRange(io.volume, io.startBlock, io.blockCount),
  coversTrack(io, track) {
    const bpt = io.volume.geometry.blocksPerTrack;
    return io.startBlock <= track * bpt && io.startBlock + io.blockCount >= (track + 1) * bpt;
  },
  mirrors: (pair) => mirrors(pair.state),
  bcvAnswers: (pair) => bcvAddressable(pair.state),
  refusesBcvWrites: (settings) => settings.bcvWriteDuringRestore === 'refuse',
  lost: (io) => io.cancelled,
  slots: (tracks, bcvs) => tracks * (1 + bcvs),
  writeTracksMax: (slots, bcvs) => Math.floor(slots / (1 + bcvs)),

  // What a BCV read returns is taken when its data is ready: if by then the BCV has stopped answering (an
  // establish, or an unprotected restore, hid it), what it holds is no longer a volume's answer.
  readBcv: (policy, pair, moment) => (policy.bcvAnswers(pair, moment) ? SERVE : HIDDEN),

  readStd,

  // Taken under the track's lock, and again when a BCV read's data is ready: a forced split may have ended the
  // restore by then (the BCV may hold writes of its own since), and STD answers, as it would a moment later.
  readTrack(_policy, pair, io, track, settings) {
    const bpt = io.volume.geometry.blocksPerTrack;
    const from = Math.max(io.startBlock, track * bpt);
    const to = Math.min(io.startBlock + io.blockCount, (track + 1) * bpt);
    if (!pair.unrestored(track)) return { source: 'std', from, to, intoStd: false, marksRestored: false };
    if (!settings.copyOnRead) return { source: 'bcv', from, to, intoStd: false, marksRestored: false };
    return { source: 'copy-on-read', from, to, intoStd: true, marksRestored: true };
  },

  writeBcv(policy, pair, io, moment, settings) {
    const restoring = pair.state.name === 'RestInProg';
    if (moment === 'landing' && policy.lost(io)) return DROP; // the host was told, the data is gone
    if (!policy.bcvAnswers(pair, moment)) return HIDDEN;
    if (restoring && policy.refusesBcvWrites(settings)) return PROTECTED;
    const [first, last] = policy.tracksOf(io);
    // Landing during a protected restore would change the restore's source, and STD would later get this write
    // instead of the snapshot: the tracks it covers go first. At arrival, under any restore: the tracks may be
    // restored by the time the locks are taken, and the write lands as it would after the restore.
    if (moment === 'arrival' ? restoring : unrestoredIn(policy, pair, io) !== null) return { kind: 'copy-first', first, last };
    return { kind: 'land', first, last, marksChanged: tracks(pair.state) };
  },

  copyFirst: (policy, pair, io) => unrestoredIn(policy, pair, io) ?? [],

  writeStd,
};

/** Whether a pair records changed tracks in this state (the sides are apart). */
function tracks(state: PairState): boolean {
  return !mirrors(state) && state.name !== 'NeverEstab';
}

function landingDuringRestore(policy: RoutingPolicy, pair: PairView, io: IoShape, fetched: ReadonlyMap<number, unknown>): TrackWritePlan[] {
  const bpt = io.volume.geometry.blocksPerTrack;
  const [first, last] = policy.tracksOf(io);
  const plan: TrackWritePlan[] = [];
  for (let track = first; track <= last; track++) {
    const from = Math.max(io.startBlock, track * bpt);
    const to = Math.min(io.startBlock + io.blockCount, (track + 1) * bpt);
    const unrestored = pair.unrestored(track);
    const how = unrestored && fetched.has(track) ? 'merge' : unrestored && policy.coversTrack(io, track) ? 'overwrite' : 'host';
    plan.push({ track, from, to, how });
  }
  return plan;
}

function readStd<P extends PairView>(policy: RoutingPolicy, pairs: readonly P[], io: IoShape): StdReadPlan<P> {
  const pair = restoringOf(pairs);
  if (!pair) return SERVE;
  const unrestored = unrestoredIn(policy, pair, io);
  if (unrestored === null) return SERVE;
  const [first, last] = policy.tracksOf(io);
  return { kind: 'by-track', pair, first, last, unrestored };
}

function writeStd<P extends PairView>(policy: RoutingPolicy, pairs: readonly P[], io: IoShape, moment: Moment, fetched: Fetched<P> | null): StdWritePlan<P> {
  if (moment === 'landing' && policy.lost(io)) return DROP; // the host was told, the data is gone
  // Decided again as it lands: a split, establish or restore in between must see the write on the right side.
  const pair = restoringOf(pairs);
  const merges = fetched !== null && fetched.pair === pair ? fetched.tracks : NOTHING_FETCHED;
  // A restore lacks tracks the write covers in part: the rest of each comes from the BCV first (all of them
  // again if a restore began, or found more, while the write waited).
  if (pair && (moment === 'arrival' ? fetched === null : tracksToMerge(policy, pair, io, merges).length > 0)) {
    return { kind: 'fetch', pair, tracks: tracksToMerge(policy, pair, io, NOTHING_FETCHED) };
  }
  const [first, last] = policy.tracksOf(io);
  // Lists made only when not empty: a standard's pairs mostly all mirror, or all track changes.
  let mirrorTo: P[] | null = null;
  let trackOn: P[] | null = null;
  for (const other of pairs) {
    if (policy.mirrors(other)) (mirrorTo ??= []).push(other);
    else if (tracks(other.state)) (trackOn ??= []).push(other);
  }
  const slots = policy.slots(last - first + 1, mirrorTo === null ? 0 : mirrorTo.length);
  const restore = pair ? { pair, tracks: landingDuringRestore(policy, pair, io, merges) } : null;
  return { kind: 'land', first, last, slots, mirrorTo: mirrorTo ?? NONE, trackOn: trackOn ?? NONE, restore };
}

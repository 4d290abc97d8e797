import { bcvAddressable } from '../../protocol/state.js';
import { ROUTING, type RoutingPolicy } from '../../protocol/routing.js';

/*
 * Seeded bugs in host I/O routing: each is the routing policy (routing.ts)
 * with one rule or plan wrong in a plausible way, and the rest as it is.
 * Used only by the verification gate.
 */

// ---- The data path ------------------------------------------------------

/** Reads of tracks not yet restored are served from the standard (the redirection is forgotten). */
export const readFromStdDuringRestore: RoutingPolicy = { ...ROUTING, readStd: () => ({ kind: 'serve' }) };

/** A host write to STD during a protected restore is applied to the BCV as well. */
export const restoreWriteReachesBcv: RoutingPolicy = { ...ROUTING, mirrors: (pair) => ROUTING.mirrors(pair) || pair.state.name === 'RestInProg' };

/** While an establish is copying (SyncInProg), STD's writes are not applied to the BCV. */
export const establishForgetsSyncWrites: RoutingPolicy = { ...ROUTING, mirrors: (pair) => ROUTING.mirrors(pair) && pair.state.name !== 'SyncInProg' };

/** After an unprotected restore the BCV is meant to mirror STD again, but STD's writes never reach it. */
export const unprotectedRestoreForgetsMirroring: RoutingPolicy = {
  ...ROUTING,
  mirrors: (pair) => ROUTING.mirrors(pair) && !((pair.state.name === 'RestInProg' || pair.state.name === 'Restored') && !pair.state.protected),
};

/** Copy-on-read marks the track restored and answers from the BCV, but never writes the track into STD. */
export const copyOnReadWithoutWrite: RoutingPolicy = { ...ROUTING, readTrack: (...args) => ({ ...ROUTING.readTrack(...args), intoStd: false }) };

/** A write covering part of an unrestored track is taken to cover all of it: it lands, and marks the track restored, without the rest of the track from the BCV. */
export const partialWriteNotMerged: RoutingPolicy = { ...ROUTING, coversTrack: () => true };

/** A write failed under way (its director failed, the power was lost) still lands later, though the host was told it failed. */
export const failedWriteLandsLater: RoutingPolicy = { ...ROUTING, lost: () => false };

// ---- Availability -------------------------------------------------------

/** A BCV answers host I/O at its own address even while it mirrors STD (established, or restoring unprotected). */
export const bcvAnswersWhileHidden: RoutingPolicy = { ...ROUTING, bcvAnswers: () => true };

/** A BCV I/O accepted while the BCV answered is served even when an establish hid the BCV before its data was taken or landed. */
export const bcvIoAcrossEstablish: RoutingPolicy = { ...ROUTING, bcvAnswers: (pair, moment) => moment === 'landing' || bcvAddressable(pair.state) };

/** A read of STD touching tracks not yet restored fails `not-ready` instead of being served from the BCV. */
export const stdRefusedDuringRestore: RoutingPolicy = {
  ...ROUTING,
  readStd(...args) {
    const plan = ROUTING.readStd(...args);
    return plan.kind === 'by-track' ? { kind: 'refuse', error: 'not-ready', why: 'a restore lacks a track' } : plan;
  },
};

/** BCV writes during a protected restore are refused (`write-protected`) even when the array is set to serve them by copy-before-write. */
export const bcvWriteRefusedUnderCopyBeforeWrite: RoutingPolicy = { ...ROUTING, refusesBcvWrites: () => true };

// ---- Track geometry -----------------------------------------------------

/** An I/O's last track is found from the block after its end (off by one): an I/O ending mid-track misses its last track. */
export const lastTrackOffByOne: RoutingPolicy = {
  ...ROUTING,
  tracksOf(io) {
    const bpt = io.volume.geometry.blocksPerTrack;
    const first = Math.floor(io.startBlock / bpt);
    return [first, Math.max(first, Math.floor((io.startBlock + io.blockCount) / bpt) - 1)];
  },
};

/** A write of at least a track's worth of blocks is taken to cover every track it touches, though unaligned it covers its first and last tracks only in part. */
export const unalignedWriteTakenAsWholeTrack: RoutingPolicy = { ...ROUTING, coversTrack: (io) => io.blockCount >= io.volume.geometry.blocksPerTrack };

// ---- Write-pending accounting -------------------------------------------

/** A write to a standard reserves write-pending room for the standard only, not for the BCVs it mirrors to (the cache asserts: a crash). */
export const writePendingIgnoresMirrors: RoutingPolicy = { ...ROUTING, slots: (tracks) => tracks };

/** A write too big for one reservation is cut into pieces sized for the standard alone, not for its BCVs too (the cache asserts: a crash). */
export const writePiecesIgnoreBcvs: RoutingPolicy = { ...ROUTING, writeTracksMax: (slots) => slots };

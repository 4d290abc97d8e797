import type { History } from '../../array/history.js';
import type { Volume } from '../../array/volume.js';
import type { CopyEngine } from '../../protocol/copy-task.js';
import type { ProtocolParts } from '../../protocol/parts.js';
import { Protocol } from '../../protocol/protocol.js';
import type { RoutingPolicy } from '../../protocol/routing.js';
import type { ProtocolVariant } from '../variant.js';
import { groupAdmittedAtOnce, groupSplitNotAtomic, incrementalIgnoresBcvChanges, indicatorCompleteOneEarly } from './command-bugs.js';
import { CopyAssumes16BlockTracks, CopyLandsAfterForcedSplit, CopyOverwritesHostWrite, DoubleUnlockAfterForcedSplit, RestoredMarkBeforeCopy } from './copy-bugs.js';
import { cacheNotVaulted, copyNotResumed, mediaErrorReadsZeroes, trackTablesLostOnRestart } from './fault-bugs.js';
import { lostCommandCarriedOut } from './front-end-bugs.js';
import {
  bcvAnswersWhileHidden,
  bcvIoAcrossEstablish,
  bcvWriteRefusedUnderCopyBeforeWrite,
  copyOnReadWithoutWrite,
  establishForgetsSyncWrites,
  failedWriteLandsLater,
  lastTrackOffByOne,
  partialWriteNotMerged,
  readFromStdDuringRestore,
  restoreWriteReachesBcv,
  stdRefusedDuringRestore,
  unalignedWriteTakenAsWholeTrack,
  unprotectedRestoreForgetsMirroring,
  writePendingIgnoresMirrors,
  writePiecesIgnoreBcvs,
} from './routing-bugs.js';

/** What part of the protocol a seeded bug breaks. */
export type BugArea = 'data path' | 'availability' | 'indicator' | 'track geometry' | 'group commands' | 'write-pending' | 'faults' | 'command path';

/** A realistic protocol bug that can be switched on by name, to show the gate catches it. */
export interface SeededBug {
  readonly name: string;
  readonly area: BugArea;
  readonly description: string;
  readonly variant: ProtocolVariant;
}

/** A protocol built with the given parts, the others its own. */
function withParts(parts: Partial<ProtocolParts>): ProtocolVariant {
  return { protocol: (sim, array, config, pairs, groups, history) => new Protocol(sim, array, config, pairs, groups, history, parts) };
}

/** A protocol that routes host I/O with the given policy. */
const withRouting = (routing: RoutingPolicy): ProtocolVariant => withParts({ routing });

/** A protocol whose copy engine is the given CopyTask variant. */
function withCopy(Copy: new (...args: ConstructorParameters<typeof CopyOverwritesHostWrite>) => CopyEngine): ProtocolVariant {
  return withParts({ copyEngine: (context, pair, direction) => new Copy(context, pair, direction, pair.copyConfig) });
}

/** A protocol built as usual, then given one wrong step (`change`: of the protocol, or of the array under it). */
function changed(change: (protocol: Protocol, history: History) => void): ProtocolVariant {
  return {
    protocol: (...args) => {
      const protocol = new Protocol(...args);
      change(protocol, args[5]);
      return protocol;
    },
  };
}

/** Destaging a standard's track also writes it to the drives of the standard's split BCVs (a stale mirror mask). */
function destageToSplitBcv(protocol: Protocol, history: History): void {
  protocol.cache.onDestaged = (volume: Volume, track: number, from: number, to: number) => {
    const bpt = volume.geometry.blocksPerTrack;
    for (const pair of protocol.pairsOfStd(volume)) {
      if (pair.state.name !== 'Split') continue;
      const first = track * bpt + from;
      for (let block = first; block < track * bpt + to; block++) pair.bcv.disk.set(block, volume.disk.get(block));
      history.physicalWrite(protocol.sim.now, pair.bcv.name, 'disk', 'destage', first, volume.disk.slice(first, to - from), 0, to - from);
    }
  };
}

/** The catalogue, one name a bug. */
export const SEEDED_BUGS: readonly SeededBug[] = [
  { name: 'read-unrestored-from-std', area: 'data path', description: 'a read of a track not yet restored is served from STD instead of the BCV', variant: withRouting(readFromStdDuringRestore) },
  { name: 'restore-write-reaches-bcv', area: 'data path', description: 'a host write during a protected restore is applied to the BCV as well', variant: withRouting(restoreWriteReachesBcv) },
  { name: 'copy-overwrites-host-write', area: 'data path', description: 'the background copy takes no track lock and overwrites a track a host wrote during the restore', variant: withCopy(CopyOverwritesHostWrite) },
  { name: 'restored-mark-before-copy', area: 'indicator', description: 'the restored mark is set before the track is copied', variant: withCopy(RestoredMarkBeforeCopy) },
  { name: 'incremental-ignores-bcv-changes', area: 'data path', description: 'an incremental restore or establish ignores the tracks changed on the BCV', variant: withParts(incrementalIgnoresBcvChanges) },
  { name: 'group-split-not-atomic', area: 'group commands', description: 'a consistent group split does not hold writes while it steps through its pairs', variant: withParts(groupSplitNotAtomic) },
  { name: 'copy-on-read-without-write', area: 'data path', description: 'copy-on-read marks a track restored without writing it into STD', variant: withRouting(copyOnReadWithoutWrite) },
  { name: 'establish-forgets-sync-writes', area: 'data path', description: "establish forgets STD's writes that arrive during SyncInProg", variant: withRouting(establishForgetsSyncWrites) },
  { name: 'destage-to-split-bcv', area: 'data path', description: "a cache destage of an STD write also lands on the split BCV's drives", variant: changed(destageToSplitBcv) },
  { name: 'partial-write-not-merged', area: 'data path', description: "a partial-track write during a restore is not merged with the BCV's track", variant: withRouting(partialWriteNotMerged) },
  { name: 'copy-lands-after-forced-split', area: 'data path', description: 'copies in flight when a forced split ends the phase still land on the target', variant: withCopy(CopyLandsAfterForcedSplit) },
  { name: 'unprotected-restore-forgets-mirroring', area: 'data path', description: "after an unprotected restore the BCV does not receive STD's writes", variant: withRouting(unprotectedRestoreForgetsMirroring) },
  { name: 'track-tables-lost-on-restart', area: 'faults', description: "after a director restart or power return the restore's track table is lost and the copy starts again from track 0", variant: changed(trackTablesLostOnRestart) },
  { name: 'copy-not-resumed', area: 'faults', description: 'after a director restart or power return the stopped copy task never resumes', variant: changed(copyNotResumed) },
  { name: 'media-error-reads-zeroes', area: 'faults', description: 'a media error is not tried on the mirror and reads back as zeroes instead of an error', variant: changed(mediaErrorReadsZeroes) },
  { name: 'cache-not-vaulted', area: 'faults', description: 'on power loss the dirty data in cache is lost (no vault)', variant: changed(cacheNotVaulted) },
  { name: 'group-admitted-at-once', area: 'group commands', description: 'a group command judges every member against the states before any is applied: a group restore of two BCVs of one standard starts two restores into it', variant: withParts(groupAdmittedAtOnce) },
  { name: 'indicator-complete-one-early', area: 'indicator', description: 'a copy phase is declared done, and the restored indicator complete, when one track is still left to copy', variant: changed(indicatorCompleteOneEarly) },
  { name: 'copy-assumes-16-block-tracks', area: 'track geometry', description: "the background copy finds a track's blocks as if every track held 16, whatever the geometry", variant: withCopy(CopyAssumes16BlockTracks) },
  { name: 'bcv-answers-while-hidden', area: 'availability', description: 'a BCV answers host I/O at its own address while it mirrors STD (established, or restoring unprotected)', variant: withRouting(bcvAnswersWhileHidden) },
  { name: 'bcv-io-across-establish', area: 'availability', description: 'a BCV read or write accepted while the BCV answered is served even when an establish hid the BCV before its data was taken or landed', variant: withRouting(bcvIoAcrossEstablish) },
  { name: 'std-refused-during-restore', area: 'availability', description: 'a read of STD touching tracks not yet restored fails not-ready instead of being served from the BCV', variant: withRouting(stdRefusedDuringRestore) },
  { name: 'bcv-write-refused-under-copy-before-write', area: 'availability', description: 'BCV writes during a protected restore are refused even when the array is set to serve them by copy-before-write', variant: withRouting(bcvWriteRefusedUnderCopyBeforeWrite) },
  { name: 'last-track-off-by-one', area: 'track geometry', description: "an I/O's last track is found from the block after its end: an I/O ending mid-track misses its last track", variant: withRouting(lastTrackOffByOne) },
  { name: 'unaligned-write-taken-as-whole-track', area: 'track geometry', description: 'a write of at least a track of blocks is taken to cover every track it touches: an unaligned one marks its first and last tracks restored without merging them', variant: withRouting(unalignedWriteTakenAsWholeTrack) },
  { name: 'write-pending-ignores-mirrors', area: 'write-pending', description: 'a write to a standard reserves write-pending room for the standard only, not for the BCVs it mirrors to (the cache asserts: a crash)', variant: withRouting(writePendingIgnoresMirrors) },
  { name: 'write-pieces-ignore-bcvs', area: 'write-pending', description: "a write too big for one reservation is cut into pieces sized for the standard alone, not for its BCVs too (the cache asserts: a crash)", variant: withRouting(writePiecesIgnoreBcvs) },
  { name: 'failed-write-lands-later', area: 'faults', description: 'a write failed under way by a director failure or power loss still lands later, though the host was told it failed', variant: withRouting(failedWriteLandsLater) },
  { name: 'double-unlock-after-forced-split', area: 'data path', description: 'a copy in flight when a forced split ends its phase releases its track lock twice (the locks assert: a crash)', variant: withCopy(DoubleUnlockAfterForcedSplit) },
  {
    name: 'lost-command-carried-out',
    area: 'command path',
    description: 'a command a host sent through a director that failed (or lost power) before handing it over is carried out all the same, though the host was told it failed and the history records it as refused',
    variant: changed(lostCommandCarriedOut),
  },
];

export function seededBug(name: string): SeededBug | undefined {
  return SEEDED_BUGS.find((bug) => bug.name === name);
}

import type { HostIo, IoDone } from '../../array/controller.js';
import type { Volume } from '../../array/volume.js';
import type { Pair } from '../../protocol/pair.js';
import { PairIo } from '../../protocol/pair-io.js';

/*
 * Seeded bugs in host I/O routing: each replaces one step of PairIo (one of
 * its protected methods) with a plausible wrong version, and pastes none of
 * the rest. Used only by the verification gate.
 */

// ---- The data path ------------------------------------------------------

/** Reads of tracks not yet restored are served from the standard (the redirection is forgotten). */
export class ReadFromStdDuringRestore extends PairIo {
  protected override restoringPair(_std: Volume): Pair | undefined {
    return undefined;
  }
}

/** A host write to STD during a protected restore is applied to the BCV as well. */
export class RestoreWriteReachesBcv extends PairIo {
  protected override mirrorsNow(pair: Pair): boolean {
    return pair.mirroring || pair.restoring;
  }
}

/** While an establish is copying (SyncInProg), STD's writes are not applied to the BCV. */
export class EstablishForgetsSyncWrites extends PairIo {
  protected override mirrorsNow(pair: Pair): boolean {
    return pair.mirroring && pair.state.name !== 'SyncInProg';
  }
}

/** After an unprotected restore the BCV is meant to mirror STD again, but STD's writes never reach it. */
export class UnprotectedRestoreForgetsMirroring extends PairIo {
  protected override mirrorsNow(pair: Pair): boolean {
    const unprotected = (pair.state.name === 'RestInProg' || pair.state.name === 'Restored') && !pair.state.protected;
    return pair.mirroring && !unprotected;
  }
}

/** Copy-on-read marks the track restored and answers from the BCV, but never writes the track into STD. */
export class CopyOnReadWithoutWrite extends PairIo {
  protected override restoreOnRead(pair: Pair, track: number): void {
    this.context.trackCopied(pair, track, 'copyOnRead');
  }
}

/** A write covering part of an unrestored track is taken to cover all of it: it lands, and marks the track restored, without the rest of the track from the BCV. */
export class PartialWriteNotMerged extends PairIo {
  protected override coversWholeTrack(): boolean {
    return true;
  }
}

/** A write failed under way (its director failed, the power was lost) still lands later, though the host was told it failed. */
export class FailedWriteLandsLater extends PairIo {
  protected override lost(): boolean {
    return false;
  }
}

// ---- Availability -------------------------------------------------------

/** A BCV answers host I/O at its own address even while it mirrors STD (established, or restoring unprotected). */
export class BcvAnswersWhileHidden extends PairIo {
  protected override answers(): boolean {
    return true;
  }
}

/** A BCV I/O accepted while the BCV answered is served even when an establish hid the BCV before its data was taken or landed. */
export class BcvIoAcrossEstablish extends PairIo {
  protected override stillAnswers(): boolean {
    return true;
  }
}

/** A read of STD touching tracks not yet restored fails `not-ready` instead of being served from the BCV. */
export class StdRefusedDuringRestore extends PairIo {
  protected override readDuringRestore(_pair: Pair, _io: HostIo, done: IoDone): void {
    done('not-ready');
  }
}

/** BCV writes during a protected restore are refused (`write-protected`) even when the array is set to serve them by copy-before-write. */
export class BcvWriteRefusedUnderCopyBeforeWrite extends PairIo {
  protected override refusesBcvWrites(): boolean {
    return true;
  }
}

// ---- Track geometry -----------------------------------------------------

/** An I/O's last track is found from the block after its end (off by one): an I/O ending mid-track misses its last track. */
export class LastTrackOffByOne extends PairIo {
  protected override tracksOf(volume: Volume, startBlock: number, blockCount: number): [number, number] {
    const bpt = volume.geometry.blocksPerTrack;
    const first = Math.floor(startBlock / bpt);
    return [first, Math.max(first, Math.floor((startBlock + blockCount) / bpt) - 1)];
  }
}

/** A write of at least a track's worth of blocks is taken to cover every track it touches, though unaligned it covers its first and last tracks only in part. */
export class UnalignedWriteTakenAsWholeTrack extends PairIo {
  protected override coversWholeTrack(io: HostIo): boolean {
    return io.blockCount >= io.volume.geometry.blocksPerTrack;
  }
}

// ---- Write-pending accounting -------------------------------------------

/** A write to a standard reserves write-pending room for the standard only, not for the BCVs it mirrors to (the cache asserts: a crash). */
export class WritePendingIgnoresMirrors extends PairIo {
  protected override mirroringCount(): number {
    return 0;
  }
}

/** A write too big for one reservation is cut into pieces sized for the standard alone, not for its BCVs too (the cache asserts: a crash). */
export class WritePiecesIgnoreBcvs extends PairIo {
  protected override tracksPerWriteMax(): number {
    return this.context.cache.config.writePendingSlots;
  }
}

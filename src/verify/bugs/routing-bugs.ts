import type { HostIo, IoDone } from '../../array/controller.js';
import type { Volume } from '../../array/volume.js';
import type { Pair } from '../../protocol/pair.js';
import { PairIo, trackRange } from '../../protocol/pair-io.js';

/*
 * Seeded bugs in host I/O routing: each replaces one step of PairIo with a
 * plausible wrong version. Used only by the verification gate.
 */

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
  protected override readPiece(pair: Pair, io: HostIo, track: number, done: IoDone): void {
    if (!pair.unrestored(track) || !this.context.config.copyOnRead) return super.readPiece(pair, io, track, done);
    const bpt = io.volume.geometry.blocksPerTrack;
    const from = Math.max(io.startBlock, track * bpt);
    const to = Math.min(io.startBlock + io.blockCount, (track + 1) * bpt);
    this.context.trackCopied(pair, track, 'copyOnRead');
    this.context.cache.read(pair.bcv, from, to - from, io.data.subarray(from - io.startBlock, to - io.startBlock), 'host', (error) => done(error ? error.code : null));
  }
}

/** A write covering part of an unrestored track lands and marks the track restored without bringing the rest of it from the BCV. */
export class PartialWriteNotMerged extends PairIo {
  protected override tracksToMerge(): number[] {
    return [];
  }

  protected override putDuringRestore(io: HostIo, pair: Pair): void {
    const [first, last] = trackRange(io.volume, io.startBlock, io.blockCount);
    this.context.cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
    for (let track = first; track <= last; track++) if (pair.unrestored(track)) this.context.trackCopied(pair, track, 'merged');
  }
}

import { tracksSpanned, type Cache } from '../array/cache.js';
import type { HostIo, IoController, IoDone, IoErrorCode } from '../array/controller.js';
import { branchIo, servePieces } from '../array/io-pieces.js';
import type { Volume } from '../array/volume.js';
import { branchOf, joinLast, type Work } from '../array/work.js';
import { Stage } from '../metrics/stage-ledger.js';
import type { ProtocolConfig } from './config.js';
import type { CopyObserver } from './copy-task.js';
import type { CopyCounters, Pair } from './pair.js';
import { bcvAddressable } from './state.js';
import type { TrackLocks } from './track-locks.js';

/** What host I/O routing needs from the protocol around it. */
export interface PairIoContext {
  readonly cache: Cache;
  readonly config: ProtocolConfig;
  /** Pairs whose standard is this volume. */
  pairsOfStd(volume: Volume): readonly Pair[];
  /** The pair whose BCV is this volume, if any. */
  pairOfBcv(volume: Volume): Pair | undefined;
  /** The track locks of a standard volume. */
  locksOf(std: Volume): TrackLocks;
  /** Whether new writes to this standard are held (a consistent group split is under way). */
  held(volume: Volume): boolean;
  /** Queues a write until the hold on its standard is released. */
  holdWrite(volume: Volume, resume: () => void): void;
  trackCopied(pair: Pair, track: number, how: keyof CopyCounters): void;
  /** A host asked for an unrestored track (for `touched-first` copy order). */
  touched(pair: Pair, track: number): void;
  /** Told of each track a host asked for (the gate's `CopyOrderProbe`); null: nobody watches. */
  readonly copyObserver: CopyObserver | null;
}

/**
 * Routes host I/O for volumes in pairs, as DESIGN.md §1 prescribes: a BCV
 * answers only when addressable; STD's writes reach every mirroring BCV at
 * the same instant, and mark changed tracks on split pairs; during a restore,
 * reads of unrestored tracks are served from the BCV (copying the track in),
 * and partial writes to them bring the rest of the track in first.
 * Its steps are protected methods, so that a variant (a seeded bug, or a
 * user's own policy) can replace one step and keep the rest.
 */
export class PairIo implements IoController {
  constructor(protected readonly context: PairIoContext) {}

  read(io: HostIo, done: IoDone): void {
    const { cache } = this.context;
    const bcvPair = this.context.pairOfBcv(io.volume);
    if (bcvPair) return this.readBcv(bcvPair, io, done);
    const restoring = this.restoringPair(io.volume);
    if (!restoring || !this.touchesUnrestored(restoring, io.startBlock, io.blockCount)) {
      cache.read(io.volume, io.startBlock, io.blockCount, io.data, io.work, (error) => done(error ? error.code : null));
      return;
    }
    this.readDuringRestore(restoring, io, done);
  }

  write(io: HostIo, done: IoDone): void {
    const tracksMax = this.tracksPerWriteMax(io.volume);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — a write that fits makes one piece, the write itself
    if (tracksSpanned(io.volume, io.startBlock, io.blockCount) > tracksMax) return servePieces(io, tracksMax, (piece, pieceDone) => this.writeWhole(piece, pieceDone), done);
    this.writeWhole(io, done);
  }

  /**
   * The most tracks one write to `volume` may cover: it reserves a slot per
   * track on the volume and on every BCV that may mirror it by the time it
   * lands (any of the standard's), and that must fit in the write-pending
   * limit. A larger write lands in pieces of this size, one after the other.
   */
  protected tracksPerWriteMax(volume: Volume): number {
    return Math.floor(this.context.cache.config.writePendingSlots / (1 + this.context.pairsOfStd(volume).length));
  }

  /** A write that fits in one reservation of write-pending room. */
  protected writeWhole(io: HostIo, done: IoDone): void {
    const bcvPair = this.context.pairOfBcv(io.volume);
    if (bcvPair) return this.writeBcv(bcvPair, io, done);
    if (this.context.pairsOfStd(io.volume).length === 0) {
      const { cache } = this.context;
      cache.admit(tracksSpanned(io.volume, io.startBlock, io.blockCount), io.work, () => {
        if (!this.lost(io)) cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
        done(null);
      });
      return;
    }
    if (this.context.held(io.volume)) {
      io.work.ledger?.enter(Stage.splitHold);
      this.context.holdWrite(io.volume, () => this.writeStd(io, done));
      return;
    }
    this.writeStd(io, done);
  }

  /** Whether a write landing on STD now also goes to this pair's BCV. */
  protected mirrorsNow(pair: Pair): boolean {
    return pair.mirroring;
  }

  protected restoringPair(std: Volume): Pair | undefined {
    for (const pair of this.context.pairsOfStd(std)) if (pair.restoring) return pair;
    return undefined;
  }

  protected touchesUnrestored(pair: Pair, startBlock: number, blockCount: number): boolean {
    const [first, last] = this.tracksOf(pair.std, startBlock, blockCount);
    for (let track = first; track <= last; track++) if (pair.unrestored(track)) return true;
    return false;
  }

  /** A read of STD touching unrestored tracks: those parts come from the BCV, under the tracks' locks (the tracks in parallel). */
  protected readDuringRestore(pair: Pair, io: HostIo, done: IoDone): void {
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    const locks = this.context.locksOf(pair.std);
    locks.acquireRange(first, last, io.work, () => {
      let left = last - first + 1;
      let firstError: IoErrorCode | null = null;
      const pieceDone = (error: IoErrorCode | null, branch: HostIo) => {
        firstError ??= error;
        if (--left > 0) return;
        joinLast(io.work, branch.work);
        locks.releaseRange(first, last);
        done(firstError);
      };
      for (let track = first; track <= last; track++) {
        const branch = branchIo(io);
        this.readPiece(pair, branch, track, (error) => pieceDone(error, branch));
      }
    });
  }

  protected readPiece(pair: Pair, io: HostIo, track: number, done: IoDone): void {
    const { cache, config } = this.context;
    const bpt = io.volume.geometry.blocksPerTrack;
    const from = Math.max(io.startBlock, track * bpt);
    const to = Math.min(io.startBlock + io.blockCount, (track + 1) * bpt);
    // Stryker disable next-line ArithmeticOperator: equivalent — a longer view changes nothing: every use below writes its first to - from values only
    const out = io.data.subarray(from - io.startBlock, to - io.startBlock);
    if (!pair.unrestored(track)) {
      cache.read(io.volume, from, to - from, out, io.work, (error) => done(error ? error.code : null));
      return;
    }
    pair.redirectedReads++;
    // What a read of the BCV returns is taken when its data is ready. If the restore stopped by then (a
    // forced split; the track is locked, so nothing else restores it), the BCV may hold writes of its
    // own since: STD answers instead, as it would a read that came a moment later.
    const stillRedirected = () => pair.unrestored(track);
    if (!config.copyOnRead) {
      this.context.copyObserver?.touched(pair, track);
      this.context.touched(pair, track);
      cache.read(pair.bcv, from, to - from, out, io.work, (error) => {
        if (!stillRedirected()) return this.readPiece(pair, io, track, done);
        done(error ? error.code : null);
      });
      return;
    }
    // Copy-on-read: bring the whole track in from the BCV, answer from it.
    const data = new Uint32Array(bpt);
    cache.read(pair.bcv, track * bpt, bpt, data, io.work, (error) => {
      if (!stillRedirected()) return this.readPiece(pair, io, track, done);
      if (error) return done(error.code);
      cache.admit(1, io.work, () => {
        if (pair.unrestored(track)) this.restoreOnRead(pair, track, data);
        out.set(data.subarray(from - track * bpt, to - track * bpt));
        done(null);
      });
    });
  }

  /** Copy-on-read: the track a read brought in from the BCV goes into STD, and is marked restored. */
  protected restoreOnRead(pair: Pair, track: number, data: Uint32Array): void {
    const bpt = pair.std.geometry.blocksPerTrack;
    this.context.cache.put(pair.std, track * bpt, bpt, data, 'copy-on-read');
    this.context.trackCopied(pair, track, 'copyOnRead');
  }

  /**
   * A read of a BCV at its own address. What it returns is taken when its
   * data is ready; if by then the BCV has stopped answering (an establish,
   * or an unprotected restore, hid it while the read was under way), what
   * it holds is no longer a volume's answer (the copy and STD's writes go
   * into it): the read fails as if it had come a moment later. Decided at
   * that instant, as a BCV write is decided when it lands.
   */
  protected readBcv(pair: Pair, io: HostIo, done: IoDone): void {
    if (!this.answers(pair)) return done('not-ready');
    this.context.cache.read(io.volume, io.startBlock, io.blockCount, io.data, io.work, (error) => {
      if (!this.stillAnswers(pair)) return done('not-ready');
      done(error ? error.code : null);
    });
  }

  /** The first and last track of a block range (every step of the routing finds an I/O's tracks here). */
  protected tracksOf(volume: Volume, startBlock: number, blockCount: number): [number, number] {
    return trackRange(volume, startBlock, blockCount);
  }

  /** Whether the pair's BCV answers at its own address now (as its state says). */
  protected answers(pair: Pair): boolean {
    return bcvAddressable(pair.state);
  }

  /** Whether a BCV I/O accepted earlier may still take or land its data: the BCV must answer at that instant too. */
  protected stillAnswers(pair: Pair): boolean {
    return this.answers(pair);
  }

  /** Whether a host write to a BCV under a protected restore is refused (`write-protected`) rather than served by copy-before-write. */
  protected refusesBcvWrites(): boolean {
    return this.context.config.bcvWriteDuringRestore === 'refuse';
  }

  /** Whether a write failed under way (its director failed, the power was lost): the host was told, and it must not land. */
  protected lost(io: HostIo): boolean {
    return io.cancelled;
  }

  protected writeBcv(pair: Pair, io: HostIo, done: IoDone): void {
    if (!this.answers(pair)) return done('not-ready');
    if (pair.restoring) {
      if (this.refusesBcvWrites()) return done('write-protected');
      return this.copyBeforeWrite(pair, io, done);
    }
    this.applyBcvWrite(pair, io, done);
  }

  /** Lands a write to a BCV once the cache has room. `locked`: copyBeforeWrite holds its tracks' STD locks. */
  protected applyBcvWrite(pair: Pair, io: HostIo, done: IoDone, locked = false): void {
    const { cache } = this.context;
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    cache.admit(last - first + 1, io.work, () => {
      // Decided again at the instant the write lands: an establish (or an
      // unprotected restore) may have hidden the BCV, or a restore begun, since it arrived.
      if (this.lost(io)) return done(null); // failed under way: the host was told, the data is gone
      if (!this.stillAnswers(pair)) return done('not-ready');
      if (pair.restoring && this.refusesBcvWrites()) return done('write-protected');
      // A protected restore (copy-before-write) began while the write waited: landing now would change the
      // restore's source, and STD would later get this write instead of the snapshot. Its tracks go first.
      // Even under the locks: the restore the tracks were copied for may have ended and another begun.
      if (this.mustCopyBeforeLanding(pair, io)) return locked ? this.copyThenApply(pair, io, done) : this.copyBeforeWrite(pair, io, done);
      cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
      if (pair.tracking) for (let track = first; track <= last; track++) pair.bcvChanged.add(track);
      done(null);
    });
  }

  /** Whether a BCV write about to land covers tracks a restore still needs from the BCV. */
  protected mustCopyBeforeLanding(pair: Pair, io: HostIo): boolean {
    return this.touchesUnrestored(pair, io.startBlock, io.blockCount);
  }

  /** A write to a BCV under a protected restore: its tracks are restored into STD first, under their locks. */
  protected copyBeforeWrite(pair: Pair, io: HostIo, done: IoDone): void {
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    const locks = this.context.locksOf(pair.std);
    locks.acquireRange(first, last, io.work, () => {
      this.copyThenApply(pair, io, (error) => {
        locks.releaseRange(first, last);
        done(error);
      });
    });
  }

  /** Under the STD locks of the write's tracks: restores the unrestored ones into STD from the BCV, then lands the write. */
  protected copyThenApply(pair: Pair, io: HostIo, done: IoDone): void {
    const { cache } = this.context;
    const bpt = io.volume.geometry.blocksPerTrack;
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    const unrestored: number[] = [];
    for (let track = first; track <= last; track++) if (pair.unrestored(track)) unrestored.push(track);
    this.readTracks(pair.bcv, unrestored, io.work, (error, copies) => {
      if (error) return done(error);
      if (copies.size === 0) return this.applyBcvWrite(pair, io, done, true);
      cache.admit(copies.size, io.work, () => {
        for (const [track, data] of copies) {
          if (!pair.unrestored(track)) continue;
          cache.put(pair.std, track * bpt, bpt, data, 'copy-before-write');
          this.context.trackCopied(pair, track, 'copyBeforeWrite');
        }
        this.applyBcvWrite(pair, io, done, true);
      });
    });
  }

  /** Reads whole tracks of a volume, in parallel, for `work` (each track a branch of it). */
  protected readTracks(volume: Volume, tracks: readonly number[], work: Work, done: (error: IoErrorCode | null, data: Map<number, Uint32Array>) => void): void {
    const bpt = volume.geometry.blocksPerTrack;
    const data = new Map<number, Uint32Array>();
    let left = tracks.length;
    if (left === 0) return done(null, data);
    let failed: IoErrorCode | null = null;
    for (const track of tracks) {
      const buffer = new Uint32Array(bpt);
      data.set(track, buffer);
      const branch = branchOf(work);
      this.context.cache.read(volume, track * bpt, bpt, buffer, branch, (error) => {
        if (error) failed ??= error.code;
        if (--left > 0) return;
        joinLast(work, branch);
        done(failed, data);
      });
    }
  }

  /**
   * A write to a standard: to STD, to every mirroring BCV at the same instant, with restore handling.
   * Always under its tracks' locks: a copy phase may begin while the write waits for cache room, and
   * its copy of these tracks must not read them before the write lands and write them after.
   */
  protected writeStd(io: HostIo, done: IoDone): void {
    const pairs = this.context.pairsOfStd(io.volume);
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    const locks = this.context.locksOf(io.volume);
    locks.acquireRange(first, last, io.work, () => {
      this.prepareStdWrite(io, pairs, (error) => {
        locks.releaseRange(first, last);
        done(error);
      });
    });
  }

  /** Reads from the BCV of a restoring pair what the write needs merged, then lands it. */
  protected prepareStdWrite(io: HostIo, pairs: readonly Pair[], done: IoDone): void {
    const restoring = pairs.find((pair) => pair.restoring);
    if (!restoring) return this.applyStdWrite(io, pairs, null, done);
    this.fetchTracksToMerge(restoring, io, (error, merges) => {
      if (error) return done(error);
      this.applyStdWrite(io, pairs, { pair: restoring, merges }, done);
    });
  }

  /** Reads from the BCV every unrestored track the write covers only in part. */
  protected fetchTracksToMerge(pair: Pair, io: HostIo, done: (error: IoErrorCode | null, merges: Map<number, Uint32Array>) => void): void {
    this.readTracks(pair.bcv, this.tracksToMerge(pair, io, NO_MERGES), io.work, done);
  }

  /** The unrestored tracks the write covers only in part and has no BCV data for. */
  protected tracksToMerge(pair: Pair, io: HostIo, merges: ReadonlyMap<number, Uint32Array>): number[] {
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    const partial: number[] = [];
    for (let track = first; track <= last; track++) {
      if (pair.unrestored(track) && !this.coversWholeTrack(io, track) && !merges.has(track)) partial.push(track);
    }
    return partial;
  }

  /** Whether the write covers every block of the track (so that it restores the track without a copy). */
  protected coversWholeTrack(io: HostIo, track: number): boolean {
    const bpt = io.volume.geometry.blocksPerTrack;
    return io.startBlock <= track * bpt && io.startBlock + io.blockCount >= (track + 1) * bpt;
  }

  /**
   * Lands a write to STD once the cache has room for it on STD and on each
   * BCV mirroring it now; the BCVs it reaches are decided when it lands.
   */
  protected applyStdWrite(io: HostIo, pairs: readonly Pair[], prepared: { pair: Pair; merges: Map<number, Uint32Array> } | null, done: IoDone): void {
    const { cache } = this.context;
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    const mirrors = this.mirroringCount(pairs);
    cache.admit((last - first + 1) * (1 + mirrors), io.work, () => {
      if (this.lost(io)) return done(null); // failed under way: the host was told, the data is gone
      // Decided at this instant: a split, establish or restore in between must see the write on the right side.
      const restoring = pairs.find((pair) => pair.restoring);
      const merges = restoring && prepared?.pair === restoring ? prepared.merges : NO_MERGES;
      // A restore began while the write waited: bring in what it now needs merged, then land it.
      if (restoring && this.tracksToMerge(restoring, io, merges).length > 0) return this.prepareStdWrite(io, pairs, done);
      // More BCVs mirror than when the write was admitted (an establish or an unprotected restore began): room for them first.
      if (this.mirroringCount(pairs) > mirrors) return this.applyStdWrite(io, pairs, prepared, done);
      if (restoring) this.putDuringRestore(io, restoring, merges);
      else cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
      for (const pair of pairs) {
        if (this.mirrorsNow(pair)) cache.put(pair.bcv, io.startBlock, io.blockCount, io.stamp, 'mirror');
        else if (pair.tracking) for (let track = first; track <= last; track++) pair.stdChanged.add(track);
      }
      done(null);
    });
  }

  /** How many of the standard's BCVs a write landing now reaches. */
  protected mirroringCount(pairs: readonly Pair[]): number {
    let count = 0;
    for (const pair of pairs) if (this.mirrorsNow(pair)) count++;
    return count;
  }

  protected putDuringRestore(io: HostIo, pair: Pair, merges: ReadonlyMap<number, Uint32Array>): void {
    const { cache } = this.context;
    const bpt = io.volume.geometry.blocksPerTrack;
    const [first, last] = this.tracksOf(io.volume, io.startBlock, io.blockCount);
    for (let track = first; track <= last; track++) {
      const from = Math.max(io.startBlock, track * bpt);
      const to = Math.min(io.startBlock + io.blockCount, (track + 1) * bpt);
      const merged = merges.get(track);
      if (pair.unrestored(track) && merged) {
        merged.fill(io.stamp, from - track * bpt, to - track * bpt);
        cache.put(io.volume, track * bpt, bpt, merged, 'merge');
        this.context.trackCopied(pair, track, 'merged');
      } else {
        cache.put(io.volume, from, to - from, io.stamp, 'host');
        if (pair.unrestored(track) && this.coversWholeTrack(io, track)) this.context.trackCopied(pair, track, 'overwritten');
      }
    }
  }
}

const NO_MERGES: ReadonlyMap<number, Uint32Array> = new Map();

/** First and last track of a block range. */
export function trackRange(volume: Volume, startBlock: number, blockCount: number): [number, number] {
  const bpt = volume.geometry.blocksPerTrack;
  return [Math.floor(startBlock / bpt), Math.floor((startBlock + blockCount - 1) / bpt)];
}

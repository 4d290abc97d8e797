import { tracksSpanned, type Cache } from '../array/cache.js';
import type { HostIo, IoController, IoDone, IoErrorCode } from '../array/controller.js';
import { branchIo, readTracks, servePieces } from '../array/io-pieces.js';
import type { Volume } from '../array/volume.js';
import { joinLast } from '../array/work.js';
import { AssertionError } from '../engine/assert.js';
import { Stage } from '../metrics/stage-ledger.js';
import type { ProtocolConfig } from './config.js';
import type { CopyCounters, Pair } from './pair.js';
import { SERVE, type Moment, type RoutingPolicy } from './routing.js';
import { StdWrites } from './std-writes.js';
import type { TrackLocks } from './track-locks.js';

/** What host I/O routing needs from the protocol around it. */
export interface PairIoContext {
  readonly cache: Cache;
  readonly config: ProtocolConfig;
  /** The routing policy whose plans are carried out (`ROUTING`, unless a variant gives another). */
  readonly routing: RoutingPolicy;
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
  /** A host read was routed track by track: a restore lacked `tracks` of it (recorded in the history). */
  readRedirected(pair: Pair, io: HostIo, tracks: readonly number[]): void;
  /** A host asked for an unrestored track (for the `touched-first` copy order, and the copy's observer). */
  touched(pair: Pair, track: number): void;
}

/**
 * Carries out the routing's plans (routing.ts) for host I/O to volumes in
 * pairs: reads and writes through the cache, under the track locks a plan
 * needs, taking the plan again at each instant its outcome can change (a
 * read's data taken, a write landing). It decides nothing itself.
 */
export class PairIo implements IoController {
  private readonly routing: RoutingPolicy;
  private readonly stdWrites: StdWrites;

  constructor(private readonly context: PairIoContext) {
    this.routing = context.routing;
    this.stdWrites = new StdWrites(context);
  }

  read(io: HostIo, done: IoDone): void {
    const { cache } = this.context;
    const routing = this.routing;
    const bcvPair = this.context.pairOfBcv(io.volume);
    if (bcvPair) return this.readBcv(bcvPair, io, done);
    const pairs = this.context.pairsOfStd(io.volume);
    // A volume in no pair has nothing to route: read as asked (the hot path of every scenario without pairs).
    const plan = pairs.length === 0 ? SERVE : routing.readStd(routing, pairs, io);
    if (plan.kind === 'refuse') return done(plan.error);
    if (plan.kind === 'by-track') {
      this.context.readRedirected(plan.pair, io, plan.unrestored);
      return this.readByTrack(plan.pair, plan.first, plan.last, io, done);
    }
    cache.read(io.volume, io.startBlock, io.blockCount, io.data, io.work, (error) => done(error ? error.code : null));
  }

  write(io: HostIo, done: IoDone): void {
    const tracksMax = this.routing.writeTracksMax(this.context.cache.config.writePendingSlots, this.context.pairsOfStd(io.volume).length);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — a write that fits makes one piece, the write itself
    if (tracksSpanned(io.volume, io.startBlock, io.blockCount) > tracksMax) return servePieces(io, tracksMax, (piece, pieceDone) => this.writeWhole(piece, pieceDone), done);
    this.writeWhole(io, done);
  }

  /** A write that fits in one reservation of write-pending room. */
  private writeWhole(io: HostIo, done: IoDone): void {
    const bcvPair = this.context.pairOfBcv(io.volume);
    if (bcvPair) return this.writeBcv(bcvPair, io, 'arrival', false, done);
    if (this.context.pairsOfStd(io.volume).length === 0) {
      const { cache } = this.context;
      cache.admit(tracksSpanned(io.volume, io.startBlock, io.blockCount), io.work, () => {
        if (!this.routing.lost(io)) cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
        done(null);
      });
      return;
    }
    if (this.context.held(io.volume)) {
      io.work.ledger?.enter(Stage.splitHold);
      this.context.holdWrite(io.volume, () => this.stdWrites.write(io, done));
      return;
    }
    this.stdWrites.write(io, done);
  }

  /** A read of STD touching tracks a restore lacks: track by track under the tracks' locks (the tracks in parallel). */
  private readByTrack(pair: Pair, first: number, last: number, io: HostIo, done: IoDone): void {
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
        this.readTrack(pair, branch, track, (error) => pieceDone(error, branch));
      }
    });
  }

  private readTrack(pair: Pair, io: HostIo, track: number, done: IoDone): void {
    const { cache, config } = this.context;
    const routing = this.routing;
    const plan = routing.readTrack(routing, pair, io, track, config);
    const { from, to } = plan;
    if (!(io.startBlock <= from && from < to && to <= io.startBlock + io.blockCount)) throw new AssertionError(`a read of ${io.volume.name} blocks ${io.startBlock}+${io.blockCount}: the plan of its track ${track} reads blocks ${from}..${to}`);
    // Stryker disable next-line ArithmeticOperator: equivalent — a longer view changes nothing: every use below writes its first to - from values only
    const out = io.data.subarray(from - io.startBlock, to - io.startBlock);
    if (plan.source === 'std') return cache.read(io.volume, from, to - from, out, io.work, (error) => done(error ? error.code : null));
    pair.redirectedReads++;
    // Taken again when the BCV's data is ready: if the restore stopped by then, STD answers.
    const stillRedirected = () => routing.readTrack(routing, pair, io, track, config).source !== 'std';
    if (plan.source === 'bcv') {
      this.context.touched(pair, track);
      cache.read(pair.bcv, from, to - from, out, io.work, (error) => {
        if (!stillRedirected()) return this.readTrack(pair, io, track, done);
        done(error ? error.code : null);
      });
      return;
    }
    // Copy-on-read: bring the whole track in from the BCV, answer from it.
    const bpt = io.volume.geometry.blocksPerTrack;
    const data = new Uint32Array(bpt);
    cache.read(pair.bcv, track * bpt, bpt, data, io.work, (error) => {
      if (!stillRedirected()) return this.readTrack(pair, io, track, done);
      if (error) return done(error.code);
      cache.admit(1, io.work, () => {
        const landing = routing.readTrack(routing, pair, io, track, config);
        if (landing.source !== 'std') {
          if (landing.intoStd) cache.put(pair.std, track * bpt, bpt, data, 'copy-on-read');
          if (landing.marksRestored) this.context.trackCopied(pair, track, 'copyOnRead');
        }
        out.set(data.subarray(from - track * bpt, to - track * bpt));
        done(null);
      });
    });
  }

  /** A read of a BCV at its own address, taken again when its data is ready (a command may have hidden the BCV since). */
  private readBcv(pair: Pair, io: HostIo, done: IoDone): void {
    const routing = this.routing;
    const plan = routing.readBcv(routing, pair, 'arrival');
    if (plan.kind === 'refuse') return done(plan.error);
    this.context.cache.read(io.volume, io.startBlock, io.blockCount, io.data, io.work, (error) => {
      const taken = routing.readBcv(routing, pair, 'landing');
      done(taken.kind === 'refuse' ? taken.error : error ? error.code : null);
    });
  }

  /** A write to a BCV: at arrival, and again once the cache has room (`locked`: its tracks' STD locks are held). */
  private writeBcv(pair: Pair, io: HostIo, moment: Moment, locked: boolean, done: IoDone): void {
    const { cache, config } = this.context;
    const routing = this.routing;
    const plan = routing.writeBcv(routing, pair, io, moment, config);
    if (plan.kind === 'drop') return done(null);
    if (plan.kind === 'refuse') return done(plan.error);
    if (plan.kind === 'copy-first') return locked ? this.copyThenWrite(pair, io, done) : this.copyBeforeWrite(pair, plan.first, plan.last, io, done);
    if (moment === 'arrival') return this.admitBcvWrite(pair, io, locked, done);
    cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
    if (plan.marksChanged) for (let track = plan.first; track <= plan.last; track++) pair.bcvChanged.add(track);
    done(null);
  }

  /** Lands a BCV write once the cache has room for it, deciding again as it lands. */
  private admitBcvWrite(pair: Pair, io: HostIo, locked: boolean, done: IoDone): void {
    const [first, last] = this.routing.tracksOf(io);
    this.context.cache.admit(last - first + 1, io.work, () => this.writeBcv(pair, io, 'landing', locked, done));
  }

  /** Copy-before-write: the write's tracks are restored into STD first, under their locks. */
  private copyBeforeWrite(pair: Pair, first: number, last: number, io: HostIo, done: IoDone): void {
    const locks = this.context.locksOf(pair.std);
    locks.acquireRange(first, last, io.work, () => {
      this.copyThenWrite(pair, io, (error) => {
        locks.releaseRange(first, last);
        done(error);
      });
    });
  }

  /** Under the STD locks of the write's tracks: restores the ones the restore lacks into STD from the BCV, then writes. */
  private copyThenWrite(pair: Pair, io: HostIo, done: IoDone): void {
    const { cache } = this.context;
    const bpt = io.volume.geometry.blocksPerTrack;
    readTracks(this.context.cache, pair.bcv, this.routing.copyFirst(this.routing, pair, io), io.work, (error, copies) => {
      if (error) return done(error);
      const write = () => this.admitBcvWrite(pair, io, true, done);
      if (copies.size === 0) return write();
      cache.admit(copies.size, io.work, () => {
        // Taken again as each copy lands: the restore may have brought the track across, or ended, meanwhile.
        for (const [track, data] of copies) {
          if (!pair.unrestored(track)) continue;
          cache.put(pair.std, track * bpt, bpt, data, 'copy-before-write');
          this.context.trackCopied(pair, track, 'copyBeforeWrite');
        }
        write();
      });
    });
  }
}

import { tracksSpanned, type Cache } from './cache.js';
import type { HostIo, IoController, IoDone } from './controller.js';
import { servePieces } from './io-pieces.js';

/** Serves host I/O straight through the cache: the behaviour of a volume in no pair. */
export class DirectController implements IoController {
  constructor(private readonly cache: Cache) {}

  read(io: HostIo, done: IoDone): void {
    this.cache.read(io.volume, io.startBlock, io.blockCount, io.data, io.work, (error) => done(error ? error.code : null));
  }

  write(io: HostIo, done: IoDone): void {
    // A write larger than the write-pending limit could never be admitted whole: it lands in pieces that fit.
    const tracksMax = this.cache.config.writePendingSlots;
    if (tracksSpanned(io.volume, io.startBlock, io.blockCount) > tracksMax) return servePieces(io, tracksMax, (piece, pieceDone) => this.writeWhole(piece, pieceDone), done);
    this.writeWhole(io, done);
  }

  private writeWhole(io: HostIo, done: IoDone): void {
    this.cache.admit(tracksSpanned(io.volume, io.startBlock, io.blockCount), io.work, () => {
      if (io.cancelled) return done(null); // the host was already told it failed
      this.cache.put(io.volume, io.startBlock, io.blockCount, io.stamp, 'host');
      done(null);
    });
  }
}

import { AssertionError } from '../engine/assert.js';
import type { HostIo, IoDone, IoErrorCode } from './controller.js';
import type { Volume } from './volume.js';
import type { Cache } from './cache.js';
import { branchOf, joinLast, type Work } from './work.js';

/**
 * A track-aligned part of a host I/O, carried out as an I/O of its own: the
 * same host, stamp and history id as the whole, and the same cancellation —
 * a director failure or power loss that fails the whole I/O reaches every
 * piece, even one already under way.
 */
class IoPiece implements HostIo {
  readonly data: Uint32Array;

  constructor(
    private readonly whole: HostIo,
    readonly startBlock: number,
    readonly blockCount: number,
    /** The whole's, unless the piece runs beside others (a branch). */
    readonly work: Work = whole.work,
  ) {
    const offset = startBlock - whole.startBlock;
    this.data = whole.write ? whole.data : whole.data.subarray(offset, offset + blockCount);
  }

  get opId(): number {
    return this.whole.opId;
  }

  get host(): string {
    return this.whole.host;
  }

  get volume(): Volume {
    return this.whole.volume;
  }

  get write(): boolean {
    return this.whole.write;
  }

  get stamp(): number {
    return this.whole.stamp;
  }

  get cancelled(): boolean {
    return this.whole.cancelled;
  }

  set cancelled(value: boolean) {
    this.whole.cancelled = value;
  }
}

/**
 * `io` as one of several branches of its work that run in parallel: `io`
 * itself, unless it keeps a stage ledger; then the same I/O with a ledger of
 * its own (see `branchOf`), to be joined when the last branch is done.
 */
export function branchIo(io: HostIo): HostIo {
  return io.work.ledger === null ? io : new IoPiece(io, io.startBlock, io.blockCount, branchOf(io.work));
}

/**
 * Carries out `io` as consecutive track-aligned pieces of at most
 * `tracksMax` tracks, one after the other, each through `serve`; `done`
 * gets the first piece's error (or null) once every piece is done. For an
 * I/O too large for one reservation of the cache's write-pending room.
 */
export function servePieces(io: HostIo, tracksMax: number, serve: (piece: HostIo, done: IoDone) => void, done: IoDone): void {
  if (!(Number.isSafeInteger(tracksMax) && tracksMax >= 1)) {
    throw new AssertionError(`an I/O to ${io.volume.name} cannot be cut into pieces of ${tracksMax} tracks`);
  }
  const bpt = io.volume.geometry.blocksPerTrack;
  const endBlock = io.startBlock + io.blockCount;
  let fromBlock = io.startBlock;
  let firstError: IoErrorCode | null = null;
  // A piece may be answered at once (a refused write): the loop then goes on, so that a large I/O of
  // refused pieces does not nest one call per piece.
  const serveRest = (): void => {
    while (fromBlock < endBlock) {
      const toBlock = Math.min(endBlock, (Math.floor(fromBlock / bpt) + tracksMax) * bpt);
      let waiting = true;
      let answered = false;
      serve(new IoPiece(io, fromBlock, toBlock - fromBlock), (error) => {
        firstError ??= error;
        fromBlock = toBlock;
        if (waiting) answered = true;
        else serveRest();
      });
      waiting = false;
      if (!answered) return;
    }
    done(firstError);
  };
  serveRest();
}

/** Reads whole tracks of a volume through the cache, in parallel, for `work` (each track a branch of it); `done` gets the first error and every track's data. */
export function readTracks(cache: Cache, volume: Volume, tracks: readonly number[], work: Work, done: (error: IoErrorCode | null, data: Map<number, Uint32Array>) => void): void {
  const bpt = volume.geometry.blocksPerTrack;
  const data = new Map<number, Uint32Array>();
  let left = tracks.length;
  if (left === 0) return done(null, data);
  let failed: IoErrorCode | null = null;
  for (const track of tracks) {
    const buffer = new Uint32Array(bpt);
    data.set(track, buffer);
    const branch = branchOf(work);
    cache.read(volume, track * bpt, bpt, buffer, branch, (error) => {
      if (error) failed ??= error.code;
      if (--left > 0) return;
      joinLast(work, branch);
      done(failed, data);
    });
  }
}

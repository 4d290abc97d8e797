import type { Volume } from './volume.js';
import type { Work } from './work.js';

/**
 * Why an I/O failed. `not-ready`: the volume does not answer at its address
 * (an established BCV); `write-protected`: a write the protocol refuses;
 * `media-error` / `drive-failed`: the drives could not serve it;
 * `director-failed`: the director carrying it failed (retry on another path);
 * `array-offline`: the array lost power.
 */
export type IoErrorCode = 'not-ready' | 'write-protected' | 'media-error' | 'drive-failed' | 'director-failed' | 'array-offline';

/** A host I/O inside the array, after the front-end director accepted it. */
export interface HostIo {
  /** The history's id of this I/O (-1 when the history does not record host I/Os): lets an observer find its times. */
  readonly opId: number;
  readonly host: string;
  readonly volume: Volume;
  readonly startBlock: number;
  readonly blockCount: number;
  readonly write: boolean;
  /** A write's stamp (every block it writes carries it); 0 for reads. */
  readonly stamp: number;
  /** A read's result, one stamp per block, filled by the controller. */
  readonly data: Uint32Array;
  /** What the I/O is, as work for the cache and the back end: host priority, and its stage ledger if its latency is broken down. */
  readonly work: Work;
  /**
   * Set when the I/O was failed under way (its director failed, the array
   * lost power): a write must then not land — its data is gone with the
   * director's memory, and the host was told it failed.
   */
  cancelled: boolean;
}

export type IoDone = (error: IoErrorCode | null) => void;

/**
 * Decides how a host I/O is served once a director has it: plainly through
 * the cache, or — for volumes in pairs — redirected by the protocol.
 */
export interface IoController {
  read(io: HostIo, done: IoDone): void;
  write(io: HostIo, done: IoDone): void;
}

import type { TimeNs } from '../engine/time.js';

/** A host I/O as a workload generates it: which blocks of which volume, read or write. */
export interface IoRequest {
  /** Index of the target volume in the workload's list of volumes. */
  readonly volume: number;
  /** First block (volume blocks, 4 KiB by default). */
  readonly startBlock: number;
  readonly blockCount: number;
  readonly write: boolean;
}

/** What the array answers. A failed I/O carries an error code and no data. */
export type IoOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Where a host sends its I/O (the array's front end, reached through a port).
 * `done` is called exactly once, at the simulated instant the I/O completes.
 */
export interface IoPort {
  submit(request: IoRequest, done: (outcome: IoOutcome) => void): void;
}

/** When the next request is issued, for open-loop arrivals: an absolute simulated time. */
export type ArrivalNs = TimeNs;

import { AssertionError } from '../engine/assert.js';
import type { TimeNs } from '../engine/time.js';
import type { StageLedger } from '../metrics/stage-ledger.js';

/** Drives are addressed in 512-byte sectors, as SCSI/SAS disks and DiskSim are. */
export const SECTOR_BYTES = 512;

/** Why a drive request failed. Faults (a later issue) produce these; a healthy drive never does. */
export type DriveErrorCode = 'media-error' | 'drive-failed';

export interface DriveError {
  readonly code: DriveErrorCode;
  readonly drive: string;
  readonly sector: number;
}

/**
 * One request to a drive. The drive calls `request.done(error)` exactly
 * once, at the simulated instant it completes — as a method of the request,
 * so that a class can carry a request and its completion in one object.
 */
export interface DriveRequest {
  /** First sector (drive LBA). */
  readonly sector: number;
  readonly sectors: number;
  readonly write: boolean;
  done(error: DriveError | null): void;
  /** Whom the request is for, when the sender says (an array does; a drive tested alone need not). */
  readonly work?: DriveWork;
}

/** Whom a drive request is for, as far as a latency breakdown needs to know. */
export interface DriveWork {
  /** Background copy work (a copy's read, the destage of what a copy wrote): host requests waiting behind it wait behind the copy. */
  readonly copy: boolean;
  /** The stage ledger of the host I/O the request serves; null when there is none (background work, or no breakdown kept). */
  readonly ledger: StageLedger | null;
}

/**
 * A simulated drive: the same interface a real block device driver would
 * see. Implementations own their request queue and service-time model and
 * take time and randomness only from the simulator they were built with.
 */
export interface Drive {
  readonly name: string;
  readonly capacitySectors: number;
  submit(request: DriveRequest): void;
  /** Requests accepted and not yet completed (queued + in service). */
  readonly outstanding: number;
  /** Total simulated time the drive was busy (servicing at least one request), up to now. */
  busyNs(): TimeNs;
}

/**
 * Throws unless `request` lies inside the drive and the drive may take one
 * more request: a caller's bug, never a simulated fault. Hot path: tests
 * first, builds a message only on failure.
 */
export function assertAcceptable(drive: Drive, request: DriveRequest, outstandingMax: number): void {
  const { sector, sectors } = request;
  if (!(Number.isSafeInteger(sector) && Number.isSafeInteger(sectors) && sector >= 0 && sectors >= 1 && sector + sectors <= drive.capacitySectors)) {
    throw new AssertionError(`${drive.name}: request at sector ${sector} for ${sectors} sectors is outside 0..${drive.capacitySectors}`);
  }
  if (drive.outstanding >= outstandingMax) throw new AssertionError(`${drive.name}: more than ${outstandingMax} requests outstanding`);
}

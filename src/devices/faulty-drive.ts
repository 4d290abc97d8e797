import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import { Stage } from '../metrics/stage-ledger.js';
import type { Drive, DriveError, DriveRequest } from './drive.js';

/** How long a request to a failed drive takes to be reported failed (a selection timeout). */
const FAILED_DRIVE_TIMEOUT_NS = 1_000_000;

/**
 * A decorator that injects faults into any drive without the drive knowing:
 * the drive keeps its pristine model (and the array its pristine data);
 * faults live here, as an overlay.
 *
 * - failed: every request fails with `drive-failed` (after a timeout);
 * - latent media errors: a read touching a bad sector fails with
 *   `media-error`; a write over it repairs it (the drive remaps the sector);
 * - slow: every response takes `factor` times as long (firmware retries,
 *   a degrading head): the extra time is added when the request completes.
 */
export class FaultyDrive implements Drive {
  readonly name: string;
  readonly capacitySectors: number;
  private failed = false;
  private slowFactor = 1;
  private readonly badSectors = new Set<number>();
  private readonly kindFault: number;

  constructor(
    private readonly sim: Simulator,
    readonly inner: Drive,
  ) {
    this.name = inner.name;
    this.capacitySectors = inner.capacitySectors;
    this.kindFault = sim.kind('drive.fault');
  }

  get outstanding(): number {
    return this.inner.outstanding;
  }

  get isFailed(): boolean {
    return this.failed;
  }

  busyNs(): TimeNs {
    return this.inner.busyNs();
  }

  fail(): void {
    this.failed = true;
  }

  slow(factor: number): void {
    this.slowFactor = Math.max(1, factor);
  }

  /** A latent media error: the sector reads back as an error until it is written. */
  addMediaError(sector: number): void {
    this.badSectors.add(sector);
  }

  submit(request: DriveRequest): void {
    const { sim } = this;
    const work = request.work;
    if (this.failed) {
      work?.ledger?.enter(Stage.driveService);
      sim.after(FAILED_DRIVE_TIMEOUT_NS, this.kindFault, () => request.done(this.error('drive-failed', request.sector)));
      return;
    }
    const startNs = sim.now;
    this.inner.submit({
      sector: request.sector,
      sectors: request.sectors,
      write: request.write,
      ...(work !== undefined && { work }),
      done: (innerError) => {
        const error = innerError ?? this.faultOf(request);
        const extraNs = Math.round((sim.now - startNs) * (this.slowFactor - 1));
        if (extraNs > 0) {
          // A slow drive's extra time is the drive's, not any one part of the model's service.
          work?.ledger?.enter(Stage.driveService);
          sim.after(extraNs, this.kindFault, () => request.done(error));
        } else request.done(error);
      },
    });
  }

  private faultOf(request: DriveRequest): DriveError | null {
    if (this.failed) return this.error('drive-failed', request.sector);
    if (this.badSectors.size === 0) return null;
    for (let sector = request.sector; sector < request.sector + request.sectors; sector++) {
      if (!this.badSectors.has(sector)) continue;
      if (!request.write) return this.error('media-error', sector);
      this.badSectors.delete(sector);
    }
    return null;
  }

  private error(code: DriveError['code'], sector: number): DriveError {
    return { code, drive: this.name, sector };
  }
}

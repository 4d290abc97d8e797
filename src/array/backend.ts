import { AssertionError } from '../engine/assert.js';
import type { Drive, DriveError, DriveRequest } from '../devices/drive.js';
import { Stage } from '../metrics/stage-ledger.js';
import type { Director, Task } from './director.js';
import { Fifo } from './fifo.js';
import type { StripeMember } from './layout.js';
import type { Volume } from './volume.js';
import { BACKGROUND_WORK, type Work } from './work.js';

export type DriveDone = (error: DriveError | null) => void;

interface DriveSlot {
  /** Background operations (destage, copy) on the drive now. */
  backgroundInFlight: number;
  readonly waiting: Fifo<BackgroundRequest>;
}

/** Read orders of a mirrored pair: both drives, first the one at the index, or that one alone. */
const BOTH: readonly (readonly number[])[] = [
  [0, 1],
  [1, 0],
];
const ONLY: readonly (readonly number[])[] = [[0], [1]];

/**
 * One drive request through a back-end adapter: the adapter's task (it
 * submits itself once the adapter has a slot) and the drive's request (it
 * releases the slot when the drive is done). One object per request, so
 * that the hot path allocates no closures.
 */
class AdapterRequest implements Task, DriveRequest {
  constructor(
    private readonly adapter: Director,
    private readonly drive: Drive,
    readonly sector: number,
    readonly sectors: number,
    readonly write: boolean,
    readonly work: Work,
    private readonly then: DriveDone,
  ) {}

  start(): void {
    this.drive.submit(this);
  }

  done(error: DriveError | null): void {
    this.adapter.end();
    this.then(error);
  }
}

/** A background request waiting for one of its drive's background places. */
interface BackgroundRequest {
  readonly drive: Drive;
  readonly sector: number;
  readonly sectors: number;
  readonly write: boolean;
  readonly work: Work;
  readonly done: DriveDone;
}

/**
 * The back end: moves blocks of one track between the cache and the drives
 * through the back-end adapter each drive hangs off. RAID-1 members read
 * from the less busy drive and write both. Background work (destage, copy)
 * keeps at most `backgroundPerDrive` operations on any one drive, so that a
 * copy streaming through a drive cannot bury host I/O in the drive's queue.
 */
export class BackEnd {
  private readonly slots = new Map<Drive, DriveSlot>();

  constructor(
    private readonly adapterOf: ReadonlyMap<Drive, Director>,
    private readonly backgroundPerDrive: number,
  ) {
    if (!(backgroundPerDrive >= 1)) throw new AssertionError(`backgroundPerDrive must be ≥ 1, got ${backgroundPerDrive}`);
    for (const drive of adapterOf.keys()) this.slots.set(drive, { backgroundInFlight: 0, waiting: new Fifo() });
  }

  /** Drives being rebuilt: written like their member's other drives, never read until the rebuild is done. */
  readonly rebuilding = new Set<Drive>();
  /** Reads served from the other mirror after a drive failed them, and bad sectors rewritten from it. */
  mirrorReads = 0;
  repairs = 0;
  /** Whether a RAID-1 read a drive failed is tried on the other mirror (always, but for a variant that shows why). */
  mirrorFallback = true;

  /**
   * Reads blocks `[fromBlock, toBlock)` of `track` (block indices within the
   * track). A RAID-1 member reads from its least busy readable drive; if that
   * drive fails the read, the other mirror serves it, and a media error is
   * repaired by rewriting the sectors from the good copy. When every mirror
   * fails with a media error, the range is read again block by block, so
   * that bad sectors under different blocks of the mirrors lose nothing.
   */
  readTrack(volume: Volume, track: number, fromBlock: number, toBlock: number, work: Work, done: DriveDone): void {
    const member = volume.layout.memberOf(track);
    const offset = volume.layout.offsetOf(track) + fromBlock * volume.layout.sectorsPerBlock;
    const sectors = (toBlock - fromBlock) * volume.layout.sectorsPerBlock;
    // One drive: nothing to fall back on, so its answer is the answer.
    if (member.drives.length === 1) return this.submit(member.drives[0]!, member.baseSectors[0]! + offset, sectors, false, work, done);
    const order = this.readOrder(member);
    const attempt = (i: number, failedOn: { index: number; error: DriveError } | null): void => {
      const index = order[i]!;
      this.submit(member.drives[index]!, member.baseSectors[index]! + offset, sectors, false, work, (error) => {
        if (error && this.mirrorFallback && i + 1 < order.length) {
          this.mirrorReads++;
          return attempt(i + 1, failedOn ?? { index, error });
        }
        // Every mirror has a bad sector in the range, but perhaps not under the same block: read it block by block.
        if (error?.code === 'media-error' && failedOn?.error.code === 'media-error' && toBlock - fromBlock > 1) {
          return this.readBlockByBlock(volume, track, fromBlock, toBlock, work, done);
        }
        if (!error && failedOn?.error.code === 'media-error') this.repair(member, failedOn.index, offset, sectors);
        done(error);
      });
    };
    attempt(0, null);
  }

  /** Reads each block of the range on its own, each from whichever mirror can; fails on the first block none can. */
  private readBlockByBlock(volume: Volume, track: number, fromBlock: number, toBlock: number, work: Work, done: DriveDone): void {
    const next = (block: number): void => {
      if (block === toBlock) return done(null);
      this.readTrack(volume, track, block, block + 1, work, (error) => (error ? done(error) : next(block + 1)));
    };
    next(fromBlock);
  }

  /** Writes blocks `[fromBlock, toBlock)` of `track` to every drive of its member; a mirror succeeds if one drive does. Background work only: it keeps no ledger, so its mirrored writes need no branches. */
  writeTrack(volume: Volume, track: number, fromBlock: number, toBlock: number, work: Work, done: DriveDone): void {
    if (work.ledger !== null) throw new AssertionError(`a track write to ${volume.name} for a host I/O's ledger: host writes land in cache`);
    const member = volume.layout.memberOf(track);
    const sectors = (toBlock - fromBlock) * volume.layout.sectorsPerBlock;
    const offset = volume.layout.offsetOf(track) + fromBlock * volume.layout.sectorsPerBlock;
    const drives = member.drives;
    if (drives.length === 1) {
      this.submit(drives[0]!, member.baseSectors[0]! + offset, sectors, true, work, done);
      return;
    }
    let left = drives.length;
    let succeeded = 0;
    let lastError: DriveError | null = null;
    const one: DriveDone = (error) => {
      if (error) lastError = error;
      else succeeded++;
      if (--left === 0) done(succeeded > 0 ? null : lastError);
    };
    for (let i = 0; i < drives.length; i++) this.submit(drives[i]!, member.baseSectors[i]! + offset, sectors, true, work, one);
  }

  /** Copies sectors from one drive to another (a rebuild), in the background. */
  copySectors(from: Drive, fromSector: number, to: Drive, toSector: number, sectors: number, done: DriveDone): void {
    this.submit(from, fromSector, sectors, false, BACKGROUND_WORK, (error) => {
      if (error) return done(error);
      this.submit(to, toSector, sectors, true, BACKGROUND_WORK, done);
    });
  }

  /** Readable drives of a member, least busy first; drives being rebuilt come last (they may lack the data). */
  private readOrder(member: StripeMember): readonly number[] {
    const drives = member.drives;
    if (drives.length === 2) {
      // A mirrored pair, the usual case: the same order as below, without allocating.
      const rank0 = this.rebuilding.has(drives[0]!) ? 1e12 : drives[0]!.outstanding;
      const rank1 = this.rebuilding.has(drives[1]!) ? 1e12 : drives[1]!.outstanding;
      const first = rank1 < rank0 ? 1 : 0;
      return this.rebuilding.has(drives[1 - first]!) ? ONLY[first]! : BOTH[first]!;
    }
    const indices = member.drives.map((_, i) => i);
    if (indices.length === 1) return indices;
    const rank = (i: number) => (this.rebuilding.has(member.drives[i]!) ? 1e12 : member.drives[i]!.outstanding);
    return indices.sort((a, b) => rank(a) - rank(b) || a - b).filter((i, k) => k === 0 || !this.rebuilding.has(member.drives[i]!));
  }

  private repair(member: StripeMember, index: number, offset: number, sectors: number): void {
    this.repairs++;
    this.submit(member.drives[index]!, member.baseSectors[index]! + offset, sectors, true, BACKGROUND_WORK, () => undefined);
  }

  private submit(drive: Drive, sector: number, sectors: number, write: boolean, work: Work, done: DriveDone): void {
    const ledger = work.ledger;
    if (ledger !== null) ledger.enter(Stage.backEnd);
    if (work.priority === 'host') return this.toDrive(drive, sector, sectors, write, work, done);
    const slot = this.slots.get(drive)!;
    const request: BackgroundRequest = { drive, sector, sectors, write, work, done };
    if (slot.backgroundInFlight < this.backgroundPerDrive) this.startBackground(slot, request);
    else slot.waiting.push(request);
  }

  private startBackground(slot: DriveSlot, request: BackgroundRequest): void {
    slot.backgroundInFlight++;
    this.toDrive(request.drive, request.sector, request.sectors, request.write, request.work, (error) => {
      slot.backgroundInFlight--;
      const next = slot.waiting.shift();
      if (next) this.startBackground(slot, next);
      request.done(error);
    });
  }

  private toDrive(drive: Drive, sector: number, sectors: number, write: boolean, work: Work, done: DriveDone): void {
    const adapter = this.adapterOf.get(drive);
    if (!adapter) throw new AssertionError(`drive ${drive.name} has no back-end adapter`);
    adapter.begin(work.priority, new AdapterRequest(adapter, drive, sector, sectors, write, work, done));
  }
}

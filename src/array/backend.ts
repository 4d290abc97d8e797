import { AssertionError } from '../engine/assert.js';
import type { Drive, DriveError } from '../devices/drive.js';
import type { Director, Priority } from './director.js';
import { Fifo } from './fifo.js';
import type { Volume } from './volume.js';

export type DriveDone = (error: DriveError | null) => void;

interface DriveSlot {
  /** Background operations (destage, copy) on the drive now. */
  backgroundInFlight: number;
  readonly waiting: Fifo<() => void>;
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

  /** Reads blocks `[fromBlock, toBlock)` of `track` (block indices within the track). */
  readTrack(volume: Volume, track: number, fromBlock: number, toBlock: number, priority: Priority, done: DriveDone): void {
    const member = volume.layout.memberOf(track);
    const drives = member.drives;
    let pick = 0;
    for (let i = 1; i < drives.length; i++) if (drives[i]!.outstanding < drives[pick]!.outstanding) pick = i;
    const sector = member.baseSectors[pick]! + volume.layout.offsetOf(track) + fromBlock * volume.layout.sectorsPerBlock;
    this.submit(drives[pick]!, sector, (toBlock - fromBlock) * volume.layout.sectorsPerBlock, false, priority, done);
  }

  /** Writes blocks `[fromBlock, toBlock)` of `track` to every drive of its member. */
  writeTrack(volume: Volume, track: number, fromBlock: number, toBlock: number, priority: Priority, done: DriveDone): void {
    const member = volume.layout.memberOf(track);
    const sectors = (toBlock - fromBlock) * volume.layout.sectorsPerBlock;
    const offset = volume.layout.offsetOf(track) + fromBlock * volume.layout.sectorsPerBlock;
    const drives = member.drives;
    if (drives.length === 1) {
      this.submit(drives[0]!, member.baseSectors[0]! + offset, sectors, true, priority, done);
      return;
    }
    let left = drives.length;
    let firstError: DriveError | null = null;
    const one: DriveDone = (error) => {
      firstError ??= error;
      if (--left === 0) done(firstError);
    };
    for (let i = 0; i < drives.length; i++) this.submit(drives[i]!, member.baseSectors[i]! + offset, sectors, true, priority, one);
  }

  private submit(drive: Drive, sector: number, sectors: number, write: boolean, priority: Priority, done: DriveDone): void {
    if (priority === 'host') return this.toDrive(drive, sector, sectors, write, priority, done);
    const slot = this.slots.get(drive)!;
    const start = () => {
      slot.backgroundInFlight++;
      this.toDrive(drive, sector, sectors, write, priority, (error) => {
        slot.backgroundInFlight--;
        slot.waiting.shift()?.();
        done(error);
      });
    };
    if (slot.backgroundInFlight < this.backgroundPerDrive) start();
    else slot.waiting.push(start);
  }

  private toDrive(drive: Drive, sector: number, sectors: number, write: boolean, priority: Priority, done: DriveDone): void {
    const adapter = this.adapterOf.get(drive);
    if (!adapter) throw new AssertionError(`drive ${drive.name} has no back-end adapter`);
    adapter.begin(priority, () => {
      drive.submit({
        sector,
        sectors,
        write,
        done: (error) => {
          adapter.end();
          done(error);
        },
      });
    });
  }
}

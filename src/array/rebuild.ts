import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { Drive } from '../devices/drive.js';
import type { BackEnd } from './backend.js';
import { StripedLayout, type StripeMember } from './layout.js';
import type { Volume } from './volume.js';

/** One extent to copy onto the spare: a volume's stripe member that held the failed drive. */
interface Extent {
  readonly member: StripeMember;
  readonly survivor: Drive;
  readonly survivorBase: number;
  readonly spareBase: number;
  readonly sectors: number;
}

/** Track-sized copies in flight at once during a rebuild. */
const REBUILD_CONCURRENCY = 2;

/**
 * Rebuilds a failed RAID-1 drive onto a spare: the spare takes the failed
 * drive's place in every mirrored member at once (so new writes reach it),
 * is not read until done, and is filled from the surviving mirror in the
 * background, a track at a time.
 */
export class Rebuild {
  private readonly extents: Extent[] = [];
  private extent = 0;
  private offset = 0;
  private inFlight = 0;
  /** When the rebuild finished (null while it runs). */
  doneNs: TimeNs | null = null;
  readonly startNs: TimeNs;
  private readonly kind: number;

  constructor(
    private readonly sim: Simulator,
    private readonly backEnd: BackEnd,
    readonly failed: Drive,
    readonly spare: Drive,
    volumes: readonly Volume[],
    private readonly chunkSectors: number,
    private readonly onDone: (rebuild: Rebuild) => void,
  ) {
    this.startNs = sim.now;
    this.kind = sim.kind('array.rebuild');
    for (const volume of volumes) {
      for (const member of volume.layout.members) {
        const index = member.drives.indexOf(failed);
        if (index < 0 || member.drives.length < 2) continue;
        const survivorIndex = index === 0 ? 1 : 0;
        const tracksOnMember = StripedLayout.tracksPerMember(volume.tracks, volume.layout.members.length, volume.layout.stripeTracks);
        this.extents.push({
          member,
          survivor: member.drives[survivorIndex]!,
          survivorBase: member.baseSectors[survivorIndex]!,
          spareBase: member.baseSectors[index]!,
          sectors: tracksOnMember * volume.layout.sectorsPerTrack,
        });
        member.drives[index] = spare;
      }
    }
    backEnd.rebuilding.add(spare);
  }

  /** Whether the failed drive was a mirror anywhere (else there is nothing to rebuild). */
  get needed(): boolean {
    return this.extents.length > 0;
  }

  start(): void {
    if (!this.needed) return this.finish();
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < REBUILD_CONCURRENCY && this.extent < this.extents.length) {
      const extent = this.extents[this.extent]!;
      const sectors = Math.min(this.chunkSectors, extent.sectors - this.offset);
      const offset = this.offset;
      this.offset += sectors;
      if (this.offset >= extent.sectors) {
        this.extent++;
        this.offset = 0;
      }
      this.inFlight++;
      this.backEnd.copySectors(extent.survivor, extent.survivorBase + offset, this.spare, extent.spareBase + offset, sectors, () => {
        // A failed copy (the survivor failing too) leaves the data unrecoverable; the rebuild goes on with the rest.
        this.inFlight--;
        this.pump();
      });
    }
    if (this.inFlight === 0 && this.extent >= this.extents.length) this.finish();
  }

  private finish(): void {
    if (this.doneNs !== null) return;
    this.doneNs = this.sim.now;
    this.backEnd.rebuilding.delete(this.spare);
    this.sim.trace.record(this.sim.now, this.kind, 0, 0);
    this.onDone(this);
  }
}

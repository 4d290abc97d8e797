import { AssertionError } from '../engine/assert.js';
import type { Drive } from '../devices/drive.js';

/** One stripe member: a drive, or a RAID-1 pair of drives holding the same data. */
export interface StripeMember {
  /** Mutable: a rebuild puts a spare in place of a failed drive. */
  readonly drives: Drive[];
  /** First sector of the volume's extent on each of `drives` (same order). */
  readonly baseSectors: number[];
}

/** Where a track of a volume lives: on which member, at which sector offset within the member's extent. */
export interface TrackLocation {
  readonly member: StripeMember;
  readonly sector: number;
}

/**
 * A volume striped across members in units of whole tracks, so that any
 * track is on exactly one member (one drive, or both drives of a mirror).
 */
export class StripedLayout {
  readonly sectorsPerTrack: number;

  constructor(
    readonly members: readonly StripeMember[],
    readonly stripeTracks: number,
    readonly blocksPerTrack: number,
    readonly sectorsPerBlock: number,
  ) {
    if (!(members.length >= 1 && stripeTracks >= 1)) throw new AssertionError('a layout needs members and a stripe unit');
    this.sectorsPerTrack = blocksPerTrack * sectorsPerBlock;
  }

  /** Tracks each member must hold for a volume of `tracks` tracks. */
  static tracksPerMember(tracks: number, members: number, stripeTracks: number): number {
    return Math.ceil(tracks / (members * stripeTracks)) * stripeTracks;
  }

  memberOf(track: number): StripeMember {
    return this.members[Math.floor(track / this.stripeTracks) % this.members.length]!;
  }

  /** Sector offset of `track`'s first block within its member's extent. */
  offsetOf(track: number): number {
    const unit = Math.floor(track / this.stripeTracks);
    const row = Math.floor(unit / this.members.length);
    return (row * this.stripeTracks + (track % this.stripeTracks)) * this.sectorsPerTrack;
  }
}

/**
 * The world a verification script plays in. Each script draws its own
 * (swarm testing): how many standards and BCVs, which device groups, the
 * track geometry, the volume size, the cache, the hosts, the drives and the
 * copy settings — and fast-check shrinks it toward the smallest world that
 * still fails. Worlds are plain data: printed in counterexamples and stored
 * in the regression corpus.
 */

export interface CopySettings {
  /** Tracks copied at once. */
  readonly concurrency: number;
  /** 0: no limit. */
  readonly rateMBps: number;
  readonly priority: 'low' | 'equal';
  readonly order: 'track' | 'touched-first';
}

export interface World {
  /** Standard i has `bcvsPerStd[i]` BCVs (bcv{i}a, bcv{i}b, …), each in its own pair (p{i}a, p{i}b, …). */
  readonly bcvsPerStd: readonly number[];
  /** Device groups g0, g1, …, as the names of their pairs (a group may hold two BCVs of one standard). */
  readonly groups: readonly (readonly string[])[];
  readonly blocksPerTrack: number;
  /** Blocks of every volume: need not be a whole number of tracks (the last track is then partial). */
  readonly volumeBlocks: number;
  /** Hosts h0, h1, …; host i uses front-end director i mod 2. */
  readonly hosts: number;
  readonly cacheSlots: number;
  readonly writePendingSlots: number;
  /** Service time of every drive. */
  readonly driveServiceUs: number;
  readonly copy: CopySettings;
  readonly copyOnRead: boolean;
  readonly bcvWriteDuringRestore: 'refuse' | 'copy-before-write';
  /** Volumes on mirrored drives (with one spare), so that drive failures and media errors are survivable. */
  readonly raid1: boolean;
  /**
   * A volume in no pair (`vol0`, on drives of its own): host I/O to it goes
   * straight through the cache, beside the pairs' traffic. Optional, so that
   * scripts saved before it existed still load.
   */
  readonly plainVolume?: boolean;
}

export interface PairNames {
  readonly name: string;
  readonly std: string;
  readonly bcv: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
export const BLOCK_BYTES = 4096;
/** The protocol's command time and a split's step in every world: a split of one pair takes effect this long after it is issued. */
export const COMMAND_US = 20;
export const SPLIT_STEP_US = 30;

/** The array's front-end directors: host h`n` sends its I/O and commands through director `n % FRONT_END_DIRECTORS`. */
export const FRONT_END_DIRECTORS = 2;

export const stdName = (std: number): string => `std${std}`;
export const bcvName = (std: number, bcv: number): string => `bcv${std}${LETTERS[bcv]}`;
export const pairName = (std: number, bcv: number): string => `p${std}${LETTERS[bcv]}`;
export const groupName = (group: number): string => `g${group}`;

/** Every pair of the world, standard by standard. */
export function pairsOf(world: Pick<World, 'bcvsPerStd'>): PairNames[] {
  return world.bcvsPerStd.flatMap((bcvs, std) => Array.from({ length: bcvs }, (_, bcv) => ({ name: pairName(std, bcv), std: stdName(std), bcv: bcvName(std, bcv) })));
}

/** The volume in no pair, when the world has one. */
export const PLAIN_VOLUME = 'vol0';

/** The volumes in pairs: each standard followed by its BCVs. */
export function pairedVolumesOf(world: Pick<World, 'bcvsPerStd'>): string[] {
  return world.bcvsPerStd.flatMap((bcvs, std) => [stdName(std), ...Array.from({ length: bcvs }, (_, bcv) => bcvName(std, bcv))]);
}

/** Every volume of the world: the paired ones, then the volume in no pair. */
export function volumesOf(world: World): string[] {
  return world.plainVolume ? [...pairedVolumesOf(world), PLAIN_VOLUME] : pairedVolumesOf(world);
}

export function groupsOf(world: World): { readonly name: string; readonly pairs: readonly string[] }[] {
  return world.groups.map((pairs, i) => ({ name: groupName(i), pairs }));
}

/** Drives under each standard and its BCVs (half each; RAID-1 mirrors them in pairs). */
export const drivesPerStd = (world: Pick<World, 'raid1'>): number => (world.raid1 ? 8 : 4);
/** Drives holding the pairs' data, d0 … (a RAID-1 world has one spare after them, then the volume in no pair its own). */
export const dataDrives = (world: Pick<World, 'raid1' | 'bcvsPerStd'>): number => drivesPerStd(world) * world.bcvsPerStd.length;

/** Every drive of the world: the pairs', the RAID-1 spare, the volume in no pair's (as many as a standard's). */
export const allDrives = (world: World): number => dataDrives(world) + (world.raid1 ? 1 : 0) + (world.plainVolume ? drivesPerStd(world) / 2 : 0);

export const tracksOf = (world: World): number => Math.ceil(world.volumeBlocks / world.blocksPerTrack);

/** The most BCVs any standard has: a host write to it may land on this many BCVs too. */
export const maxBcvsPerStd = (world: Pick<World, 'bcvsPerStd'>): number => Math.max(...world.bcvsPerStd);

/** The longest host I/O a script issues, in tracks (unaligned, it may touch one more). */
export const MAX_IO_TRACKS = 3;

export function formatWorld(world: World): string[] {
  const pairs = pairsOf(world);
  const cast = world.bcvsPerStd.map((bcvs, std) => `${stdName(std)} with ${bcvs} BCV${bcvs > 1 ? 's' : ''}`).join(', ');
  const groups = groupsOf(world).map((g) => `${g.name} = {${g.pairs.join(', ')}}`);
  const tracks = tracksOf(world);
  const partial = world.volumeBlocks % world.blocksPerTrack;
  const c = world.copy;
  return [
    `${cast}${world.plainVolume ? `, ${PLAIN_VOLUME} in no pair` : ''}; ${pairs.length} pair${pairs.length > 1 ? 's' : ''}${groups.length > 0 ? `; groups ${groups.join(', ')}` : ''}; ${world.hosts} host${world.hosts > 1 ? 's' : ''}`,
    `volumes of ${world.volumeBlocks} blocks (${tracks} tracks of ${world.blocksPerTrack}${partial > 0 ? `, the last one of ${partial}` : ''}) on ${dataDrives(world)} drives${world.raid1 ? ' (RAID-1) and a spare' : ''}; cache ${world.cacheSlots} slots (${world.writePendingSlots} write-pending); drives ${world.driveServiceUs} µs`,
    `copy: ${c.concurrency} at once, ${c.rateMBps > 0 ? `${c.rateMBps} MB/s` : 'no rate limit'}, priority ${c.priority}, order ${c.order}; copy-on-read ${world.copyOnRead ? 'on' : 'off'}; BCV writes during a protected restore: ${world.bcvWriteDuringRestore}`,
  ];
}

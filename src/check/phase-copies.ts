import type { WriteSource } from '../array/history.js';
import type { CheckContext } from './context.js';
import type { CopyPhase } from './phases.js';

/** The sources that bring a track across in a copy phase. */
const COPY_SOURCES: ReadonlySet<WriteSource> = new Set<WriteSource>(['copy', 'copy-on-read', 'merge', 'copy-before-write']);

export interface TrackCopy {
  readonly track: number;
  readonly index: number;
  readonly timeNs: number;
}

const phaseEndNs = (phase: CopyPhase): number => (phase.endNs < 0 ? Infinity : phase.endNs);

/** The tracks copied into the phase's target during it, in time order (one entry per track a write spans). */
export function phaseCopies(ctx: CheckContext, phase: CopyPhase): TrackCopy[] {
  const physical = ctx.physical!;
  const bpt = ctx.history.topology.blocksPerTrack;
  const copies: TrackCopy[] = [];
  for (const i of physical.ofVolumeBetween(phase.targetVolume, phase.startNs, phaseEndNs(phase))) {
    if (physical.disk[i] === 1 || !COPY_SOURCES.has(physical.sourceOf(i))) continue;
    const first = Math.floor(physical.startBlock[i]! / bpt);
    const last = Math.floor((physical.startBlock[i]! + physical.blockCount[i]! - 1) / bpt);
    for (let track = first; track <= last; track++) copies.push({ track, index: i, timeNs: physical.timeNs[i]! });
  }
  return copies;
}

/** Tracks of the target wholly overwritten by host data during the phase (nothing left to copy there). */
export function overwrittenTracks(ctx: CheckContext, phase: CopyPhase): Set<number> {
  const physical = ctx.physical!;
  const bpt = ctx.history.topology.blocksPerTrack;
  const tracks = new Set<number>();
  for (const i of physical.ofVolumeBetween(phase.targetVolume, phase.startNs, phaseEndNs(phase))) {
    const source = physical.sourceOf(i);
    if (physical.disk[i] === 1 || (source !== 'host' && source !== 'mirror')) continue;
    const start = physical.startBlock[i]!;
    const end = start + physical.blockCount[i]!;
    for (let track = Math.ceil(start / bpt); (track + 1) * bpt <= end; track++) tracks.add(track);
  }
  return tracks;
}

/** Copies into a volume between two instants, by any copy source (another pair's restore changes a shared STD). */
export function copiesBetween(ctx: CheckContext, volume: number, fromNs: number, toNs: number): number[] {
  const physical = ctx.physical!;
  return Array.from(physical.ofVolumeBetween(volume, fromNs, toNs)).filter((i) => physical.disk[i] === 0 && COPY_SOURCES.has(physical.sourceOf(i)));
}

/** Tracks of a volume, from the topology. */
export function tracksOf(ctx: CheckContext, volume: string): number {
  const blocks = ctx.history.topology.volumes.find((v) => v.name === volume)?.blocks ?? 0;
  return Math.ceil(blocks / ctx.history.topology.blocksPerTrack);
}

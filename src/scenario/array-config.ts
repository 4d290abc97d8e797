import type { ArrayConfig } from '../array/storage-array.js';
import { DEFAULT_COPY, type ProtocolConfig } from '../protocol/config.js';
import type { ScenarioDoc } from './schema.js';
import { formatBytes } from './units.js';

/** The array's fully resolved configuration, from a validated scenario. */
export function arrayConfigOf(doc: ScenarioDoc, driveCount: number): ArrayConfig {
  const { array } = doc;
  const blocksPerTrack = array.trackSize / array.blockSize;
  const { slots, writePendingSlots } = cacheSlotsOf(doc);
  return {
    geometry: { blockBytes: array.blockSize, blocksPerTrack },
    frontEnd: {
      count: array.frontEnd.directors,
      processors: array.frontEnd.processors,
      maxTasks: array.frontEnd.maxTasks,
      overheadNs: array.frontEnd.overhead,
      portMBps: array.frontEnd.portMBps,
    },
    backEnd: {
      count: array.backEnd.adapters,
      processors: array.backEnd.processors,
      maxTasks: array.backEnd.maxTasks,
      overheadNs: array.backEnd.overhead,
      backgroundPerDrive: array.backEnd.backgroundPerDrive,
    },
    cache: {
      slots,
      writePendingSlots,
      accessNs: array.cache.accessTime,
      destageConcurrency: array.cache.destageConcurrency ?? 2 * driveCount,
    },
    // Volumes are whole tracks: the unit of caching, copying and change tracking.
    volumes: array.volumes.map((v) => ({
      name: v.name,
      blocks: Math.ceil(v.size / array.trackSize) * blocksPerTrack,
      drives: v.drives,
      stripeTracks: v.stripe,
      raid1: v.raid1,
    })),
  };
}

/** The cache's size in track slots (at least 16), and how many of them may hold data not yet on the drives. */
export function cacheSlotsOf(doc: ScenarioDoc): { slots: number; writePendingSlots: number } {
  const { cache, trackSize } = doc.array;
  const slots = Math.max(16, Math.floor(cache.size / trackSize));
  return { slots, writePendingSlots: Math.max(1, Math.min(slots - 1, Math.floor(slots * cache.writePendingLimit))) };
}

/**
 * A write to a standard reserves write-pending room for a track on it and
 * on each of its BCVs (any may be mirroring when it lands); a larger write
 * lands in pieces, but one track must fit. Null when it does for every
 * standard, else why not.
 */
export function writePendingProblem(doc: ScenarioDoc): string | null {
  const bcvs = new Map<string, number>();
  for (const pair of doc.pairs) bcvs.set(pair.std, (bcvs.get(pair.std) ?? 0) + 1);
  let busiest: string | null = null;
  for (const [std, count] of bcvs) if (busiest === null || count > bcvs.get(busiest)!) busiest = std;
  if (busiest === null) return null;
  const { slots, writePendingSlots } = cacheSlotsOf(doc);
  const needed = 1 + bcvs.get(busiest)!;
  if (writePendingSlots >= needed) return null;
  return (
    `expected room for a write of one track to standard ${busiest} and its ${needed - 1} BCVs: at least ${needed} write-pending slots, ` +
    `got ${writePendingSlots} (${doc.array.cache.writePendingLimit} of ${slots} slots of ${formatBytes(doc.array.trackSize)}); give a larger cache or writePendingLimit`
  );
}

export function protocolConfigOf(doc: ScenarioDoc): ProtocolConfig {
  const p = doc.protocol;
  return {
    commandNs: p.commandTime,
    splitStepNs: p.splitStep,
    copy: {
      rateMBps: p.copy.rateMBps ?? DEFAULT_COPY.rateMBps,
      concurrency: p.copy.concurrency ?? DEFAULT_COPY.concurrency,
      priority: p.copy.priority ?? DEFAULT_COPY.priority,
      order: p.copy.order ?? DEFAULT_COPY.order,
    },
    copyOnRead: p.copyOnRead,
    bcvWriteDuringRestore: p.bcvWriteDuringRestore,
  };
}

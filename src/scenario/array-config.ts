import type { ArrayConfig } from '../array/storage-array.js';
import { DEFAULT_COPY, type ProtocolConfig } from '../protocol/config.js';
import type { ScenarioDoc } from './schema.js';

/** The array's fully resolved configuration, from a validated scenario. */
export function arrayConfigOf(doc: ScenarioDoc, driveCount: number): ArrayConfig {
  const { array } = doc;
  const blocksPerTrack = array.trackSize / array.blockSize;
  const slots = Math.max(16, Math.floor(array.cache.size / array.trackSize));
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
      writePendingSlots: Math.max(1, Math.min(slots - 1, Math.floor(slots * array.cache.writePendingLimit))),
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

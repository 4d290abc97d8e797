import { expandDrives } from './drives.js';
import type { ArraySummary } from './results.js';
import type { ScenarioDoc } from './schema.js';

/** What a report says about the array a run simulated: sizes, counts and layout, from the validated scenario. */
export function arraySummaryOf(doc: ScenarioDoc): ArraySummary {
  const { array } = doc;
  return {
    blockBytes: array.blockSize,
    trackBytes: array.trackSize,
    cacheBytes: array.cache.size,
    frontEndDirectors: array.frontEnd.directors,
    backEndAdapters: array.backEnd.adapters,
    drives: array.drives.flatMap((drive) => expandDrives(drive).map((name) => ({ name, model: drive.model }))),
    // Volumes are whole tracks (see arrayConfigOf).
    volumes: array.volumes.map((v) => ({
      name: v.name,
      sizeBytes: Math.ceil(v.size / array.trackSize) * array.trackSize,
      drives: v.drives,
      raid1: v.raid1,
    })),
  };
}

import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_MAX_WAIT_NS } from '../hdd/defaults.js';
import { zoneLbnCount } from '../hdd/layout.js';
import type { HddParams, SeekPoint } from '../hdd/params.js';
import { parseDiskSimSpecs, type DiskSimSpecs } from './diskspecs.js';
import { parseDiskSimModel, type DiskSimModel } from './model.js';
import { DiskSimFormatError } from './parse.js';
import { parseSeekFile } from './seek-file.js';

/** Drives DiskSim validates with a single request in service; the queue is bounded all the same. */
const QUEUE_CAPACITY = 65_536;

/**
 * Combines a parsed `.model`, its `.seek` curve and a `.diskspecs` into
 * drive parameters (a pure function: no files read here). The drive
 * exposes the declared block count, or what the zones map if that is less.
 */
export function hddParamsFromDiskSim(model: DiskSimModel, seek: readonly SeekPoint[], specs: DiskSimSpecs): HddParams {
  return {
    model: specs.name,
    geometry: { ...model.geometry, capacitySectors: Math.min(model.declaredSectors, mappedSectors(model)) },
    mechanics: {
      rpm: model.rpm,
      headSwitchNs: model.headSwitchNs,
      writeSettleNs: model.writeSettleNs,
      seek: { kind: 'table', points: seek },
    },
    controller: specs.controller,
    cache: specs.cache,
    queuePolicy: specs.queuePolicy,
    queueCapacity: QUEUE_CAPACITY,
    // DiskSim's own queue has no aging here (its timeout schemes are off in these files); ours is an assumption.
    maxWaitNs: DEFAULT_MAX_WAIT_NS,
  };
}

function mappedSectors(model: DiskSimModel): number {
  return model.geometry.zones.reduce((total, zone) => total + zoneLbnCount(model.geometry, zone), 0);
}

/**
 * Reads `NAME.model`, the seek file it names and `NAME.diskspecs` from the
 * folder of `basePath` (`…/atlas10k` or `…/atlas10k.trace` both work).
 */
export function loadDiskSimHddParams(basePath: string): HddParams {
  const dir = dirname(basePath);
  const stem = basename(basePath).replace(/\.(trace|model|diskspecs|seek)$/, '');
  const modelFile = join(dir, `${stem}.model`);
  const model = parseDiskSimModel(modelFile, readText(modelFile));
  const seekFile = join(dir, model.seekFile);
  const seek = parseSeekFile(seekFile, readText(seekFile));
  const specsFile = join(dir, `${stem}.diskspecs`);
  return hddParamsFromDiskSim(model, seek, parseDiskSimSpecs(specsFile, readText(specsFile)));
}

/** Reads a text file, turning a missing or unreadable file into a clear input error. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'unreadable';
    throw new DiskSimFormatError(file, 0, `cannot read the file (${reason})`);
  }
}

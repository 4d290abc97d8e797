import { DEFAULT_MAX_WAIT_NS } from '../hdd/defaults.js';
import { zoneLbnCount } from '../hdd/layout.js';
import type { HddParams, SeekPoint } from '../hdd/params.js';
import type { DiskSimSpecs } from './diskspecs.js';
import type { DiskSimModel } from './model.js';

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
 * The drive as DiskSim 4.0 runs its files, where the model departs from it
 * to follow DiskSim's manual: `Read any free blocks` keeps nothing (see
 * `parseCache`). Replayed on its validation trace, this drive reproduces
 * DiskSim's own demerit; the drive as described is the one checked against
 * the measured times.
 */
export function asDiskSimRunsIt(params: HddParams): HddParams {
  return params.cache.readAnyFreeSectors ? { ...params, cache: { ...params.cache, readAnyFreeSectors: false } } : params;
}

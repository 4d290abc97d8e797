import { resolve } from 'node:path';
import type { Simulator } from '../engine/simulator.js';
import { SECTOR_BYTES, type Drive } from '../devices/drive.js';
import { loadDiskSimHddParams } from '../devices/disksim/load.js';
import { ExponentialServiceDrive } from '../devices/exponential-drive.js';
import { FixedServiceDrive } from '../devices/fixed-drive.js';
import { Hdd } from '../devices/hdd/hdd.js';
import type { HddParams } from '../devices/hdd/params.js';
import { CHEETAH_15K5 } from '../devices/hdd/defaults.js';
import type { QueuePolicy } from '../devices/queue-policy.js';
import { Ssd, SSD_DEFAULTS, ssdConfigProblem, type SsdOptions } from '../devices/ssd/index.js';
import type { DriveDoc } from './schema.js';

/** Capacity of the reference stations, which have no geometry: 1 TiB unless the scenario says. */
const STATION_CAPACITY_SECTORS = 2 ** 31;

/** The names a drive entry stands for: its name, or `prefix0 … prefix(count-1)`. */
export function expandDrives(doc: DriveDoc): string[] {
  if ('name' in doc) return [doc.name];
  return Array.from({ length: doc.count }, (_, i) => `${doc.prefix}${i}`);
}

/** A drive's capacity in sectors, without building it. */
export function driveCapacitySectors(doc: DriveDoc, dir: string): number {
  switch (doc.model) {
    case 'hdd':
      return CHEETAH_15K5.geometry.capacitySectors;
    case 'disksim':
      return diskSimParams(doc.description, dir, doc.queue).geometry.capacitySectors;
    case 'ssd':
      return doc.capacity !== undefined ? Math.floor(doc.capacity / SECTOR_BYTES) : SSD_DEFAULTS.capacitySectors;
    case 'fixed':
    case 'exponential':
      return doc.capacity !== undefined ? Math.floor(doc.capacity / SECTOR_BYTES) : STATION_CAPACITY_SECTORS;
  }
}

/** Builds every drive of the scenario, in order. */
export function buildDrives(sim: Simulator, docs: readonly DriveDoc[], dir: string): Drive[] {
  return docs.flatMap((doc) => expandDrives(doc).map((name) => buildDrive(sim, doc, name, dir)));
}

function buildDrive(sim: Simulator, doc: DriveDoc, name: string, dir: string): Drive {
  switch (doc.model) {
    case 'hdd':
      return new Hdd(sim, withQueue(CHEETAH_15K5, doc.queue), name);
    case 'disksim':
      return new Hdd(sim, diskSimParams(doc.description, dir, doc.queue), name);
    case 'ssd':
      return new Ssd(sim, ssdOptionsOf(doc, name));
    case 'fixed':
      return new FixedServiceDrive(sim, { name, serviceNs: doc.service, capacitySectors: driveCapacitySectors(doc, dir) });
    case 'exponential':
      return new ExponentialServiceDrive(sim, { name, meanServiceNs: doc.meanService, capacitySectors: driveCapacitySectors(doc, dir) });
  }
}

type SsdDoc = Extract<DriveDoc, { model: 'ssd' }>;

function ssdOptionsOf(doc: SsdDoc, name: string): SsdOptions {
  return {
    name,
    ...(doc.capacity !== undefined && { capacitySectors: Math.floor(doc.capacity / SECTOR_BYTES) }),
    ...(doc.channels !== undefined && { channels: doc.channels }),
    ...(doc.diesPerChannel !== undefined && { diesPerChannel: doc.diesPerChannel }),
    ...(doc.pageSize !== undefined && { pageBytes: doc.pageSize }),
    ...(doc.readTime !== undefined && { readNs: doc.readTime }),
    ...(doc.programTime !== undefined && { programNs: doc.programTime }),
    ...(doc.channelMBps !== undefined && { channelMBps: doc.channelMBps }),
    ...(doc.overhead !== undefined && { overheadNs: doc.overhead }),
  };
}

/** The scenario's key for each SSD setting it can give. */
const SSD_KEYS: Partial<Record<keyof SsdOptions, string>> = {
  capacitySectors: 'capacity',
  channels: 'channels',
  diesPerChannel: 'diesPerChannel',
  pageBytes: 'pageSize',
  readNs: 'readTime',
  programNs: 'programTime',
  channelMBps: 'channelMBps',
  overheadNs: 'overhead',
};

/** What the drive models would refuse to be built with (DiskSim descriptions are checked on their own): the key and what it needs. */
export function driveProblems(doc: DriveDoc): { key?: string; message: string }[] {
  if ('capacity' in doc && doc.capacity !== undefined && doc.capacity < SECTOR_BYTES) {
    return [{ key: 'capacity', message: `expected at least ${SECTOR_BYTES} bytes (one sector), got ${doc.capacity} bytes` }];
  }
  if (doc.model === 'exponential' && doc.meanService <= 0) return [{ key: 'meanService', message: 'expected a positive duration (the mean of an exponential service time)' }];
  if (doc.model !== 'ssd') return [];
  const problem = ssdConfigProblem(ssdOptionsOf(doc, 'ssd'));
  if (!problem) return [];
  const key = SSD_KEYS[problem.field];
  return [key ? { key, message: problem.message } : { message: `${problem.field}: ${problem.message}` }];
}

const diskSimCache = new Map<string, HddParams>();

/** DiskSim descriptions are parsed once per path and run. */
export function diskSimParams(description: string, dir: string, queue: string | undefined): HddParams {
  const path = resolve(dir, description);
  let params = diskSimCache.get(path);
  if (!params) {
    params = loadDiskSimHddParams(path);
    diskSimCache.set(path, params);
  }
  return withQueue(params, queue);
}

function withQueue(params: HddParams, queue: string | undefined): HddParams {
  return queue === undefined ? params : { ...params, queuePolicy: queue as QueuePolicy };
}

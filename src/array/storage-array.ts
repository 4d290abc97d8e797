import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { Drive } from '../devices/drive.js';
import type { FaultyDrive } from '../devices/faulty-drive.js';
import { FaultInjector } from './faults.js';
import { BackEnd } from './backend.js';
import { Cache, type CacheConfig } from './cache.js';
import type { IoController } from './controller.js';
import { DirectController } from './direct-controller.js';
import { Director } from './director.js';
import { FrontEnd } from './front-end.js';
import { checkGeometry, sectorsPerBlock, type Geometry } from './geometry.js';
import type { History } from './history.js';
import { StripedLayout, type StripeMember } from './layout.js';
import { Volume } from './volume.js';

export interface DirectorPoolConfig {
  readonly count: number;
  readonly processors: number;
  readonly maxTasks: number;
  readonly overheadNs: TimeNs;
}

export interface VolumeConfig {
  readonly name: string;
  readonly blocks: number;
  /** Drives to stripe over, in order; with `raid1`, consecutive drives form mirrored pairs. */
  readonly drives: readonly string[];
  readonly stripeTracks: number;
  readonly raid1: boolean;
}

export interface ArrayConfig {
  readonly geometry: Geometry;
  readonly frontEnd: DirectorPoolConfig & { readonly portMBps: number };
  readonly backEnd: DirectorPoolConfig & {
    /** Background operations (destage, copy) allowed on one drive at a time. */
    readonly backgroundPerDrive: number;
  };
  readonly cache: CacheConfig;
  readonly volumes: readonly VolumeConfig[];
}

/**
 * What an array is built from: the simulator, the drives (spares included),
 * the configuration, the history and — with faults — the fault overlays on
 * the drives (`drives` holds them) and the spares' names. The protocol's
 * world builder takes these, and builds the array and the protocol on it.
 */
export interface ArrayParts {
  readonly sim: Simulator;
  readonly drives: readonly Drive[];
  readonly array: ArrayConfig;
  readonly history: History;
  readonly faults?: { readonly drives: ReadonlyMap<string, FaultyDrive>; readonly spares: readonly string[] } | null;
}

/**
 * The array: front-end directors, cache, back-end adapters and drives, and
 * the logical volumes laid out on them. Built from drives made elsewhere
 * (so any `Drive` model fits) and a fully resolved configuration.
 */
export class StorageArray {
  readonly volumes: readonly Volume[];
  readonly frontEnd: FrontEnd;
  readonly cache: Cache;
  readonly backEnd: BackEnd;
  readonly adapters: readonly Director[];
  readonly directControl: IoController;
  private readonly byName: ReadonlyMap<string, Volume>;

  constructor(
    readonly sim: Simulator,
    readonly config: ArrayConfig,
    readonly drives: readonly Drive[],
    readonly history: History,
  ) {
    checkGeometry(config.geometry);
    this.volumes = layOutVolumes(config, drives);
    this.byName = new Map(this.volumes.map((v) => [v.name, v]));
    this.adapters = makeDirectors(sim, 'da', config.backEnd);
    const adapterOf = new Map(drives.map((drive, i) => [drive, this.adapters[i % this.adapters.length]!] as const));
    this.backEnd = new BackEnd(adapterOf, config.backEnd.backgroundPerDrive);
    this.cache = new Cache(sim, config.cache, this.volumes, this.backEnd, history);
    this.directControl = new DirectController(this.cache);
    const directors = makeDirectors(sim, 'fa', config.frontEnd);
    this.frontEnd = new FrontEnd(sim, directors, this.directControl, history, config.frontEnd.portMBps);
  }

  /** The fault injector, once faults are enabled (drives wrapped in `FaultyDrive`). */
  faults: FaultInjector | null = null;

  enableFaults(drives: ReadonlyMap<string, FaultyDrive>, spares: readonly string[]): FaultInjector {
    this.faults = new FaultInjector(this.sim, this, drives, spares);
    return this.faults;
  }

  volume(name: string): Volume {
    const volume = this.byName.get(name);
    if (!volume) throw new AssertionError(`no volume named ${name}`);
    return volume;
  }

  hasVolume(name: string): boolean {
    return this.byName.has(name);
  }
}

function makeDirectors(sim: Simulator, prefix: string, pool: DirectorPoolConfig): Director[] {
  return Array.from({ length: pool.count }, (_, i) => new Director(sim, { name: `${prefix}${i}`, ...pool }));
}

/** Gives each volume an extent on each of its drives, allocating each drive's space from sector 0 up. */
function layOutVolumes(config: ArrayConfig, drives: readonly Drive[]): Volume[] {
  const driveByName = new Map(drives.map((d) => [d.name, d]));
  const nextFreeSector = new Map(drives.map((d) => [d.name, 0]));
  const spb = sectorsPerBlock(config.geometry);
  const sectorsPerTrack = config.geometry.blocksPerTrack * spb;
  return config.volumes.map((vc, index) => {
    const width = vc.raid1 ? 2 : 1;
    if (vc.drives.length === 0 || vc.drives.length % width !== 0) {
      throw new AssertionError(`volume ${vc.name}: RAID-1 needs an even number of drives`);
    }
    const tracks = Math.ceil(vc.blocks / config.geometry.blocksPerTrack);
    const memberCount = vc.drives.length / width;
    const extentSectors = StripedLayout.tracksPerMember(tracks, memberCount, vc.stripeTracks) * sectorsPerTrack;
    const members: StripeMember[] = [];
    for (let m = 0; m < memberCount; m++) {
      const names = vc.drives.slice(m * width, (m + 1) * width);
      const memberDrives = names.map((name) => {
        const drive = driveByName.get(name);
        if (!drive) throw new AssertionError(`volume ${vc.name}: no drive named ${name}`);
        return drive;
      });
      const baseSectors = memberDrives.map((drive) => {
        const base = nextFreeSector.get(drive.name)!;
        if (base + extentSectors > drive.capacitySectors) {
          throw new AssertionError(`volume ${vc.name} does not fit on drive ${drive.name}`);
        }
        nextFreeSector.set(drive.name, base + extentSectors);
        return base;
      });
      members.push({ drives: memberDrives, baseSectors });
    }
    const layout = new StripedLayout(members, vc.stripeTracks, config.geometry.blocksPerTrack, spb);
    return new Volume(index, vc.name, vc.blocks, config.geometry, layout);
  });
}

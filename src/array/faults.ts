import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { Drive } from '../devices/drive.js';
import type { FaultyDrive } from '../devices/faulty-drive.js';
import type { History } from './history.js';
import { Rebuild } from './rebuild.js';
import type { StorageArray } from './storage-array.js';

/** What the rest of the array (the protocol) hears of faults. */
export type FaultEvent =
  | { readonly kind: 'director-failed' | 'director-restarted'; readonly director: number }
  | { readonly kind: 'power-lost' | 'power-restored' }
  | { readonly kind: 'drive-failed'; readonly drive: string; readonly spare: string | null };

/** A fault that happened, for the run's results. */
export interface FaultRecord {
  readonly atNs: TimeNs;
  readonly fault: string;
  readonly target: string;
  readonly detail: string;
}

/**
 * Injects faults into the array: drive failure (a RAID-1 member rebuilds
 * onto a spare), latent media errors, a slow drive, director failure and
 * restart, power loss with the cache vaulted. Drives must be wrapped in
 * `FaultyDrive` (the overlay that keeps the pristine model intact).
 */
export class FaultInjector {
  private readonly listeners: ((event: FaultEvent) => void)[] = [];
  private readonly spares: string[];
  readonly rebuilds: Rebuild[] = [];
  readonly records: FaultRecord[] = [];
  private readonly kind: number;

  constructor(
    private readonly sim: Simulator,
    private readonly array: StorageArray,
    private readonly drives: ReadonlyMap<string, FaultyDrive>,
    spares: readonly string[],
  ) {
    this.spares = [...spares];
    this.kind = sim.kind('array.fault');
  }

  onFault(listener: (event: FaultEvent) => void): void {
    this.listeners.push(listener);
  }

  failDrive(name: string): void {
    const drive = this.drive(name);
    if (drive.isFailed) return;
    drive.fail();
    const spareName = this.spares.shift() ?? null;
    this.record('drive failure', name, spareName ? `rebuilding onto ${spareName}` : 'no spare');
    // Before a rebuild puts the spare in its place in the layouts.
    const volumes = this.array.volumes.filter((v) => v.layout.members.some((m) => m.drives.some((d) => d.name === name))).map((v) => v.name);
    this.history.faults.push({ kind: 'drive-failed', atNs: this.sim.now, drive: name, spare: spareName, volumes });
    if (spareName) {
      // The layout holds the array's own drive objects (possibly decorated further): rebuild with those.
      const rebuild = new Rebuild(this.sim, this.array.backEnd, this.arrayDrive(name), this.arrayDrive(spareName), this.array.volumes, this.array.volumes[0]!.layout.sectorsPerTrack, (r) => {
        this.record('rebuild done', r.spare.name, `${((this.sim.now - r.startNs) / 1e9).toFixed(3)} s`);
        this.history.faults.push({ kind: 'rebuild-done', atNs: this.sim.now, drive: r.spare.name });
      });
      if (rebuild.needed) this.rebuilds.push(rebuild);
      else this.spares.unshift(spareName); // nothing mirrored on it: the spare stays free
      rebuild.start();
    }
    this.emit({ kind: 'drive-failed', drive: name, spare: spareName });
  }

  slowDrive(name: string, factor: number): void {
    this.drive(name).slow(factor);
    this.record('slow drive', name, `${factor}× response times`);
    this.history.faults.push({ kind: 'drive-slow', atNs: this.sim.now, drive: name, factor });
  }

  /** A latent media error under a block of a volume, on one drive of its member (mirror index). */
  mediaErrorAt(volumeName: string, block: number, mirror = 0): void {
    const volume = this.array.volume(volumeName);
    const track = volume.trackOf(block);
    const member = volume.layout.memberOf(track);
    const index = Math.min(mirror, member.drives.length - 1);
    const sector = member.baseSectors[index]! + volume.layout.offsetOf(track) + (block - track * volume.geometry.blocksPerTrack) * volume.layout.sectorsPerBlock;
    const name = member.drives[index]!.name;
    this.drive(name).addMediaError(sector);
    this.record('media error', name, `${volumeName} block ${block} (sector ${sector})`);
    this.history.faults.push({ kind: 'media-error', atNs: this.sim.now, drive: name, volume: volumeName, block, mirror: index });
  }

  failDirector(index: number): void {
    this.array.frontEnd.failDirector(index);
    this.record('director failure', `fa${index}`, '');
    this.history.faults.push({ kind: 'director-failed', atNs: this.sim.now, director: index });
    this.emit({ kind: 'director-failed', director: index });
  }

  restartDirector(index: number): void {
    this.array.frontEnd.restartDirector(index);
    this.record('director restart', `fa${index}`, '');
    this.history.faults.push({ kind: 'director-restarted', atNs: this.sim.now, director: index });
    this.emit({ kind: 'director-restarted', director: index });
  }

  /** Power fails for `durationNs`; with `vault`, the cache's dirty data is saved on battery and comes back. */
  powerLoss(durationNs: TimeNs, vault = true): void {
    this.array.frontEnd.powerLost();
    this.array.cache.powerLost(vault);
    this.record('power loss', 'array', `${(durationNs / 1e9).toFixed(3)} s, cache ${vault ? 'vaulted' : 'NOT vaulted'}`);
    this.history.faults.push({ kind: 'power-lost', atNs: this.sim.now, vaulted: vault });
    this.emit({ kind: 'power-lost' });
    this.sim.after(durationNs, this.kind, () => {
      this.array.cache.powerRestored();
      this.array.frontEnd.powerRestored();
      this.record('power restored', 'array', '');
      this.history.faults.push({ kind: 'power-restored', atNs: this.sim.now });
      this.emit({ kind: 'power-restored' });
    });
  }

  /** The run's history, where every fault and recovery is recorded for the checkers. */
  private get history(): History {
    return this.array.history;
  }

  private arrayDrive(name: string): Drive {
    const drive = this.array.drives.find((d) => d.name === name);
    if (!drive) throw new AssertionError(`no drive named ${name} in the array`);
    return drive;
  }

  private drive(name: string): FaultyDrive {
    const drive = this.drives.get(name);
    if (!drive) throw new AssertionError(`no fault-injectable drive named ${name}`);
    return drive;
  }

  private record(fault: string, target: string, detail: string): void {
    this.records.push({ atNs: this.sim.now, fault, target, detail });
    this.sim.trace.record(this.sim.now, this.kind, this.records.length, 0);
  }

  private emit(event: FaultEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

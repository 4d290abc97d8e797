import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { Cache, CacheObserver } from '../array/cache.js';
import { blockMask, maskEnd, maskFirst } from '../array/geometry.js';
import type { History } from '../array/history.js';
import type { Volume } from '../array/volume.js';
import type { Work } from '../array/work.js';
import type { CopyConfig } from '../protocol/config.js';

/**
 * Holds the cache's decisions to what it is documented to do, against the
 * slot table (the part of the cache model that knows what is in cache, and
 * which mutation testing leaves alone): a read stages from the drives
 * exactly what it misses — for each track with a wanted block not in cache,
 * the run from the first such block to the last, and nothing when every
 * wanted block is there; no more destages are in flight than the cache's
 * `destageConcurrency`; and none starts while the array has no power (the
 * history's outages). Writes are let in first come, first served; a destage
 * starts only for a track not being destaged, with something to write, and
 * the history's writes to the drives are what destages started to write;
 * the background copy's reads are the work its priority says. Data never
 * shows these: a read served from the drives returns what a hit would, so
 * without this watch a cache that never hit, or always did, passed every
 * guarantee. A violation is an `AssertionError` (the gate reports a crash,
 * exit 4): at once for a decision, after the run (`finish`) for the outages
 * and the records.
 */
export class CacheProbe implements CacheObserver {
  /** The read the cache is deciding (null: none), what the slot table says it misses and what it staged, as (track, from, to) triples in track order. */
  private read: { readonly volume: Volume; readonly startBlock: number; readonly blockCount: number } | null = null;
  private readonly missing: number[] = [];
  private readonly staged: number[] = [];
  private inFlight = 0;
  private readonly destageStarts: number[] = [];
  /** The tracks being destaged (`volume:track`), and the blocks each destage started to write (`volume:first:count`, as many as started). */
  private readonly destaging = new Set<string>();
  private readonly destaged = new Map<string, number>();
  /** Writes waiting for write-pending room, oldest first. */
  private readonly waiting: object[] = [];

  constructor(
    private readonly sim: Simulator,
    private readonly cache: Cache,
    /** The background copy's priority in this world (every pair's): its reads are background work when `low`. */
    private readonly copyPriority: CopyConfig['priority'] = 'low',
  ) {
    cache.observer = this;
  }

  readArrived(volume: Volume, startBlock: number, blockCount: number, work: Work): void {
    this.settleRead();
    const expected = this.copyPriority === 'low' ? 'background' : 'host';
    if (work.copy && work.priority !== expected) {
      throw new AssertionError(`a background copy read blocks ${startBlock}–${startBlock + blockCount - 1} of ${volume.name} as ${work.priority} work; its priority ${this.copyPriority} makes it ${expected} work`);
    }
    const bpt = volume.geometry.blocksPerTrack;
    const endBlock = startBlock + blockCount;
    for (let track = Math.floor(startBlock / bpt); track * bpt < endBlock; track++) {
      const first = track * bpt;
      const wanted = blockMask(Math.max(startBlock, first) - first, Math.min(endBlock, first + bpt) - first);
      const absent = (wanted & ~this.cache.table.validMask(volume, track)) >>> 0;
      if (absent !== 0) this.missing.push(track, maskFirst(absent), maskEnd(absent));
    }
    this.read = { volume, startBlock, blockCount };
  }

  staging(volume: Volume, track: number, fromBlock: number, toBlock: number): void {
    const staged = this.staged;
    if (this.read === null || this.read.volume !== volume || (staged.length > 0 && staged[staged.length - 3]! >= track)) {
      throw new AssertionError(`the cache staged blocks ${fromBlock}–${toBlock - 1} of track ${track} of ${volume.name} outside a read's decision, twice, or out of track order`);
    }
    staged.push(track, fromBlock, toBlock);
  }

  destageStarted(volume: Volume, track: number, fromBlock: number, toBlock: number): void {
    const key = `${volume.name}:${track}`;
    if (this.destaging.has(key) || fromBlock < 0 || fromBlock >= toBlock) {
      throw new AssertionError(`the cache started a destage of blocks ${fromBlock}–${toBlock - 1} of track ${track} of ${volume.name}${this.destaging.has(key) ? ', already being destaged' : ', which has nothing to write'}`);
    }
    this.destaging.add(key);
    const first = track * volume.geometry.blocksPerTrack + fromBlock;
    const written = `${volume.name}:${first}:${Math.min(toBlock - fromBlock, volume.blocks - first)}`;
    this.destaged.set(written, (this.destaged.get(written) ?? 0) + 1);
    this.inFlight++;
    this.destageStarts.push(this.sim.now);
    const limit = this.cache.config.destageConcurrency;
    if (this.inFlight > limit) throw new AssertionError(`the cache started a destage of track ${track} of ${volume.name} with ${this.inFlight - 1} in flight; at most ${limit} may be`);
  }

  destageEnded(volume: Volume, track: number): void {
    this.destaging.delete(`${volume.name}:${track}`);
    this.inFlight--;
  }

  writeArrived(write: object): void {
    this.waiting.push(write);
  }

  /** Writes are let in first come, first served: one waiting lets no later one past it. */
  writeAccepted(write: object): void {
    if (this.waiting[0] !== write) throw new AssertionError(`the cache let a write in with ${this.waiting.indexOf(write)} writes waiting before it; they wait first come, first served`);
    this.waiting.shift();
  }

  /** After the run: the last read's decision, and no destage started while the power was off. */
  finish(history: History): void {
    this.settleRead();
    let lostNs: number | null = null;
    const outages: [number, number][] = [];
    for (const fault of history.faults) {
      if (fault.kind === 'power-lost') lostNs ??= fault.atNs;
      if (fault.kind === 'power-restored' && lostNs !== null) {
        outages.push([lostNs, fault.atNs]);
        lostNs = null;
      }
    }
    if (lostNs !== null) outages.push([lostNs, Infinity]);
    // Strictly inside an outage: at its first instant a destage may have started before the power went, at its last after it came back.
    const during = this.destageStarts.find((atNs) => outages.some(([from, to]) => atNs > from && atNs < to));
    if (during !== undefined) throw new AssertionError(`the cache started a destage at ${during} ns, while the array had no power`);
    // Each write to the drives the history records is the blocks a destage started to write.
    const unmatched = new Map(this.destaged);
    for (const write of history.physicalWritesOn('disk')) {
      const key = `${write.volume}:${write.startBlock}:${write.blockCount}`;
      const left = unmatched.get(key) ?? 0;
      if (left === 0) throw new AssertionError(`the history records a write of blocks ${write.startBlock}–${write.startBlock + write.blockCount - 1} of ${write.volume} to the drives at ${write.timeNs} ns that no destage started`);
      unmatched.set(key, left - 1);
    }
  }

  /** The staging the read under decision did must be exactly what it missed (all of it is told before the next read arrives). */
  private settleRead(): void {
    const read = this.read;
    if (read === null) return;
    const { missing, staged } = this;
    const same = missing.length === staged.length && missing.every((value, i) => staged[i] === value);
    const describe = (runs: number[]) => runs.flatMap((_, i) => (i % 3 === 0 ? [`track ${runs[i]} blocks ${runs[i + 1]}–${runs[i + 2]! - 1}`] : [])).join(', ') || 'nothing';
    const wrong = same ? null : `a read of blocks ${read.startBlock}–${read.startBlock + read.blockCount - 1} of ${read.volume.name} staged ${describe(staged)} from the drives; it missed ${describe(missing)}`;
    this.read = null;
    missing.length = 0;
    staged.length = 0;
    if (wrong !== null) throw new AssertionError(wrong);
  }
}

import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { DriveError } from '../devices/drive.js';
import { Stage } from '../metrics/stage-ledger.js';
import type { BackEnd } from './backend.js';
import { Fifo } from './fifo.js';
import { blockMask, maskEnd, maskFirst } from './geometry.js';
import type { History, WriteLayer, WriteSource } from './history.js';
import { SlotTable } from './slot-table.js';
import type { Volume } from './volume.js';
import { BACKGROUND_WORK, COPY_DESTAGE_WORK, branchOf, joinLast, type Work } from './work.js';

export interface CacheConfig {
  /** Cache size, in track slots. */
  readonly slots: number;
  /** At most this many slots hold data not yet on the drives; further writes wait (host throttling). */
  readonly writePendingSlots: number;
  /** Time to serve a read hit or accept a write into cache. */
  readonly accessNs: TimeNs;
  /** Destage writes in flight at once. */
  readonly destageConcurrency: number;
}

/** After a destage failed (a failed drive), the slot is tried again this much later. */
const DESTAGE_RETRY_NS = 50_000_000;

export type CacheDone = (error: DriveError | null) => void;

/**
 * What the cache decides, told to a watcher as it decides it (the gate's
 * `CacheProbe` holds the decisions to the slot table). A watcher changes nothing.
 */
export interface CacheObserver {
  /** A read of blocks `[startBlock, startBlock + blockCount)` of `volume` arrived, for `work`; what it stages is told next, at once. */
  readArrived(volume: Volume, startBlock: number, blockCount: number, work: Work): void;
  /** The read stages blocks `[fromBlock, toBlock)` (within the track) of `track` from the drives. */
  staging(volume: Volume, track: number, fromBlock: number, toBlock: number): void;
  /** A destage of blocks `[fromBlock, toBlock)` of `track` starts; it ends, written or failed, with `destageEnded`. */
  destageStarted(volume: Volume, track: number, fromBlock: number, toBlock: number): void;
  destageEnded(volume: Volume, track: number): void;
  /** A write asked for write-pending room (`write`: a token for it); it is let in, now or later, with `writeAccepted`. */
  writeArrived(write: object): void;
  writeAccepted(write: object): void;
}

/** The data a write carries: one stamp for every block (host writes), or one stamp per block. */
export type WriteData = number | Uint32Array;

interface PendingWrite {
  readonly slotsNeeded: number;
  readonly work: Work;
  readonly apply: () => void;
}

/** How many tracks blocks `[startBlock, startBlock + blockCount)` touch. */
export function tracksSpanned(volume: Volume, startBlock: number, blockCount: number): number {
  const bpt = volume.geometry.blocksPerTrack;
  return Math.floor((startBlock + blockCount - 1) / bpt) - Math.floor(startBlock / bpt) + 1;
}

/**
 * The write-back cache, in track slots. A write is acknowledged once it is
 * in cache, and destaged to the drives in the background; the cache is
 * battery-backed and mirrored, so an acknowledged write survives anything
 * short of losing the cache itself. Reads are served from cache where every
 * requested block is present, and otherwise staged from the drives. Only
 * clean slots are ever evicted.
 *
 * What a read returns is taken at one instant, when its data is ready: each
 * block from the cache if present there, else from the drives.
 */
export class Cache {
  readonly table: SlotTable;
  private dirtyReserved = 0;
  /** The admitted write whose `apply` runs now (null outside one), and the slots its puts have made dirty so far. */
  private landing: PendingWrite | null = null;
  private landingDirtied = 0;
  private readonly writeWaiters = new Fifo<PendingWrite>();
  private readonly destageQueue = new Fifo<number>();
  private destagesInFlight = 0;
  private readonly destageWaiters: { slots: Map<number, number>; done: () => void }[] = [];
  private readonly kindAccess: number;
  private readonly kindDestageStart: number;
  /** 1 for a slot the background copy made dirty: its destage is copy work (host I/O waiting behind it waits behind the copy). */
  private readonly copyDirty: Uint8Array;
  /** Called after each destage reached the drives (blocks `[from, to)` of a track): for observers and variants. */
  onDestaged: ((volume: Volume, track: number, fromBlock: number, toBlock: number) => void) | null = null;
  /** Told every read's staging and every destage as the cache decides them (null: nobody watches). */
  observer: CacheObserver | null = null;
  destageErrors = 0;
  /** While false (power is off), nothing is destaged. */
  running = true;
  /** The five counters below count from this instant on: a run's warm-up is left out, as every other metric leaves it out. */
  countFromNs: TimeNs = 0;
  readHits = 0;
  readMisses = 0;
  writes = 0;
  destages = 0;
  throttledWrites = 0;

  constructor(
    private readonly sim: Simulator,
    readonly config: CacheConfig,
    volumes: readonly Volume[],
    private readonly backEnd: BackEnd,
    private readonly history: History,
  ) {
    if (!(config.writePendingSlots >= 1 && config.writePendingSlots < config.slots && config.destageConcurrency >= 1)) {
      throw new AssertionError(`cache: write-pending slots must be in 1..slots-1, got ${config.writePendingSlots} of ${config.slots}`);
    }
    this.table = new SlotTable(config.slots, volumes);
    this.copyDirty = new Uint8Array(config.slots);
    this.kindAccess = sim.kind('cache.access');
    this.kindDestageStart = sim.kind('cache.destage');
  }

  /** Reads blocks into `out` (from index 0), from cache or, for what is missing, from the drives, for `work`. */
  read(volume: Volume, startBlock: number, blockCount: number, out: Uint32Array, work: Work, done: CacheDone): void {
    this.observer?.readArrived(volume, startBlock, blockCount, work);
    const bpt = volume.geometry.blocksPerTrack;
    const endBlock = startBlock + blockCount;
    const firstTrack = Math.floor(startBlock / bpt);
    const lastTrack = Math.floor((endBlock - 1) / bpt);
    let missing = 0;
    // Stryker disable next-line UnaryOperator: equivalent — set wherever it is read (one track missed)
    let missedTrack = -1;
    for (let track = firstTrack; track <= lastTrack; track++) {
      if (this.missingMask(volume, track, startBlock, endBlock) !== 0) {
        missing++;
        missedTrack = track;
      }
    }
    if (missing === 0) {
      if (this.sim.now >= this.countFromNs) this.readHits++;
      work.ledger?.enter(Stage.cache);
      this.sim.after(this.config.accessNs, this.kindAccess, () => {
        this.copyOut(volume, startBlock, blockCount, out);
        done(null);
      });
      return;
    }
    if (this.sim.now >= this.countFromNs) this.readMisses++;
    // Stryker disable next-line ConditionalExpression: equivalent — the general path below stages the one track the same way and answers the same (stageOne saves callbacks only)
    if (missing === 1) return this.stageOne(volume, missedTrack, startBlock, blockCount, out, work, done);
    // The tracks are staged in parallel: each its own branch of the I/O's ledger, the last to finish joined.
    let left = missing;
    let firstError: DriveError | null = null;
    const staged = (error: DriveError | null, branch: Work) => {
      firstError ??= error;
      if (--left > 0) return;
      joinLast(work, branch);
      if (firstError) return done(firstError);
      this.copyOut(volume, startBlock, blockCount, out);
      done(null);
    };
    for (let track = firstTrack; track <= lastTrack; track++) {
      const mask = this.missingMask(volume, track, startBlock, endBlock);
      if (mask === 0) continue;
      const from = maskFirst(mask);
      const to = maskEnd(mask);
      const branch = branchOf(work);
      this.observer?.staging(volume, track, from, to);
      this.backEnd.readTrack(volume, track, from, to, branch, (error) => {
        if (!error) this.table.install(volume, track, blockMask(from, to));
        staged(error, branch);
      });
    }
  }

  /** `read` when only `track` misses (the common case): one callback instead of one per track and one to join them. */
  private stageOne(volume: Volume, track: number, startBlock: number, blockCount: number, out: Uint32Array, work: Work, done: CacheDone): void {
    const mask = this.missingMask(volume, track, startBlock, startBlock + blockCount);
    const from = maskFirst(mask);
    const to = maskEnd(mask);
    this.observer?.staging(volume, track, from, to);
    this.backEnd.readTrack(volume, track, from, to, work, (error) => {
      if (error) return done(error);
      this.table.install(volume, track, blockMask(from, to));
      this.copyOut(volume, startBlock, blockCount, out);
      done(null);
    });
  }

  /**
   * Reserves write-pending room for `slotsNeeded` tracks (waiting, FIFO,
   * while the limit is reached), then after the cache access time calls
   * `apply`, in which the caller `put`s its data — possibly to several
   * volumes, decided at that instant. Reserve a slot for every track that
   * may be written, even one already dirty: it may be destaged and cleaned
   * before the data lands. `apply` may make dirty no more slots than it
   * reserved (asserted); a caller that finds at that instant it needs more
   * puts nothing and is admitted again for what it needs now. A host
   * I/O's ledger (in `work`) is in the write-pending stage while it waits,
   * in the cache's while it lands.
   */
  admit(slotsNeeded: number, work: Work, apply: () => void): void {
    if (slotsNeeded > this.config.writePendingSlots) {
      throw new AssertionError(`a write needing ${slotsNeeded} slots exceeds the write-pending limit ${this.config.writePendingSlots}`);
    }
    const pending: PendingWrite = { slotsNeeded, work, apply };
    this.observer?.writeArrived(pending);
    if (this.writeWaiters.size === 0 && this.hasRoomFor(slotsNeeded)) this.accept(pending);
    else {
      if (this.sim.now >= this.countFromNs) this.throttledWrites++;
      work.ledger?.enter(Stage.writePending);
      this.writeWaiters.push(pending);
    }
  }

  /**
   * Records a physical write in the history. A whole slot (a copy, a merge, a destage) of a partial
   * last track reaches past the volume's end: those blocks are no one's, and are left out.
   */
  private recordPhysical(volume: Volume, layer: WriteLayer, source: WriteSource, startBlock: number, blockCount: number, data: WriteData): void {
    const count = Math.min(blockCount, volume.blocks - startBlock);
    if (count <= 0) throw new AssertionError(`a physical write to ${volume.name} at block ${startBlock}, past its end (${volume.blocks} blocks)`);
    const stamps = typeof data === 'number' ? new Uint32Array(count).fill(data) : data;
    this.history.physicalWrite(this.sim.now, volume.name, layer, source, startBlock, stamps, 0, count);
  }

  /** Puts data into cache now (only inside an `apply` of `admit`, which reserved the room). */
  put(volume: Volume, startBlock: number, blockCount: number, data: WriteData, source: WriteSource): void {
    const landing = this.landing;
    if (landing === null) throw new AssertionError(`a put to ${volume.name} outside an admitted write: no write-pending room was reserved for it`);
    if (this.sim.now >= this.countFromNs) this.writes++;
    const newlyDirty = this.table.write(volume, startBlock, blockCount, data);
    // The reservation is consumed here: a write may make dirty at most the slots it reserved.
    // Stryker disable next-line AssignmentOperator: equivalent — the count feeds only the assertion below
    this.landingDirtied += newlyDirty.length;
    if (this.landingDirtied > landing.slotsNeeded) {
      throw new AssertionError(`a write admitted for ${landing.slotsNeeded} write-pending slots made ${this.landingDirtied} dirty (a put to ${volume.name})`);
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: outside the gate — whether a destage is copy work feeds only the latency breakdown (devices/queue-split.ts), and the gate's I/O keep no ledger
    const copy = source === 'copy' ? 1 : 0;
    for (const slot of newlyDirty) {
      this.copyDirty[slot] = copy;
      this.destageQueue.push(slot);
    }
    // Stryker disable next-line ConditionalExpression: equivalent — History.physicalWrite records nothing when it records no physical writes; the test saves building the stamps
    if (this.history.recordsPhysical) this.recordPhysical(volume, 'cache', source, startBlock, blockCount, data);
    this.pumpDestage(); // nothing to do unless a slot became dirty
  }

  /**
   * Power fails: clean slots are lost; dirty ones are vaulted (saved to the
   * vault drives on battery) — or, for a cache without a vault, lost too.
   * Destaging stops until `powerRestored`.
   */
  powerLost(vault: boolean): void {
    this.running = false;
    this.table.dropClean();
    if (!vault) this.table.dropDirty();
  }

  /** Power is back: the vaulted data is in cache again and destaging resumes. */
  powerRestored(): void {
    this.running = true;
    this.pumpDestage();
  }

  /** Calls `done` once every block of `volume` dirty now has reached the drives. */
  whenDestaged(volume: Volume, done: () => void): void {
    const slots = this.table.dirtySlotsOf(volume);
    if (slots.size === 0) this.sim.after(0, this.kindAccess, done);
    else this.destageWaiters.push({ slots, done });
  }

  private hasRoomFor(slotsNeeded: number): boolean {
    return this.table.dirtyCount + this.dirtyReserved + slotsNeeded <= this.config.writePendingSlots;
  }

  private accept(pending: PendingWrite): void {
    this.observer?.writeAccepted(pending);
    this.dirtyReserved += pending.slotsNeeded;
    this.checkWritePending();
    pending.work.ledger?.enter(Stage.cache);
    this.sim.after(this.config.accessNs, this.kindAccess, () => {
      this.landing = pending;
      this.landingDirtied = 0;
      pending.apply();
      this.landing = null;
      this.dirtyReserved -= pending.slotsNeeded;
      this.checkWritePending();
      this.admitWaitingWrites();
    });
  }

  /** Dirty slots and the room reserved for admitted writes stay within the write-pending limit. */
  private checkWritePending(): void {
    if (this.table.dirtyCount + this.dirtyReserved > this.config.writePendingSlots) {
      throw new AssertionError(`write-pending accounting: ${this.table.dirtyCount} dirty + ${this.dirtyReserved} reserved slots exceed the limit ${this.config.writePendingSlots}`);
    }
  }

  private missingMask(volume: Volume, track: number, startBlock: number, endBlock: number): number {
    const bpt = volume.geometry.blocksPerTrack;
    const first = track * bpt;
    const wanted = blockMask(Math.max(startBlock, first) - first, Math.min(endBlock, first + bpt) - first);
    return (wanted & ~this.table.validMask(volume, track)) >>> 0;
  }

  private copyOut(volume: Volume, startBlock: number, blockCount: number, out: Uint32Array): void {
    this.table.readInto(volume, startBlock, blockCount, out);
    this.table.touch(volume, startBlock, blockCount);
  }

  private pumpDestage(): void {
    while (this.running && this.destagesInFlight < this.config.destageConcurrency && this.destageQueue.size > 0) {
      const slot = this.destageQueue.shift()!;
      if (!this.table.startDestage(slot)) continue;
      this.destagesInFlight++;
      this.destageSlot(slot);
    }
  }

  private destageSlot(slot: number): void {
    const volume = this.table.volumeOfSlot(slot);
    const track = this.table.trackOfSlot(slot);
    const mask = this.table.dirtyMaskOfSlot(slot);
    const version = this.table.versionOfSlot(slot);
    const from = maskFirst(mask);
    const to = maskEnd(mask);
    this.sim.trace.record(this.sim.now, this.kindDestageStart, volume.index, track);
    this.observer?.destageStarted(volume, track, from, to);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: outside the gate — copy work and background work differ only in the latency breakdown (see put)
    this.backEnd.writeTrack(volume, track, from, to, this.copyDirty[slot] === 1 ? COPY_DESTAGE_WORK : BACKGROUND_WORK, (error) => {
      this.destagesInFlight--;
      this.observer?.destageEnded(volume, track);
      if (error) {
        // The data stays dirty in cache (it is never lost) and the destage is retried later.
        this.table.abortDestage(slot);
        this.destageErrors++;
        this.sim.after(DESTAGE_RETRY_NS, this.kindDestageStart, () => {
          this.destageQueue.push(slot);
          this.pumpDestage();
        });
      } else {
        if (this.sim.now >= this.countFromNs) this.destages++;
        const written = this.table.finishDestage(slot, mask, version);
        // Stryker disable next-line ConditionalExpression: equivalent — as in put: History.physicalWrite records nothing then
        if (this.history.recordsPhysical) {
          const start = track * volume.geometry.blocksPerTrack + from;
          const count = to - from;
          this.recordPhysical(volume, 'disk', 'destage', start, count, volume.disk.slice(start, count));
        }
        // Stryker disable next-line ConditionalExpression: equivalent — a clean slot queued again is passed over (startDestage refuses a clean slot)
        if (!written.clean) this.destageQueue.push(slot);
        this.onDestaged?.(volume, track, from, to);
        this.notifyDestageWaiters(slot);
      }
      this.admitWaitingWrites();
      this.pumpDestage();
    });
  }

  private notifyDestageWaiters(slot: number): void {
    for (let i = this.destageWaiters.length - 1; i >= 0; i--) {
      const waiter = this.destageWaiters[i]!;
      const epoch = waiter.slots.get(slot);
      if (epoch === undefined || !this.table.destagedSince(slot, epoch)) continue;
      waiter.slots.delete(slot);
      if (waiter.slots.size === 0) {
        this.destageWaiters.splice(i, 1);
        waiter.done();
      }
    }
  }

  private admitWaitingWrites(): void {
    for (let next = this.writeWaiters.peek(); next && this.hasRoomFor(next.slotsNeeded); next = this.writeWaiters.peek()) {
      this.writeWaiters.shift();
      this.accept(next);
    }
  }
}

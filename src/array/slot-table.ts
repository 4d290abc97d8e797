import { AssertionError } from '../engine/assert.js';
import { SlotIndex } from './slot-index.js';
import type { Volume } from './volume.js';

const NONE = -1;

/**
 * The cache's slots: which track each holds, the stamps of its blocks, which
 * blocks are present (valid) and which are not yet on the drives (dirty).
 * Clean slots sit on an LRU list and may be evicted; dirty ones never are.
 * All state is in typed arrays indexed by slot, so lookups allocate nothing.
 */
export class SlotTable {
  private readonly bpt: number;
  private readonly index: SlotIndex;
  private readonly volumes: readonly Volume[];
  private readonly slotVolume: Int32Array;
  private readonly slotTrack: Int32Array;
  private readonly stamps: Uint32Array;
  private readonly valid: Uint32Array;
  private readonly dirty: Uint32Array;
  private readonly version: Uint32Array;
  private readonly destaging: Uint8Array;
  /** Destages completed per slot (to tell when data dirty at some instant has reached the drives). */
  private readonly destageEpoch: Uint32Array;
  // LRU of clean, occupied slots: a doubly linked list with a sentinel at index `slots`.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly sentinel: number;
  private readonly freeSlots: Int32Array;
  private freeCount: number;
  dirtyCount = 0;

  constructor(readonly slots: number, volumes: readonly Volume[]) {
    if (!(slots >= 2)) throw new AssertionError(`a cache needs at least 2 slots, got ${slots}`);
    this.volumes = volumes;
    this.bpt = volumes[0]?.geometry.blocksPerTrack ?? 1;
    this.index = new SlotIndex(slots);
    this.slotVolume = new Int32Array(slots).fill(NONE);
    this.slotTrack = new Int32Array(slots).fill(NONE);
    this.stamps = new Uint32Array(slots * this.bpt);
    this.valid = new Uint32Array(slots);
    this.dirty = new Uint32Array(slots);
    this.version = new Uint32Array(slots);
    this.destaging = new Uint8Array(slots);
    this.destageEpoch = new Uint32Array(slots);
    this.sentinel = slots;
    // An unlinked slot points at itself; so does the sentinel of an empty list.
    this.prev = Int32Array.from({ length: slots + 1 }, (_, i) => i);
    this.next = Int32Array.from({ length: slots + 1 }, (_, i) => i);
    this.freeSlots = Int32Array.from({ length: slots }, (_, i) => slots - 1 - i);
    this.freeCount = slots;
  }

  slotOf(volume: Volume, track: number): number {
    return this.index.get(volume.index, track);
  }

  validMask(volume: Volume, track: number): number {
    const slot = this.slotOf(volume, track);
    return slot === NONE ? 0 : this.valid[slot]!;
  }

  isDirty(volume: Volume, track: number): boolean {
    const slot = this.slotOf(volume, track);
    return slot !== NONE && this.dirty[slot] !== 0;
  }

  /** What a read of `block` returns now: the cached stamp if present, else the drives'. */
  stampOf(volume: Volume, block: number): number {
    const track = Math.floor(block / this.bpt);
    const slot = this.slotOf(volume, track);
    const i = block - track * this.bpt;
    if (slot !== NONE && (this.valid[slot]! & (1 << i)) !== 0) return this.stamps[slot * this.bpt + i]!;
    return volume.disk.get(block);
  }

  /** What a read of blocks `[startBlock, startBlock + blockCount)` returns now, into `out` (from index 0). */
  readInto(volume: Volume, startBlock: number, blockCount: number, out: Uint32Array): void {
    for (let i = 0; i < blockCount; i++) out[i] = this.stampOf(volume, startBlock + i);
  }

  /** Brings blocks of `mask` just read from the drives into cache, keeping any newer cached ones. */
  install(volume: Volume, track: number, mask: number): void {
    let slot = this.slotOf(volume, track);
    if (slot === NONE) {
      slot = this.allocate(volume, track);
      if (slot === NONE) return; // every slot dirty: the read is served without caching
    }
    const fresh = (mask & ~this.valid[slot]!) >>> 0;
    const base = slot * this.bpt;
    const first = track * this.bpt;
    for (let i = 0; i < this.bpt; i++) if (fresh & (1 << i)) this.stamps[base + i] = volume.disk.get(first + i);
    this.valid[slot] = (this.valid[slot]! | fresh) >>> 0;
    if (this.dirty[slot] === 0) this.makeMostRecent(slot);
  }

  /**
   * Puts written blocks into cache and marks them dirty. Returns the slots
   * that became dirty (they must be queued for destage).
   */
  write(volume: Volume, startBlock: number, blockCount: number, data: number | Uint32Array): number[] {
    const newlyDirty: number[] = [];
    const end = startBlock + blockCount;
    for (let track = Math.floor(startBlock / this.bpt); track * this.bpt < end; track++) {
      let slot = this.slotOf(volume, track);
      if (slot === NONE) slot = this.allocate(volume, track);
      if (slot === NONE) throw new AssertionError('no cache slot for a write within the write-pending limit');
      const first = track * this.bpt;
      const from = Math.max(startBlock, first);
      const to = Math.min(end, first + this.bpt);
      const base = slot * this.bpt - first;
      for (let block = from; block < to; block++) {
        this.stamps[base + block] = typeof data === 'number' ? data : data[block - startBlock]!;
      }
      const mask = maskOf(from - first, to - first);
      this.valid[slot] = (this.valid[slot]! | mask) >>> 0;
      if (this.dirty[slot] === 0) {
        this.unlink(slot);
        this.dirtyCount++;
        newlyDirty.push(slot);
      }
      this.dirty[slot] = (this.dirty[slot]! | mask) >>> 0;
      this.version[slot] = (this.version[slot]! + 1) >>> 0;
    }
    return newlyDirty;
  }

  /** Marks the clean slots holding these blocks as most recently used. */
  touch(volume: Volume, startBlock: number, blockCount: number): void {
    const end = startBlock + blockCount;
    for (let track = Math.floor(startBlock / this.bpt); track * this.bpt < end; track++) {
      const slot = this.slotOf(volume, track);
      if (slot !== NONE && this.dirty[slot] === 0) this.makeMostRecent(slot);
    }
  }

  volumeOfSlot(slot: number): Volume {
    return this.volumes[this.slotVolume[slot]!]!;
  }

  trackOfSlot(slot: number): number {
    return this.slotTrack[slot]!;
  }

  dirtyMaskOfSlot(slot: number): number {
    return this.dirty[slot]!;
  }

  versionOfSlot(slot: number): number {
    return this.version[slot]!;
  }

  /** Claims a dirty slot for destaging; false if it is clean or already being destaged. */
  startDestage(slot: number): boolean {
    if (this.dirty[slot] === 0 || this.destaging[slot] === 1) return false;
    this.destaging[slot] = 1;
    return true;
  }

  abortDestage(slot: number): void {
    this.destaging[slot] = 0;
  }

  /**
   * The drives now hold the blocks of `mask`. The slot becomes clean unless
   * it was written since the destage began (`version` changed).
   */
  finishDestage(slot: number, mask: number, version: number): { clean: boolean } {
    const volume = this.volumeOfSlot(slot);
    const first = this.slotTrack[slot]! * this.bpt;
    const base = slot * this.bpt;
    for (let i = 0; i < this.bpt; i++) if (mask & (1 << i)) volume.disk.set(first + i, this.stamps[base + i]!);
    this.destaging[slot] = 0;
    this.destageEpoch[slot] = (this.destageEpoch[slot]! + 1) >>> 0;
    if (this.version[slot] !== version) return { clean: false };
    this.dirty[slot] = 0;
    this.dirtyCount--;
    this.makeMostRecent(slot);
    return { clean: true };
  }

  /**
   * The dirty slots of a volume, each with the destage epoch by which all its data dirty now is on
   * the drives (a scan of all slots: for rare commands). A destage under way took its block mask
   * when it began, so it may miss blocks dirtied since: only the next one is sure to cover them.
   */
  dirtySlotsOf(volume: Volume): Map<number, number> {
    const found = new Map<number, number>();
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.slotVolume[slot] !== volume.index || this.dirty[slot] === 0) continue;
      found.set(slot, (this.destageEpoch[slot]! + (this.destaging[slot] === 1 ? 2 : 1)) >>> 0);
    }
    return found;
  }

  /** Whether a slot has reached destage epoch `epoch` (from `dirtySlotsOf`), or is clean. */
  destagedSince(slot: number, epoch: number): boolean {
    return this.dirty[slot] === 0 || ((this.destageEpoch[slot]! - epoch) | 0) >= 0;
  }

  /** Drops every dirty slot, data and all (what losing an unvaulted cache costs). */
  dropDirty(): void {
    for (let slot = 0; slot < this.slots; slot++) {
      // A slot being destaged is left alone: its destage is about to make it clean anyway.
      if (this.slotVolume[slot] === NONE || this.dirty[slot] === 0 || this.destaging[slot] === 1) continue;
      this.dirty[slot] = 0;
      this.destaging[slot] = 0;
      this.dirtyCount--;
      this.insertMostRecent(slot);
      this.evict(slot);
    }
  }

  /** Drops every clean slot (as after losing power without a vault: only dirty data is saved). */
  dropClean(): void {
    for (let slot = this.next[this.sentinel]!; slot !== this.sentinel; ) {
      const following = this.next[slot]!;
      this.evict(slot);
      slot = following;
    }
  }

  /** A free slot, or the least recently used clean one (evicted), or NONE. */
  private allocate(volume: Volume, track: number): number {
    if (this.freeCount === 0) {
      const oldest = this.next[this.sentinel]!;
      if (oldest === this.sentinel) return NONE;
      this.evict(oldest);
    }
    const slot = this.freeSlots[--this.freeCount]!;
    this.slotVolume[slot] = volume.index;
    this.slotTrack[slot] = track;
    this.valid[slot] = 0;
    this.dirty[slot] = 0;
    this.index.set(volume.index, track, slot);
    this.insertMostRecent(slot);
    return slot;
  }

  private evict(slot: number): void {
    this.unlink(slot);
    this.index.delete(this.slotVolume[slot]!, this.slotTrack[slot]!);
    this.slotVolume[slot] = NONE;
    this.valid[slot] = 0;
    this.freeSlots[this.freeCount++] = slot;
  }

  private makeMostRecent(slot: number): void {
    this.unlink(slot);
    this.insertMostRecent(slot);
  }

  private insertMostRecent(slot: number): void {
    const last = this.prev[this.sentinel]!;
    this.prev[slot] = last;
    this.next[slot] = this.sentinel;
    this.next[last] = slot;
    this.prev[this.sentinel] = slot;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p === slot) return; // not on the list
    this.next[p] = n;
    this.prev[n] = p;
    this.prev[slot] = slot;
    this.next[slot] = slot;
  }
}

function maskOf(from: number, to: number): number {
  const width = to - from;
  return width >= 32 ? 0xffffffff : (((1 << width) - 1) << from) >>> 0;
}

import { AssertionError } from '../engine/assert.js';

const EMPTY = -1;

/**
 * Which cache slot holds a (volume, track): an open-addressing hash table
 * with linear probing, twice the size of the cache. It stays small enough to
 * live in the processor's caches, where a per-volume array indexed by track
 * would be megabytes of random accesses for a large volume.
 */
export class SlotIndex {
  private readonly volumes: Int32Array;
  private readonly tracks: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(capacity: number) {
    let bits = 4;
    while (1 << bits < capacity * 2) bits++;
    if (bits > 30) throw new AssertionError(`slot index for ${capacity} slots is too large`);
    this.volumes = new Int32Array(1 << bits).fill(EMPTY);
    this.tracks = new Int32Array(1 << bits);
    this.slots = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  get(volume: number, track: number): number {
    for (let i = this.home(volume, track); ; i = (i + 1) & this.mask) {
      const v = this.volumes[i]!;
      if (v === EMPTY) return EMPTY;
      if (v === volume && this.tracks[i] === track) return this.slots[i]!;
    }
  }

  set(volume: number, track: number, slot: number): void {
    let i = this.home(volume, track);
    while (this.volumes[i] !== EMPTY && !(this.volumes[i] === volume && this.tracks[i] === track)) i = (i + 1) & this.mask;
    this.volumes[i] = volume;
    this.tracks[i] = track;
    this.slots[i] = slot;
  }

  delete(volume: number, track: number): void {
    let i = this.home(volume, track);
    for (;;) {
      const v = this.volumes[i]!;
      if (v === EMPTY) return;
      if (v === volume && this.tracks[i] === track) break;
      i = (i + 1) & this.mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the gap, so lookups need no tombstones.
    let gap = i;
    for (let j = (i + 1) & this.mask; this.volumes[j] !== EMPTY; j = (j + 1) & this.mask) {
      const home = this.home(this.volumes[j]!, this.tracks[j]!);
      // The entry at j may move to the gap if its home is not cyclically within (gap, j].
      if (((j - home) & this.mask) >= ((j - gap) & this.mask)) {
        this.volumes[gap] = this.volumes[j]!;
        this.tracks[gap] = this.tracks[j]!;
        this.slots[gap] = this.slots[j]!;
        gap = j;
      }
    }
    this.volumes[gap] = EMPTY;
  }

  private home(volume: number, track: number): number {
    return (Math.imul(track ^ Math.imul(volume + 1, 0x85ebca77), 0x9e3779b1) >>> this.shift) & this.mask;
  }
}

import { AssertionError, unreachable } from '../engine/assert.js';
import type { Rng } from '../engine/rng.js';
import { drawIndex } from './random.js';
import type { ResolvedTarget } from './resolve.js';
import { Scatter } from './scatter.js';
import type { AlignmentSpec } from './spec.js';
import { ZipfSampler } from './zipf.js';

/** Picks where in one volume the next I/O lands. */
export interface AddressPicker {
  /** First block of an I/O of `blocks` blocks: aligned, and the whole I/O inside the volume. */
  pick(blocks: number): number;
}

export function createAddressPicker(target: ResolvedTarget, alignment: AlignmentSpec, rng: Rng): AddressPicker {
  const placement = new Placement(target.sizeBlocks, alignment, target.blocksPerTrack);
  const address = target.address;
  switch (address.kind) {
    case 'uniform':
      return new UniformPicker(placement, rng);
    case 'zipf':
      return new ZipfPicker(placement, rng, { ...address, volume: target.volume });
    case 'sequential':
      return new SequentialPicker(placement, address.streams);
    case 'hotspot':
      return new HotspotPicker(placement, rng, address);
    default:
      return unreachable(address, 'address kind');
  }
}

/** Where an I/O of a given size may start in a volume. */
export class Placement {
  private readonly unitKind: 0 | 1 | 2;

  constructor(
    readonly sizeBlocks: number,
    alignment: AlignmentSpec,
    private readonly blocksPerTrack: number,
  ) {
    this.unitKind = alignment === 'size' ? 0 : alignment === 'block' ? 1 : 2;
  }

  /** The start of an I/O of `blocks` blocks is a multiple of this. */
  unit(blocks: number): number {
    return this.unitKind === 0 ? blocks : this.unitKind === 1 ? 1 : this.blocksPerTrack;
  }

  /** How many aligned starts an I/O of `blocks` blocks has. */
  slots(blocks: number): number {
    return Math.floor((this.sizeBlocks - blocks) / this.unit(blocks)) + 1;
  }

  /** The aligned start at or below `candidate` (a block of the volume), pulled back so the I/O fits. */
  place(candidate: number, blocks: number): number {
    const unit = this.unit(blocks);
    const last = (this.slots(blocks) - 1) * unit;
    const start = Math.floor(candidate / unit) * unit;
    return start < last ? start : last;
  }
}

class UniformPicker implements AddressPicker {
  constructor(
    private readonly placement: Placement,
    private readonly rng: Rng,
  ) {}

  pick(blocks: number): number {
    const placement = this.placement;
    return drawIndex(this.rng, placement.slots(blocks)) * placement.unit(blocks);
  }
}

/**
 * Zipf popularity over items of `itemBlocks` blocks (tracks by default): the
 * rank picks an item, the scatter places it, and the I/O starts at a uniform
 * aligned position inside it.
 */
class ZipfPicker implements AddressPicker {
  private readonly itemBlocks: number;
  private readonly sampler: ZipfSampler;
  private readonly scatter: Scatter | undefined;

  constructor(
    private readonly placement: Placement,
    private readonly rng: Rng,
    options: { readonly theta: number; readonly itemBlocks: number; readonly scatter: boolean; readonly volume: number },
  ) {
    this.itemBlocks = options.itemBlocks;
    const items = Math.ceil(placement.sizeBlocks / options.itemBlocks);
    this.sampler = new ZipfSampler(items, options.theta);
    // Keyed by the volume, not by the host: hosts sharing a volume share its hot spots, as clients of one database do.
    this.scatter = options.scatter ? new Scatter(items, 0x51ed270b ^ options.volume) : undefined;
  }

  pick(blocks: number): number {
    const rank = this.sampler.draw(this.rng) - 1;
    const item = this.scatter ? this.scatter.map(rank) : rank;
    const itemBlocks = this.itemBlocks;
    const offset = itemBlocks === 1 ? 0 : this.rng.int(itemBlocks);
    return this.placement.place(item * itemBlocks + offset, blocks);
  }
}

/** Sequential streams: each its own cursor, served in turn, wrapping at the volume's end. */
class SequentialPicker implements AddressPicker {
  private readonly cursors: Float64Array;
  private turn = 0;

  constructor(
    private readonly placement: Placement,
    streams: number,
  ) {
    this.cursors = new Float64Array(streams);
    for (let s = 0; s < streams; s++) this.cursors[s] = Math.floor((s * placement.sizeBlocks) / streams);
  }

  pick(blocks: number): number {
    const s = this.turn;
    this.turn = s + 1 === this.cursors.length ? 0 : s + 1;
    const unit = this.placement.unit(blocks);
    let start = Math.ceil(this.cursors[s]! / unit) * unit;
    if (start + blocks > this.placement.sizeBlocks) start = 0;
    this.cursors[s] = start + blocks;
    return start;
  }
}

/** A contiguous hot region that gets a given share of the I/Os; the rest spread uniformly over the cold blocks. */
class HotspotPicker implements AddressPicker {
  private readonly hotStart: number;
  private readonly hotBlocks: number;
  private readonly coldBlocks: number;
  private readonly hotAccessFraction: number;

  constructor(
    private readonly placement: Placement,
    private readonly rng: Rng,
    options: { readonly hotFraction: number; readonly hotAccessFraction: number; readonly hotStartFraction: number },
  ) {
    const size = placement.sizeBlocks;
    this.hotBlocks = Math.min(size, Math.max(1, Math.round(options.hotFraction * size)));
    this.hotStart = Math.min(Math.floor(options.hotStartFraction * size), size - this.hotBlocks);
    this.coldBlocks = size - this.hotBlocks;
    this.hotAccessFraction = this.coldBlocks === 0 ? 1 : options.hotAccessFraction;
    if (!(this.hotStart >= 0)) throw new AssertionError(`hot region starts at ${this.hotStart}`);
  }

  pick(blocks: number): number {
    const rng = this.rng;
    let candidate: number;
    if (rng.chance(this.hotAccessFraction)) {
      candidate = this.hotStart + drawIndex(rng, this.hotBlocks);
    } else {
      const cold = drawIndex(rng, this.coldBlocks);
      candidate = cold < this.hotStart ? cold : cold + this.hotBlocks;
    }
    return this.placement.place(candidate, blocks);
  }
}

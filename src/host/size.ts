import type { Rng } from '../engine/rng.js';
import { WeightedChoice } from './random.js';
import type { ResolvedSizes } from './resolve.js';

/** Draws I/O sizes in blocks. A fixed size consumes no randomness. */
export class SizePicker {
  private readonly blocks: Int32Array;
  private readonly choice: WeightedChoice;

  constructor(
    sizes: ResolvedSizes,
    private readonly rng: Rng,
  ) {
    this.blocks = Int32Array.from(sizes.blocks);
    this.choice = new WeightedChoice(sizes.weights);
  }

  draw(): number {
    return this.blocks[this.choice.draw(this.rng)]!;
  }
}

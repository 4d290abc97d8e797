import { AssertionError } from '../engine/assert.js';

const MAX_BITS = 52; // halves of at most 26 bits, and every value exact in a double

/**
 * A keyed pseudo-random bijection of [0, n): a 4-round unbalanced Feistel
 * network on the fewest bits that cover n, with cycle walking (re-apply until
 * the value falls below n). Zipf's popular ranks pass through it so that hot
 * items are spread over the volume instead of all sitting at its start; being
 * a bijection, it keeps the rank frequencies exact. The domain is less than
 * 2n, so a call costs fewer than 2 permutations on average, and no memory.
 */
export class Scatter {
  /** Bits of the left and right halves (left ≤ right, differing by at most one). */
  private readonly leftBits: number;
  private readonly rightBits: number;
  private readonly leftMask: number;
  private readonly rightMask: number;
  private readonly rightSpan: number;
  /** The domain fits in 30 bits: split and join with integer shifts instead of division. */
  private readonly small: boolean;
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;

  constructor(
    readonly n: number,
    key: number,
  ) {
    if (!(Number.isSafeInteger(n) && n >= 1)) throw new AssertionError(`scatter: n must be an integer ≥ 1, got ${n}`);
    const bits = Math.max(2, Math.ceil(Math.log2(n)));
    if (bits > MAX_BITS) throw new AssertionError(`scatter: n = ${n} exceeds 2^${MAX_BITS}`);
    this.leftBits = Math.floor(bits / 2);
    this.rightBits = bits - this.leftBits;
    this.leftMask = 2 ** this.leftBits - 1;
    this.rightMask = 2 ** this.rightBits - 1;
    this.rightSpan = 2 ** this.rightBits;
    this.small = bits <= 30;
    this.k0 = mix32(key + 0x9e3779b9);
    this.k1 = mix32(this.k0 + 0x9e3779b9);
    this.k2 = mix32(this.k1 + 0x9e3779b9);
    this.k3 = mix32(this.k2 + 0x9e3779b9);
  }

  map(i: number): number {
    if (!(i >= 0 && i < this.n)) throw new AssertionError(`scatter: ${i} outside [0, ${this.n})`);
    let x = i;
    do x = this.permute(x);
    while (x >= this.n);
    return x;
  }

  /**
   * Each round swaps the halves and mixes one into the other; with halves of
   * unequal size the sizes alternate, and after an even number of rounds they
   * are back where they began, so the whole is a permutation of the domain.
   */
  private permute(x: number): number {
    const leftMask = this.leftMask;
    const rightMask = this.rightMask;
    let left: number;
    let right: number;
    if (this.small) {
      left = x >>> this.rightBits;
      right = x & rightMask;
    } else {
      left = Math.floor(x / this.rightSpan);
      right = x - left * this.rightSpan;
    }
    let next = (left ^ mix32(right ^ this.k0)) & leftMask; // (left: a bits, right: b bits) → (b, a)
    left = right;
    right = next;
    next = (left ^ mix32(right ^ this.k1)) & rightMask; // (b, a) → (a, b)
    left = right;
    right = next;
    next = (left ^ mix32(right ^ this.k2)) & leftMask;
    left = right;
    right = next;
    next = (left ^ mix32(right ^ this.k3)) & rightMask;
    left = right;
    right = next;
    return this.small ? (left << this.rightBits) | right : left * this.rightSpan + right;
  }
}

/** Murmur3's 32-bit finaliser: a cheap, well-mixing round function. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x;
}

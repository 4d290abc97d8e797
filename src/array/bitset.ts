/** A fixed-size set of small integers (tracks), one bit each. */
export class Bitset {
  private readonly words: Uint32Array;
  private population = 0;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.fill();
    return set;
  }

  get count(): number {
    return this.population;
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Sets bit `i`; returns whether it was newly set. */
  add(i: number): boolean {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    const word = this.words[w]!;
    if (word & bit) return false;
    this.words[w] = word | bit;
    this.population++;
    return true;
  }

  /** Clears bit `i`; returns whether it was set. */
  delete(i: number): boolean {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    const word = this.words[w]!;
    if (!(word & bit)) return false;
    this.words[w] = word & ~bit;
    this.population--;
    return true;
  }

  fill(): void {
    this.words.fill(0xffffffff);
    const tail = this.size & 31;
    if (tail) this.words[this.words.length - 1] = (1 << tail) - 1;
    this.population = this.size;
  }

  clear(): void {
    this.words.fill(0);
    this.population = 0;
  }

  /** Adds every member of `other` (same size). */
  union(other: Bitset): void {
    let population = 0;
    for (let w = 0; w < this.words.length; w++) {
      const word = (this.words[w]! | other.words[w]!) >>> 0;
      this.words[w] = word;
      population += popcount(word);
    }
    this.population = population;
  }

  copyFrom(other: Bitset): void {
    this.words.set(other.words);
    this.population = other.population;
  }

  clone(): Bitset {
    const copy = new Bitset(this.size);
    copy.copyFrom(this);
    return copy;
  }

  /** The first member ≥ `from`, or -1. */
  next(from: number): number {
    if (from >= this.size) return -1;
    let w = from >>> 5;
    let word = this.words[w]! & (0xffffffff << (from & 31));
    for (;;) {
      if (word !== 0) return (w << 5) + ctz(word);
      if (++w >= this.words.length) return -1;
      word = this.words[w]!;
    }
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let i = this.next(0); i !== -1; i = this.next(i + 1)) yield i;
  }
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** `origin` of an entry holding the initial content (stamp 0). */
export const ORIGIN_INITIAL = -1;
/** `origin` of an unconstrained entry (every stamp is allowed). */
export const ORIGIN_ANY = -2;
/** `toNs` of an entry still possibly current. */
export const OPEN = Infinity;
/** End of a linked list. */
export const NIL = -1;

/**
 * The reference model's candidate entries, in columns with a free list: a
 * million-op history makes millions of short-lived entries, and objects
 * would cost the garbage collector more than the checking itself.
 *
 * An entry says: this stamp is possibly the block's value from `fromNs` to
 * `toNs`; it was definitely in place (if it is the value at all) by
 * `appliedNs` — the write's completion, or the instant of the command that
 * copied it. `origin` is the host write's op id (or ORIGIN_*), `via` the
 * index of the command step that carried it onto this volume (-1: none).
 */
export class EntryPool {
  stamp = new Uint32Array(1024);
  fromNs = new Float64Array(1024);
  toNs = new Float64Array(1024);
  appliedNs = new Float64Array(1024);
  origin = new Int32Array(1024);
  via = new Int32Array(1024);
  next = new Int32Array(1024);
  private top = 0;
  private freeHead = NIL;
  live = 0;
  peak = 0;

  /** A new entry, linked in front of `head`; returns its index. */
  add(head: number, stamp: number, fromNs: number, appliedNs: number, origin: number, via: number): number {
    let i = this.freeHead;
    if (i !== NIL) this.freeHead = this.next[i]!;
    else {
      if (this.top === this.stamp.length) this.grow();
      i = this.top++;
    }
    this.stamp[i] = stamp;
    this.fromNs[i] = fromNs;
    this.toNs[i] = OPEN;
    this.appliedNs[i] = appliedNs;
    this.origin[i] = origin;
    this.via[i] = via;
    this.next[i] = head;
    if (++this.live > this.peak) this.peak = this.live;
    return i;
  }

  /** Frees the entries of a list that closed before `cutoffNs`; returns the list's new head. */
  prune(head: number, cutoffNs: number): number {
    let first = head;
    while (first !== NIL && this.toNs[first]! < cutoffNs) first = this.release(first);
    for (let i = first; i !== NIL; ) {
      const n = this.next[i]!;
      if (n !== NIL && this.toNs[n]! < cutoffNs) this.next[i] = this.release(n);
      else i = n;
    }
    return first;
  }

  /** Frees one entry; returns the one after it. */
  private release(i: number): number {
    const n = this.next[i]!;
    this.next[i] = this.freeHead;
    this.freeHead = i;
    this.live--;
    return n;
  }

  private grow(): void {
    const size = this.stamp.length * 2;
    this.stamp = grown(this.stamp, new Uint32Array(size));
    this.fromNs = grown(this.fromNs, new Float64Array(size));
    this.toNs = grown(this.toNs, new Float64Array(size));
    this.appliedNs = grown(this.appliedNs, new Float64Array(size));
    this.origin = grown(this.origin, new Int32Array(size));
    this.via = grown(this.via, new Int32Array(size));
    this.next = grown(this.next, new Int32Array(size));
  }
}

function grown<T extends Uint32Array | Float64Array | Int32Array>(old: T, next: T): T {
  next.set(old);
  return next;
}

import type { History, WriteSource } from '../array/history.js';
import { WRITE_SOURCES } from '../array/history.js';
import type { OpRef } from './verdict.js';

/** Volume names ↔ small integers, shared by every checker of one history. */
export class VolumeIndex {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  constructor(history: History) {
    for (const volume of history.topology.volumes) this.of(volume.name);
  }

  of(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.push(name) - 1;
      this.ids.set(name, id);
    }
    return id;
  }

  get count(): number {
    return this.names.length;
  }
}

/**
 * The host I/Os of a history in columns, read once: the checkers scan them
 * several times, and `History.op` allocates an object per call.
 */
export class OpTable {
  readonly count: number;
  readonly volume: Int32Array;
  readonly write: Uint8Array;
  readonly failed: Uint8Array;
  readonly startBlock: Float64Array;
  readonly blockCount: Int32Array;
  readonly issueNs: Float64Array;
  /** -1: never completed. */
  readonly completeNs: Float64Array;
  /** A write's stamp (the same on every block). */
  readonly stamp: Uint32Array;
  /** The longest time any completed op was in flight (to bound searches by issue time). */
  readonly maxLatencyNs: number;
  private issueOrder: Int32Array | null = null;
  private unfinished: Int32Array | null = null;
  private writeByStamp: Map<number, number> | null = null;

  constructor(private readonly history: History, volumes: VolumeIndex) {
    const n = history.opCountTotal;
    this.count = n;
    this.volume = new Int32Array(n);
    this.write = new Uint8Array(n);
    this.failed = new Uint8Array(n);
    this.startBlock = new Float64Array(n);
    this.blockCount = new Int32Array(n);
    this.issueNs = new Float64Array(n);
    this.completeNs = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    let maxLatencyNs = 0;
    for (let id = 0; id < n; id++) {
      const op = history.op(id);
      this.volume[id] = volumes.of(op.volume);
      this.write[id] = op.write ? 1 : 0;
      this.failed[id] = op.error === null ? 0 : 1;
      this.startBlock[id] = op.startBlock;
      this.blockCount[id] = op.blockCount;
      this.issueNs[id] = op.issueNs;
      this.completeNs[id] = op.completeNs;
      this.stamp[id] = op.write && op.stamps.length > 0 ? op.stamps[0]! : 0;
      if (op.completeNs >= 0) maxLatencyNs = Math.max(maxLatencyNs, op.completeNs - op.issueNs);
    }
    this.maxLatencyNs = maxLatencyNs;
  }

  /** Op ids by issue time (ties by id); ids already are in the simulator's histories. */
  byIssue(): Int32Array {
    if (this.issueOrder) return this.issueOrder;
    const order = Int32Array.from({ length: this.count }, (_, i) => i);
    let sorted = true;
    for (let i = 1; i < this.count && sorted; i++) sorted = this.issueNs[i - 1]! <= this.issueNs[i]!;
    if (!sorted) order.sort((a, b) => this.issueNs[a]! - this.issueNs[b]! || a - b);
    this.issueOrder = order;
    return order;
  }

  /** The host write that carries `stamp` (each write has its own); undefined for none. */
  writeOfStamp(stamp: number): number | undefined {
    if (!this.writeByStamp) {
      this.writeByStamp = new Map();
      for (let id = 0; id < this.count; id++) if (this.write[id] === 1) this.writeByStamp.set(this.stamp[id]!, id);
    }
    return this.writeByStamp.get(stamp);
  }

  /** Writes never completed (they may land at any time after their issue). */
  neverCompletedWrites(): Int32Array {
    this.unfinished ??= Int32Array.from({ length: this.count }, (_, i) => i).filter((id) => this.write[id] === 1 && this.completeNs[id]! < 0);
    return this.unfinished;
  }

  /** The first position in `byIssue()` whose op was issued at or after `timeNs`. */
  firstIssuedFrom(timeNs: number): number {
    const order = this.byIssue();
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.issueNs[order[mid]!]! < timeNs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  ref(id: number): OpRef {
    const { stamps: _stamps, ...op } = this.history.op(id);
    return op;
  }

  /** The stamps a completed read returned. */
  returned(id: number): Uint32Array {
    return this.history.op(id).stamps;
  }
}

/** The physical writes of a history in columns (stamps stay in the history). */
export class PhysicalTable {
  readonly count: number;
  readonly timeNs: Float64Array;
  readonly volume: Int32Array;
  /** 1: the drives (destage); 0: the cache. */
  readonly disk: Uint8Array;
  readonly source: Uint8Array;
  readonly startBlock: Float64Array;
  readonly blockCount: Int32Array;
  /** Indices in time order (ties keep recording order). */
  readonly order: Int32Array;
  private readonly perVolume = new Map<number, Int32Array>();

  constructor(private readonly history: History, volumes: VolumeIndex) {
    const n = history.physicalCount;
    this.count = n;
    this.timeNs = new Float64Array(n);
    this.volume = new Int32Array(n);
    this.disk = new Uint8Array(n);
    this.source = new Uint8Array(n);
    this.startBlock = new Float64Array(n);
    this.blockCount = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const write = history.physical(i);
      this.timeNs[i] = write.timeNs;
      this.volume[i] = volumes.of(write.volume);
      this.disk[i] = write.layer === 'disk' ? 1 : 0;
      this.source[i] = WRITE_SOURCES.indexOf(write.source);
      this.startBlock[i] = write.startBlock;
      this.blockCount[i] = write.blockCount;
    }
    this.order = timeOrder(this.timeNs);
  }

  sourceOf(i: number): WriteSource {
    return WRITE_SOURCES[this.source[i]!]!;
  }

  stamps(i: number): Uint32Array {
    return this.history.physical(i).stamps;
  }

  /** Indices of one volume's physical writes, in time order. */
  ofVolume(volume: number): Int32Array {
    let list = this.perVolume.get(volume);
    if (!list) {
      list = this.order.filter((i) => this.volume[i] === volume);
      this.perVolume.set(volume, list);
    }
    return list;
  }

  /** Indices of one volume's physical writes with time in [fromNs, toNs], in time order. */
  ofVolumeBetween(volume: number, fromNs: number, toNs: number): Int32Array {
    const list = this.ofVolume(volume);
    const lo = this.firstAtOrAfter(list, fromNs);
    let hi = lo;
    while (hi < list.length && this.timeNs[list[hi]!]! <= toNs) hi++;
    return list.subarray(lo, hi);
  }

  private firstAtOrAfter(list: Int32Array, timeNs: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeNs[list[mid]!]! < timeNs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Indices 0..n-1 ordered by time, ties by index (the identity when already sorted). */
function timeOrder(timeNs: Float64Array): Int32Array {
  const order = Int32Array.from({ length: timeNs.length }, (_, i) => i);
  for (let i = 1; i < timeNs.length; i++) {
    if (timeNs[i - 1]! > timeNs[i]!) return order.sort((a, b) => timeNs[a]! - timeNs[b]! || a - b);
  }
  return order;
}

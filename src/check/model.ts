import { AssertionError } from '../engine/assert.js';
import { BlockHeads } from './block-heads.js';
import { EntryPool, NIL, OPEN, ORIGIN_ANY, ORIGIN_INITIAL } from './entry-pool.js';
import type { ModelStep } from './model-steps.js';
import type { Candidate, Origin, Via } from './verdict.js';

/** `toNs` of a copy a read showed was never the value: it matches no interval, and is pruned with the next prune. */
const RULED_OUT = -Infinity;
/** Answers of a search for the restore explaining a read (step indices are ≥ 0): explained otherwise, not at all. */
const NO_RESTORE = -1;
const NOT_EXPLAINED = -2;

interface EpochEntry {
  readonly stamp: number;
  readonly fromNs: number;
  toNs: number;
  readonly appliedNs: number;
  readonly origin: number;
  readonly via: number;
}

/** What every block of a volume not written since holds: from the start, or since a command replaced the volume. */
interface Epoch {
  readonly entries: EpochEntry[];
  closedNs: number;
}

interface VolumeState {
  /** Head of each written block's entry list. */
  readonly blocks: BlockHeads;
  /** The last is current; older ones stay while a read may still see them. */
  readonly epochs: Epoch[];
}

/**
 * The reference model of DESIGN.md §1, as per-(volume, block) candidate
 * entries (see EntryPool): every value a block possibly holds, and when.
 *
 * - A write adds its stamp at its issue; when it completes, it closes every
 *   entry definitely in place when it began (applied by its issue: a write
 *   acknowledged at t landed before t, one issued at t lands after t).
 *   Entries of concurrent writes stay: either order is possible.
 * - A failed write is possibly applied in [issue, complete] and closes
 *   nothing; one never completed may apply at any time after its issue.
 * - A command replaces a volume at one instant t: entries in place by t close
 *   there; writes still in flight stay open (they may land after t); the
 *   source's open entries are copied in from t (or one unconstrained entry).
 *   Or it adds the source's open entries to the volume's without closing
 *   them: the block holds one or the other (what a forced split of a restore
 *   leaves, see model-steps.ts).
 * - What a restore copies in is one value, though the model may not know
 *   which: a write to the source in flight at t either landed before t (and
 *   is in the snapshot) or not (and never reaches the target). So once a read
 *   shows which — its value explained by that restore's copies alone — the
 *   copies of other values are ruled out (`admitsRead`).
 * Blocks never written since a command share the volume's current epoch, so
 * a command costs only the blocks ever written, not the volume's size.
 * Entries closed before `cutoffNs` (no read left to check can see them) are freed.
 */
export class ReferenceModel {
  private readonly pool = new EntryPool();
  private readonly volumes: VolumeState[];
  private readonly vias: Via[] = [];
  /** By step: a restore that copied some block in as more than one candidate (empty: no read can teach anything). */
  private readonly restoreWithAlternatives: boolean[] = [];
  private cutoffNs = -Infinity;

  constructor(volumeCount: number) {
    const initial = (): Epoch => ({ entries: [{ stamp: 0, fromNs: -Infinity, toNs: OPEN, appliedNs: -Infinity, origin: ORIGIN_INITIAL, via: -1 }], closedNs: OPEN });
    this.volumes = Array.from({ length: volumeCount }, () => ({ blocks: new BlockHeads(), epochs: [initial()] }));
  }

  get entriesPeak(): number {
    return this.pool.peak;
  }

  /** No read left to check began before this instant. */
  setCutoff(cutoffNs: number): void {
    this.cutoffNs = cutoffNs;
  }

  writeIssued(volume: number, startBlock: number, blockCount: number, stamp: number, opId: number, issueNs: number, appliedNs: number): void {
    const state = this.volumes[volume]!;
    const pool = this.pool;
    for (let b = startBlock; b < startBlock + blockCount; b++) {
      const own = state.blocks.get(b);
      const head = pool.prune(own === NIL ? this.materialize(state, b) : own, this.cutoffNs);
      state.blocks.set(b, pool.add(head, stamp, issueNs, appliedNs, opId, -1));
    }
  }

  /** A successful write completed: it supersedes every entry in place before it began. */
  writeCompleted(volume: number, startBlock: number, blockCount: number, issueNs: number, completeNs: number): void {
    const state = this.volumes[volume]!;
    const { toNs, appliedNs, next } = this.pool;
    for (let b = startBlock; b < startBlock + blockCount; b++) {
      const head = state.blocks.get(b);
      if (head === NIL) throw new AssertionError(`write completing on an unwritten block ${b}`);
      for (let e = head; e !== NIL; e = next[e]!) if (toNs[e] === OPEN && appliedNs[e]! <= issueNs) toNs[e] = completeNs;
      const pruned = this.pool.prune(head, this.cutoffNs);
      if (pruned !== head) state.blocks.set(b, pruned);
    }
  }

  /** A command takes effect at `atNs`: `target := source`, `target` becomes unconstrained, or (`add`) the source's values join the target's. */
  apply(step: ModelStep): void {
    const via = this.vias.push(step.via) - 1;
    if (step.mode === 'add') return this.add(step, via);
    const target = this.volumes[step.target]!;
    const source = step.source < 0 ? null : this.volumes[step.source]!;
    const t = step.atNs;
    const current = target.epochs[target.epochs.length - 1]!;
    for (const entry of current.entries) if (entry.toNs === OPEN) entry.toNs = t;
    current.closedNs = t;
    target.blocks.forEach((block, head) => target.blocks.set(block, this.replaceBlock(head, t, source, block, via)));
    source?.blocks.forEach((block) => {
      if (target.blocks.get(block) === NIL) target.blocks.set(block, this.copyInto(this.materialize(target, block), t, source, block, via));
    });
    target.epochs.push({ entries: this.epochFrom(source, t, via), closedNs: OPEN });
    while (target.epochs.length > 1 && target.epochs[0]!.closedNs < this.cutoffNs) target.epochs.shift();
  }

  /** The source's open entries join the target's from `atNs`; the target's own stay as they are. */
  private add(step: ModelStep, via: number): void {
    if (step.source < 0) throw new AssertionError('an unconstrained source cannot be added');
    const target = this.volumes[step.target]!;
    const source = this.volumes[step.source]!;
    const t = step.atNs;
    // Blocks with a list of their own on either side take the source's values on their own list…
    source.blocks.forEach((block) => {
      const own = target.blocks.get(block);
      target.blocks.set(block, this.copyInto(own === NIL ? this.materialize(target, block) : own, t, source, block, via));
    });
    target.blocks.forEach((block, head) => {
      if (source.blocks.get(block) === NIL) target.blocks.set(block, this.copyInto(head, t, source, block, via));
    });
    // …the others share the target's current epoch, which takes the values of the source's.
    target.epochs[target.epochs.length - 1]!.entries.push(...this.epochFrom(source, t, via));
  }

  /**
   * Whether a read over [fromNs, toNs] may have returned `stamp` for the
   * block: whether it was possibly the value at some instant of it. An
   * allowed value may also teach the model (`learn`).
   */
  admitsRead(volume: number, block: number, stamp: number, fromNs: number, toNs: number): boolean {
    const allowed = this.allows(volume, block, stamp, fromNs, toNs);
    if (allowed && this.restoreWithAlternatives.length > 0) {
      const state = this.volumes[volume]!;
      this.learn(state, block, state.blocks.get(block), stamp, fromNs, toNs);
    }
    return allowed;
  }

  /** Whether `stamp` was possibly the block's value at some instant of [fromNs, toNs]; teaches the model nothing. */
  allows(volume: number, block: number, stamp: number, fromNs: number, toNs: number): boolean {
    const state = this.volumes[volume]!;
    const head = state.blocks.get(block);
    // The hot path of checking: the conditions are `explains` written out (as a call, checking took 5% longer).
    if (head === NIL) {
      return state.epochs.some((epoch) => epoch.entries.some((e) => (e.stamp === stamp || e.origin === ORIGIN_ANY) && e.fromNs <= toNs && e.toNs >= fromNs));
    }
    const pool = this.pool;
    for (let e = head; e !== NIL; e = pool.next[e]!) {
      if ((pool.stamp[e] === stamp || pool.origin[e] === ORIGIN_ANY) && pool.fromNs[e]! <= toNs && pool.toNs[e]! >= fromNs) return true;
    }
    return false;
  }

  /**
   * Whether `stamp` is possibly the block's value just after `atNs` (once
   * everything the replay delivers at that instant took effect: an entry
   * closed at `atNs` no longer counts); teaches the model nothing.
   */
  allowsAfter(volume: number, block: number, stamp: number, atNs: number): boolean {
    const state = this.volumes[volume]!;
    const head = state.blocks.get(block);
    const holds = (entryStamp: number, origin: number, fromNs: number, toNs: number) => (entryStamp === stamp || origin === ORIGIN_ANY) && fromNs <= atNs && toNs > atNs;
    if (head === NIL) return state.epochs.some((epoch) => epoch.entries.some((e) => holds(e.stamp, e.origin, e.fromNs, e.toNs)));
    const pool = this.pool;
    for (let e = head; e !== NIL; e = pool.next[e]!) if (holds(pool.stamp[e]!, pool.origin[e]!, pool.fromNs[e]!, pool.toNs[e]!)) return true;
    return false;
  }

  /**
   * A read saw `stamp` on the block. If the only entries explaining it are
   * copies one restore made, that restore's copies of other values never
   * were the block's value: they are ruled out. (Only restores: a write in
   * flight on STD when a BCV is hidden for an establish may still reach the
   * BCV after the copy, through the mirror.)
   */
  private learn(state: VolumeState, block: number, head: number, stamp: number, fromNs: number, toNs: number): void {
    if (head === NIL) {
      // Blocks never written since the last command share their volume's epochs: materialize the block only
      // when there is something to rule out.
      const restore = this.soleRestoreInEpochs(state, stamp, fromNs, toNs);
      if (restore < 0 || !this.epochsHoldOther(state, restore, stamp)) return;
      head = this.materialize(state, block);
    }
    const pool = this.pool;
    let restore = NOT_EXPLAINED;
    for (let e = head; e !== NIL; e = pool.next[e]!) {
      if (!explains(pool.stamp[e]!, pool.origin[e]!, pool.fromNs[e]!, pool.toNs[e]!, stamp, fromNs, toNs)) continue;
      const via = pool.via[e]!;
      if (!this.copiedAlternatives(via) || (restore !== NOT_EXPLAINED && via !== restore)) return; // explained otherwise: nothing learnt
      restore = via;
    }
    if (restore === NOT_EXPLAINED) return;
    for (let e = head; e !== NIL; e = pool.next[e]!) {
      if (pool.via[e] === restore && pool.stamp[e] !== stamp && pool.origin[e] !== ORIGIN_ANY) pool.toNs[e] = RULED_OUT;
    }
  }

  /** Whether `via` is a restore that copied some block in as several candidates (only such copies teach anything). */
  private copiedAlternatives(via: number): boolean {
    return via >= 0 && this.restoreWithAlternatives[via] === true;
  }

  /**
   * For a block on its volume's epochs: NOT_EXPLAINED when no entry explains
   * `stamp`, the step of the one restore whose copies alone explain it, or
   * NO_RESTORE when something else does.
   */
  private soleRestoreInEpochs(state: VolumeState, stamp: number, fromNs: number, toNs: number): number {
    let restore = NOT_EXPLAINED;
    for (const epoch of state.epochs) {
      for (const e of epoch.entries) {
        if (!explains(e.stamp, e.origin, e.fromNs, e.toNs, stamp, fromNs, toNs)) continue;
        if (!this.copiedAlternatives(e.via) || (restore !== NOT_EXPLAINED && e.via !== restore)) return NO_RESTORE;
        restore = e.via;
      }
    }
    return restore;
  }

  private epochsHoldOther(state: VolumeState, via: number, stamp: number): boolean {
    return state.epochs.some((epoch) => epoch.entries.some((e) => e.via === via && e.stamp !== stamp && e.origin !== ORIGIN_ANY && e.toNs >= this.cutoffNs));
  }

  /** Every candidate possibly current just after `atNs` (for reports; see `allowsAfter`). */
  candidatesAfter(volume: number, block: number, atNs: number): Candidate[] {
    return this.candidates(volume, block, atNs, atNs).filter((c) => c.toNs > atNs);
  }

  /** Every candidate possibly current at some instant of [fromNs, toNs] (for reports). */
  candidates(volume: number, block: number, fromNs: number, toNs: number): Candidate[] {
    const state = this.volumes[volume]!;
    const head = state.blocks.get(block);
    const found: Candidate[] = [];
    const consider = (e: EpochEntry) => {
      if (e.fromNs <= toNs && e.toNs >= fromNs) found.push({ stamp: e.stamp, origin: originOf(e.origin), via: this.vias[e.via] ?? null, fromNs: e.fromNs, toNs: e.toNs });
    };
    if (head === NIL) for (const epoch of state.epochs) epoch.entries.forEach(consider);
    for (let e = head; e !== NIL; e = this.pool.next[e]!) consider(this.entry(e));
    return found;
  }

  private entry(e: number): EpochEntry {
    const p = this.pool;
    return { stamp: p.stamp[e]!, fromNs: p.fromNs[e]!, toNs: p.toNs[e]!, appliedNs: p.appliedNs[e]!, origin: p.origin[e]!, via: p.via[e]! };
  }

  /** A block's own list, from the volume's epochs still visible. */
  private materialize(state: VolumeState, block: number): number {
    let head = NIL;
    for (const epoch of state.epochs) {
      for (const e of epoch.entries) {
        if (e.toNs < this.cutoffNs) continue;
        head = this.pool.add(head, e.stamp, e.fromNs, e.appliedNs, e.origin, e.via);
        this.pool.toNs[head] = e.toNs;
      }
    }
    state.blocks.set(block, head);
    return head;
  }

  /** Closes what was in place by `t` (writes in flight stay open), then copies the source in. */
  private replaceBlock(head: number, t: number, source: VolumeState | null, block: number, via: number): number {
    const { toNs, appliedNs, next } = this.pool;
    for (let e = head; e !== NIL; e = next[e]!) if (toNs[e] === OPEN && appliedNs[e]! <= t) toNs[e] = t;
    return this.copyInto(this.pool.prune(head, this.cutoffNs), t, source, block, via);
  }

  private copyInto(head: number, t: number, source: VolumeState | null, block: number, via: number): number {
    const pool = this.pool;
    if (!source) return pool.add(head, 0, t, t, ORIGIN_ANY, via);
    const sourceHead = source.blocks.get(block);
    if (sourceHead === NIL) {
      let copies = 0;
      for (const e of source.epochs[source.epochs.length - 1]!.entries) {
        if (e.toNs === OPEN) {
          head = pool.add(head, e.stamp, t, t, e.origin, via);
          copies++;
        }
      }
      this.noteCopies(via, copies);
      return head;
    }
    let copies = 0;
    for (let e = sourceHead; e !== NIL; e = pool.next[e]!) {
      if (pool.toNs[e] === OPEN) {
        head = pool.add(head, pool.stamp[e]!, t, t, pool.origin[e]!, via);
        copies++;
      }
    }
    this.noteCopies(via, copies);
    return head;
  }

  private noteCopies(via: number, copies: number): void {
    if (copies > 1 && this.vias[via]!.effect === 'restore') this.restoreWithAlternatives[via] = true;
  }

  private epochFrom(source: VolumeState | null, t: number, via: number): EpochEntry[] {
    if (!source) return [{ stamp: 0, fromNs: t, toNs: OPEN, appliedNs: t, origin: ORIGIN_ANY, via }];
    const open = source.epochs[source.epochs.length - 1]!.entries.filter((e) => e.toNs === OPEN);
    this.noteCopies(via, open.length);
    return open.map((e) => ({ stamp: e.stamp, fromNs: t, toNs: OPEN, appliedNs: t, origin: e.origin, via }));
  }
}

/** Whether an entry (stamp, origin, interval) possibly is the value a read saw: `stamp` at some instant of [fromNs, toNs]. */
function explains(entryStamp: number, origin: number, entryFromNs: number, entryToNs: number, stamp: number, fromNs: number, toNs: number): boolean {
  return (entryStamp === stamp || origin === ORIGIN_ANY) && entryFromNs <= toNs && entryToNs >= fromNs;
}

export function originOf(origin: number): Origin {
  if (origin >= 0) return { kind: 'write', opId: origin };
  return origin === ORIGIN_ANY ? { kind: 'unconstrained' } : { kind: 'initial' };
}

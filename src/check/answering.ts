import { isUnprotected, type PairTopo, type Timeline } from './timeline.js';
import type { Span, StateSpan } from './verdict.js';

/**
 * Whether a BCV answers host I/O at its own address in a state, from the
 * state's label as the history records it. Mirrors `bcvAddressable` of the
 * protocol's state machine (DESIGN.md §1's table), which a checker must not
 * import: a BCV stops answering while it mirrors its standard. A state this
 * table does not know is taken to answer (nothing can be said against it).
 */
export function bcvAnswersIn(state: string, label: string): boolean {
  switch (state) {
    case 'SyncInProg':
    case 'Synchronized':
      return false;
    case 'RestInProg':
    case 'Restored':
      return !isUnprotected(label);
    default:
      return true;
  }
}

/** Whether host writes to the BCV meet a protected restore in this state (refused under `refuse`). */
export const protectedRestoreIn = (state: string, label: string): boolean => state === 'RestInProg' && !isUnprotected(label);

/**
 * A BCV's life as host I/O sees it, from its pair's state changes: when it
 * did not answer at its address (`hidden`), and when its pair ran a
 * protected restore. Intervals are [fromNs, toNs): a state entered at t holds
 * from t; toNs is Infinity while it lasts.
 */
export class BcvSpans {
  /** By volume index: the BCV's hidden intervals, in time order, disjoint. */
  private readonly hidden = new Map<number, Span[]>();
  private readonly protectedRestore = new Map<number, Span[]>();
  /** By volume index: the pair whose BCV it is. */
  private readonly pairOf = new Map<number, PairTopo>();

  constructor(private readonly timeline: Timeline) {
    for (const pair of timeline.pairs) {
      this.pairOf.set(pair.bcvVolume, pair);
      this.hidden.set(pair.bcvVolume, spansWhere(timeline, pair, (s, l) => !bcvAnswersIn(s, l)));
      this.protectedRestore.set(pair.bcvVolume, spansWhere(timeline, pair, protectedRestoreIn));
    }
  }

  isBcv(volume: number): boolean {
    return this.pairOf.has(volume);
  }

  /** The volume's hidden intervals (none for a volume that is no pair's BCV). */
  hiddenOf(volume: number): readonly Span[] {
    return this.hidden.get(volume) ?? NONE;
  }

  /** Whether the volume did not answer at some instant of [fromNs, toNs]. */
  hiddenSometime(volume: number, fromNs: number, toNs: number): boolean {
    return meets(this.hiddenOf(volume), fromNs, toNs);
  }

  /** Whether the volume answered at no instant of [fromNs, toNs]. */
  hiddenThroughout(volume: number, fromNs: number, toNs: number): boolean {
    return covers(this.hiddenOf(volume), fromNs, toNs);
  }

  /** When the BCV's pair ran a protected restore (none for a standard). */
  protectedRestoreOf(volume: number): readonly Span[] {
    return this.protectedRestore.get(volume) ?? NONE;
  }

  protectedRestoreSometime(volume: number, fromNs: number, toNs: number): boolean {
    return meets(this.protectedRestore.get(volume) ?? NONE, fromNs, toNs);
  }

  protectedRestoreThroughout(volume: number, fromNs: number, toNs: number): boolean {
    return covers(this.protectedRestore.get(volume) ?? NONE, fromNs, toNs);
  }

  /** The pair states of a BCV over [fromNs, toNs] (for verdicts); empty for other volumes. */
  statesOf(volume: number, fromNs: number, toNs: number): StateSpan[] {
    const pair = this.pairOf.get(volume);
    if (!pair) return [];
    const spans: StateSpan[] = [];
    let label = 'NeverEstab';
    let since = -Infinity;
    for (const change of this.timeline.changesOf(pair.name)) {
      const at = change.record.atNs;
      if (at > fromNs) spans.push({ pair: pair.name, label, fromNs: since, toNs: at });
      if (at > toNs) return spans;
      label = change.record.label;
      since = at;
    }
    spans.push({ pair: pair.name, label, fromNs: since, toNs: Infinity });
    return spans;
  }
}

const NONE: readonly Span[] = [];

function spansWhere(timeline: Timeline, pair: PairTopo, holds: (state: string, label: string) => boolean): Span[] {
  const spans: Span[] = [];
  let openSince = holds('NeverEstab', 'NeverEstab') ? -Infinity : NaN;
  for (const change of timeline.changesOf(pair.name)) {
    const { state, label, atNs } = change.record;
    const now = holds(state, label);
    if (now && Number.isNaN(openSince)) openSince = atNs;
    if (!now && !Number.isNaN(openSince)) {
      if (atNs > openSince) spans.push({ fromNs: openSince, toNs: atNs });
      openSince = NaN;
    }
  }
  if (!Number.isNaN(openSince)) spans.push({ fromNs: openSince, toNs: Infinity });
  return spans;
}

/** Whether some interval [a, b) meets [fromNs, toNs] (closed: an I/O is in flight at both its ends). */
function meets(spans: readonly Span[], fromNs: number, toNs: number): boolean {
  for (const s of spans) {
    if (s.fromNs > toNs) return false;
    if (s.toNs > fromNs) return true;
  }
  return false;
}

/** Whether one interval [a, b) holds all of [fromNs, toNs]. */
function covers(spans: readonly Span[], fromNs: number, toNs: number): boolean {
  for (const s of spans) {
    if (s.fromNs > fromNs) return false;
    if (s.toNs > toNs) return true;
  }
  return false;
}

/**
 * Half a nanosecond: times are integers, so a window ending at t − ½ holds
 * every instant before t and none at t (and one starting at t + ½ none at t).
 * A read sees a volume only while it answers: not at the instant it was
 * hidden (the model makes it unconstrained from there) nor at the instant it
 * was shown again (the model still holds the hidden content there).
 */
export const HALF_NS = 0.5;

/**
 * The parts of [fromNs, toNs] in which a volume answered, given its hidden
 * intervals; null when none of them comes near (the read needs no clipping).
 */
export function answeredParts(hidden: readonly Span[], fromNs: number, toNs: number): Span[] | null {
  let parts: Span[] | null = null;
  let from = fromNs;
  for (const h of hidden) {
    if (h.fromNs > toNs) break;
    if (h.toNs < fromNs) continue;
    parts ??= [];
    if (h.fromNs - HALF_NS >= from) parts.push({ fromNs: from, toNs: h.fromNs - HALF_NS });
    from = Math.max(from, h.toNs + HALF_NS);
  }
  if (parts && from <= toNs) parts.push({ fromNs: from, toNs });
  return parts;
}

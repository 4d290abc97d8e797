import type { TimeNs } from './time.js';

const TWO_32 = 4294967296;

/** One traced event: what happened (`kind`), when, and two integers whose meaning the kind defines. */
export interface TraceEvent {
  readonly t: TimeNs;
  readonly kind: string;
  readonly a: number;
  readonly b: number;
}

export type TraceSink = (event: TraceEvent) => void;

/**
 * Keeps a running 64-bit hash (two 32-bit Murmur3-style lanes) over every
 * event, in firing order, and optionally hands each event to a sink (for
 * JSON-lines output). Same seed and configuration ⇒ same hash, bit for bit.
 */
export class TraceRecorder {
  private readonly kindNames: string[] = [];
  private readonly kindIds = new Map<string, number>();
  private h1 = 0x9747b28c;
  private h2 = 0x5bd1e995;
  count = 0;

  constructor(private readonly sink?: TraceSink) {}

  /** The id of an event kind, registering it on first use. */
  kind(name: string): number {
    let id = this.kindIds.get(name);
    if (id === undefined) {
      id = this.kindNames.length;
      this.kindNames.push(name);
      this.kindIds.set(name, id);
    }
    return id;
  }

  kindName(id: number): string {
    return this.kindNames[id] ?? `#${id}`;
  }

  record(t: TimeNs, kind: number, a: number, b: number): void {
    this.count++;
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = mix(h1, t >>> 0);
    h2 = mix(h2, (t / TWO_32) >>> 0);
    h1 = mix(h1, kind);
    h2 = mix(h2, a >>> 0);
    h1 = mix(h1, (a / TWO_32) | 0);
    h2 = mix(h2, b >>> 0);
    h1 = mix(h1, (b / TWO_32) | 0);
    this.h1 = h1;
    this.h2 = h2 ^ h1;
    if (this.sink) this.sink({ t, kind: this.kindNames[kind]!, a, b });
  }

  /** The hash so far, as 16 hex digits. */
  hash(): string {
    const f1 = finalize(this.h1 ^ this.count);
    const f2 = finalize(this.h2 ^ Math.floor(this.count / TWO_32));
    return hex8(f1) + hex8(f2);
  }
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

import type { History } from '../array/history.js';
import type { Span } from './verdict.js';

/**
 * The faults of a history, indexed for the question the availability check
 * asks of a failed host I/O: did a fault hit where and when it ran?
 */
export class FaultIndex {
  private readonly mediaErrors: { readonly atNs: number; readonly volume: string; readonly block: number }[] = [];
  /** `volumes` null: the history does not say which volumes the drive held (any of them may be hit). */
  private readonly driveFailures: { readonly atNs: number; readonly volumes: ReadonlySet<string> | null }[] = [];
  private readonly directorsDown: Span[] = [];
  private readonly powerDown: Span[] = [];
  /** Each volume with those it may read from on behalf of a host: itself, and the other side of its pairs. */
  private readonly related = new Map<string, Set<string>>();

  constructor(private readonly history: History) {
    const downSince = new Map<number, number>();
    let powerLostNs = NaN;
    for (const fault of history.faults) {
      switch (fault.kind) {
        case 'media-error':
          this.mediaErrors.push({ atNs: fault.atNs, volume: fault.volume, block: fault.block });
          break;
        case 'drive-failed':
          this.driveFailures.push({ atNs: fault.atNs, volumes: fault.volumes.length > 0 ? new Set(fault.volumes) : null });
          break;
        case 'director-failed':
          if (!downSince.has(fault.director)) downSince.set(fault.director, fault.atNs);
          break;
        case 'director-restarted': {
          const since = downSince.get(fault.director);
          if (since !== undefined) this.directorsDown.push({ fromNs: since, toNs: fault.atNs });
          downSince.delete(fault.director);
          break;
        }
        case 'power-lost':
          if (Number.isNaN(powerLostNs)) powerLostNs = fault.atNs;
          break;
        case 'power-restored':
          if (!Number.isNaN(powerLostNs)) this.powerDown.push({ fromNs: powerLostNs, toNs: fault.atNs });
          powerLostNs = NaN;
          break;
        case 'drive-slow':
        case 'rebuild-done':
          break; // nothing fails because of these
      }
    }
    for (const since of downSince.values()) this.directorsDown.push({ fromNs: since, toNs: Infinity });
    if (!Number.isNaN(powerLostNs)) this.powerDown.push({ fromNs: powerLostNs, toNs: Infinity });
    for (const pair of history.topology.pairs) {
      this.relate(pair.std, pair.bcv);
      this.relate(pair.bcv, pair.std);
    }
  }

  /** A media error was injected by `completeNs` under a track the I/O touches, of its volume or the other side of one of its pairs. */
  mediaErrorUnder(volume: string, startBlock: number, blockCount: number, completeNs: number): boolean {
    const bpt = this.history.topology.blocksPerTrack;
    const first = Math.floor(startBlock / bpt);
    const last = Math.floor((startBlock + blockCount - 1) / bpt);
    const volumes = this.volumesOf(volume);
    return this.mediaErrors.some((f) => f.atNs <= completeNs && volumes.has(f.volume) && Math.floor(f.block / bpt) >= first && Math.floor(f.block / bpt) <= last);
  }

  /** A drive holding the volume (or the other side of one of its pairs) failed by `completeNs`. */
  driveFailedUnder(volume: string, completeNs: number): boolean {
    const volumes = this.volumesOf(volume);
    return this.driveFailures.some((f) => f.atNs <= completeNs && (f.volumes === null || [...volumes].some((v) => f.volumes!.has(v))));
  }

  /** Some director was down at some instant of [fromNs, toNs] (the history does not say which carried the I/O). */
  directorDownDuring(fromNs: number, toNs: number): boolean {
    return this.directorsDown.some((s) => s.fromNs <= toNs && s.toNs >= fromNs);
  }

  powerDownDuring(fromNs: number, toNs: number): boolean {
    return this.powerDown.some((s) => s.fromNs <= toNs && s.toNs >= fromNs);
  }

  private volumesOf(volume: string): ReadonlySet<string> {
    return this.related.get(volume) ?? new Set([volume]);
  }

  private relate(volume: string, other: string): void {
    let set = this.related.get(volume);
    if (!set) this.related.set(volume, (set = new Set([volume])));
    set.add(other);
  }
}

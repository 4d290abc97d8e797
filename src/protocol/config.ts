import type { TimeNs } from '../engine/time.js';

export interface CopyConfig {
  /** Upper bound on the copy task's throughput, MB/s (0: no limit). */
  readonly rateMBps: number;
  /** Tracks copied at once. */
  readonly concurrency: number;
  /** `low`: the copy's drive and adapter work waits behind host work; `equal`: same priority. */
  readonly priority: 'low' | 'equal';
  /** `track`: ascending track order; `touched-first`: tracks hosts asked for go first. */
  readonly order: 'track' | 'touched-first';
}

export interface ProtocolConfig {
  /** Processing time of a command before it takes effect. */
  readonly commandNs: TimeNs;
  /** Time to split one pair; a group split steps through its pairs. */
  readonly splitStepNs: TimeNs;
  readonly copy: CopyConfig;
  /** A host read of an unrestored track also restores that track (copy-on-read). */
  readonly copyOnRead: boolean;
  /** A host write to a BCV under a protected restore: refused, or served after restoring that track (copy-before-write). */
  readonly bcvWriteDuringRestore: 'refuse' | 'copy-before-write';
}

export const DEFAULT_COPY: CopyConfig = { rateMBps: 0, concurrency: 8, priority: 'low', order: 'track' };

export const DEFAULT_PROTOCOL: ProtocolConfig = {
  commandNs: 500_000,
  splitStepNs: 200_000,
  copy: DEFAULT_COPY,
  copyOnRead: true,
  bcvWriteDuringRestore: 'refuse',
};

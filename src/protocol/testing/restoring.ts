import type { CopyConfig, ProtocolConfig } from '../config.js';
import type { ProtocolParts } from '../parts.js';
import { snapshotTaken, start } from './reach.js';
import { world, type World } from './world.js';

export interface RestoringOptions {
  readonly protocol?: Partial<ProtocolConfig>;
  readonly copy?: Partial<CopyConfig>;
  readonly protected?: boolean;
  /** Parts replaced in the protocol (e.g. a routing policy with one plan broken). */
  readonly parts?: Partial<ProtocolParts>;
}

/**
 * A pair (64 tracks) in a full restore at 1 MB/s, one track at a time (65 ms
 * a track): the last tracks stay unrestored for seconds. STD was updated on
 * every track since the split, so an unrestored track differs from the snapshot.
 */
export function restoring(options: RestoringOptions = {}): { w: World; snapshot: number[] } {
  const w = world({
    parts: options.parts,
    blocks: 1024,
    protocol: options.protocol,
    pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 1, concurrency: 1, ...options.copy } }],
  });
  const snapshot = snapshotTaken(w);
  for (let b = 0; b < 1024; b += 16) w.write('std', b + 1, 4);
  w.run();
  start(w, w.restore('p1', { protected: options.protected ?? true }), 'RestInProg');
  w.runFor(10_000_000);
  return { w, snapshot };
}

/** Track 62 (blocks 992–1007): still unrestored long after the restore began. */
export const LATE_TRACK = 62;
export const LATE_BLOCK = LATE_TRACK * 16;

/**
 * A pair of 16 tracks restored at 1 MB/s (65 ms a track), with copy-before-write,
 * and room in cache for only 4 write-pending tracks that take 10 ms to destage:
 * a write waits for room as long as the cache is full of writes to `other`
 * (`fillCache`). No copy-on-read: a read of an unrestored track leaves it unrestored.
 */
export function copyBeforeWriteWorld(parts: Partial<ProtocolParts> = {}): { w: World; fillCache: (tracks: number) => void } {
  const w = world({
    parts,
    blocks: 256,
    volumes: ['std', 'bcv', 'other'],
    writePendingSlots: 4,
    driveLatencyNs: 10_000_000,
    protocol: { bcvWriteDuringRestore: 'copy-before-write', copyOnRead: false },
    pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 1, concurrency: 1 } }],
  });
  const fillCache = (tracks: number) => {
    for (let t = 0; t < tracks; t++) w.write('other', t * 16, 1);
  };
  return { w, fillCache };
}

import type { Protocol } from '../../protocol/protocol.js';

/*
 * Seeded bugs in fault handling: each changes one step of the protocol (or
 * the array under it) on a protocol built as usual. Used only by the
 * verification gate.
 */

const restarted = (kind: string) => kind === 'director-restarted' || kind === 'power-restored';

/** On a director restart or power return, the restore's track table is lost: it starts again from track 0, over host data written since. */
export function trackTablesLostOnRestart(protocol: Protocol): void {
  const copies = protocol.copies;
  const afterFault = copies.afterFault.bind(copies);
  copies.afterFault = (event) => {
    if (restarted(event.kind)) for (const pair of protocol.pairs.values()) if (pair.restoring) pair.toCopy.fill();
    afterFault(event);
  };
}

/** After a director restart or power return, the stopped copy task is never started again. */
export function copyNotResumed(protocol: Protocol): void {
  const copies = protocol.copies;
  const afterFault = copies.afterFault.bind(copies);
  copies.afterFault = (event) => {
    if (!restarted(event.kind)) afterFault(event);
  };
}

/** A read a drive fails with a media error is not tried on the mirror, and the array answers zeroes instead of an error. */
export function mediaErrorReadsZeroes(protocol: Protocol): void {
  const cache = protocol.cache;
  const read = cache.read.bind(cache);
  cache.read = (volume, startBlock, blockCount, out, work, done) =>
    read(volume, startBlock, blockCount, out, work, (error) => {
      if (error?.code !== 'media-error') return done(error);
      out.fill(0);
      done(null);
    });
  protocol.array.backEnd.mirrorFallback = false;
}

/** The cache has no vault: on power loss its dirty data is lost with the clean. */
export function cacheNotVaulted(protocol: Protocol): void {
  const cache = protocol.cache;
  const powerLost = cache.powerLost.bind(cache);
  cache.powerLost = () => powerLost(false);
}

import type { FaultEvent } from '../../array/faults.js';
import { Protocol } from '../../protocol/protocol.js';

/*
 * Seeded bugs in fault handling. Each is a Protocol (or the array under it)
 * with one wrong step. Used only by the verification gate.
 */

type ProtocolArgs = ConstructorParameters<typeof Protocol>;

/** On a director restart or power return, the restore's track table is lost: it starts again from track 0, over host data written since. */
export class TrackTablesLostOnRestart extends Protocol {
  protected override afterFault(event: FaultEvent): void {
    if (event.kind === 'director-restarted' || event.kind === 'power-restored') {
      for (const pair of this.pairs.values()) if (pair.restoring) pair.toCopy.fill();
    }
    super.afterFault(event);
  }
}

/** After a director restart or power return, the stopped copy task is never started again. */
export class CopyNotResumed extends Protocol {
  protected override afterFault(event: FaultEvent): void {
    if (event.kind === 'director-restarted' || event.kind === 'power-restored') return;
    super.afterFault(event);
  }
}

/** A read a drive fails with a media error is not tried on the mirror, and the array answers zeroes instead of an error. */
export class MediaErrorReadsZeroes extends Protocol {
  constructor(...args: ProtocolArgs) {
    super(...args);
    const cache = this.cache;
    cache.read = wrapRead(cache.read.bind(cache));
    this.array.backEnd.mirrorFallback = false;
  }
}

function wrapRead(read: Protocol['cache']['read']): Protocol['cache']['read'] {
  return (volume, startBlock, blockCount, out, work, done) =>
    read(volume, startBlock, blockCount, out, work, (error) => {
      if (error?.code !== 'media-error') return done(error);
      out.fill(0);
      done(null);
    });
}

/** The cache has no vault: on power loss its dirty data is lost with the clean. */
export class CacheNotVaulted extends Protocol {
  constructor(...args: ProtocolArgs) {
    super(...args);
    const cache = this.cache;
    const powerLost = cache.powerLost.bind(cache);
    cache.powerLost = () => powerLost(false);
  }
}

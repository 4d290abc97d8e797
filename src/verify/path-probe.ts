import type { HostIo, IoController, IoDone } from '../array/controller.js';
import { trackRange } from '../protocol/routing.js';
import type { Protocol } from '../protocol/protocol.js';

/**
 * A decorator on the array's I/O controller that counts, as each host I/O
 * reaches the protocol, the interleavings the gate most wants to see and the
 * protocol does not count itself: a write to a standard under restore whose
 * tracks are partly restored and partly not. Counting only: it changes
 * nothing and decides nothing.
 */
export class PathProbe implements IoController {
  /** Host writes to a restoring standard spanning restored and unrestored tracks. */
  writesAcrossRestored = 0;

  constructor(
    private readonly inner: IoController,
    private readonly protocol: Protocol,
  ) {}

  read(io: HostIo, done: IoDone): void {
    this.inner.read(io, done);
  }

  write(io: HostIo, done: IoDone): void {
    for (const pair of this.protocol.pairsOfStd(io.volume)) {
      if (!pair.restoring) continue;
      const [first, last] = trackRange(io.volume, io.startBlock, io.blockCount);
      let restored = false;
      let unrestored = false;
      for (let track = first; track <= last; track++) {
        if (pair.unrestored(track)) unrestored = true;
        else restored = true;
      }
      if (restored && unrestored) this.writesAcrossRestored++;
    }
    this.inner.write(io, done);
  }
}

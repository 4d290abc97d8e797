import type { Simulator } from '../engine/simulator.js';
import type { FrontEnd } from '../array/front-end.js';
import type { Volume } from '../array/volume.js';
import type { IoOutcome, IoPort, IoRequest } from '../host/io.js';
import type { GroupMetrics } from '../metrics/group.js';

const OK: IoOutcome = { ok: true };

/**
 * A host's connection to the array: turns a workload's requests into host
 * I/O on the front-end directors the host is zoned to (round robin), and
 * records each completion's latency for the host and for the volume.
 */
export class HostPort implements IoPort {
  private nextPath = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly frontEnd: FrontEnd,
    readonly host: string,
    private readonly volumes: readonly Volume[],
    private readonly paths: readonly number[],
    private readonly hostMetrics: GroupMetrics,
    private readonly volumeMetrics: readonly GroupMetrics[],
  ) {}

  submit(request: IoRequest, done: (outcome: IoOutcome) => void): void {
    const volume = this.volumes[request.volume]!;
    const path = this.paths[this.nextPath]!;
    this.nextPath = this.nextPath + 1 === this.paths.length ? 0 : this.nextPath + 1;
    const issueNs = this.sim.now;
    const { write, startBlock, blockCount } = request;
    this.frontEnd.submit(path, { host: this.host, volume, startBlock, blockCount, write }, (error) => {
      const now = this.sim.now;
      if (error !== null) return done({ ok: false, error });
      const bytes = blockCount * volume.geometry.blockBytes;
      const volumeMetrics = this.volumeMetrics[request.volume]!;
      if (write) {
        this.hostMetrics.recordWrite(now, now - issueNs, bytes);
        volumeMetrics.recordWrite(now, now - issueNs, bytes);
      } else {
        this.hostMetrics.recordRead(now, now - issueNs, bytes);
        volumeMetrics.recordRead(now, now - issueNs, bytes);
      }
      done(OK);
    });
  }
}

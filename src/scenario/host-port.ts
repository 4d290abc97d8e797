import type { Simulator } from '../engine/simulator.js';
import type { CommandDone, CommandIo } from '../array/command-path.js';
import type { FrontEnd } from '../array/front-end.js';
import type { Volume } from '../array/volume.js';
import { hostWork } from '../array/work.js';
import type { IoOutcome, IoPort, IoRequest } from '../host/io.js';
import type { BreakdownBook } from '../metrics/breakdown-book.js';
import type { GroupMetrics } from '../metrics/group.js';
import { Stage, StageLedger } from '../metrics/stage-ledger.js';

const OK: IoOutcome = { ok: true };

/**
 * A host's connection to the array: turns a workload's requests into host
 * I/O on the front-end directors the host is zoned to (round robin), and
 * records each completion's latency for the host and for the volume — and,
 * given a breakdown book, the stages the latency was spent in (each I/O
 * then keeps a stage ledger from the instant the host issues it).
 */
export class HostPort implements IoPort {
  private nextPath = 0;
  private readonly hostIndex: number;

  constructor(
    private readonly sim: Simulator,
    private readonly frontEnd: FrontEnd,
    readonly host: string,
    private readonly volumes: readonly Volume[],
    private readonly paths: readonly number[],
    private readonly hostMetrics: GroupMetrics,
    private readonly volumeMetrics: readonly GroupMetrics[],
    private readonly breakdown: BreakdownBook | null = null,
  ) {
    this.hostIndex = breakdown === null ? -1 : breakdown.hostIndex(host);
  }

  /** The next path round robin, skipping directors known to be down (as a multipath driver marks dead paths). */
  private pickPath(): number {
    for (let tries = 0; tries < this.paths.length; tries++) {
      const path = this.paths[this.nextPath]!;
      this.nextPath = this.nextPath + 1 === this.paths.length ? 0 : this.nextPath + 1;
      if (this.frontEnd.directors[path]!.online) return path;
    }
    return this.paths[0]!;
  }

  /**
   * Sends a pair command through the host's next path, as its I/O goes. It
   * is not sent again on another path when its director fails: the host
   * cannot tell a command lost before the array saw it from one whose answer
   * was lost after it took effect.
   */
  sendCommand(command: CommandIo, done: CommandDone): void {
    this.frontEnd.submitCommand(this.pickPath(), command, done);
  }

  /** I/Os sent again on another path after a director failed them. */
  retries = 0;

  submit(request: IoRequest, done: (outcome: IoOutcome) => void, attempt = 0, firstIssueNs = this.sim.now): void {
    const volume = this.volumes[request.volume]!;
    const path = this.pickPath();
    const issueNs = firstIssueNs;
    const { write, startBlock, blockCount } = request;
    const ledger = this.breakdown === null ? null : this.ledgerOf(issueNs, attempt);
    const work = hostWork(ledger);
    this.frontEnd.submit(path, { host: this.host, volume, startBlock, blockCount, write, work }, (error, _data, opId) => {
      const now = this.sim.now;
      // A multipath driver retries an I/O a failed director dropped on the host's other paths.
      if (error === 'director-failed' && attempt + 1 < this.paths.length) {
        this.retries++;
        return this.submit(request, done, attempt + 1, issueNs);
      }
      if (error !== null) return done({ ok: false, error });
      if (ledger !== null) this.breakdown!.record(this.hostIndex, opId, now, now - issueNs, ledger);
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

  /**
   * A ledger for an attempt at an I/O the host issued at `issueNs`: waiting
   * for a front-end director from now on, after the time an earlier attempt
   * spent on a path whose director failed.
   */
  private ledgerOf(issueNs: number, attempt: number): StageLedger {
    if (attempt === 0) return new StageLedger(this.sim, issueNs, Stage.frontEndQueue);
    const ledger = new StageLedger(this.sim, issueNs, Stage.retry);
    ledger.enter(Stage.frontEndQueue);
    return ledger;
  }
}

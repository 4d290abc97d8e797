import type { TimeNs } from '../engine/time.js';
import { Stage } from '../metrics/stage-ledger.js';
import type { DriveRequest } from './drive.js';

/**
 * How a drive that serves one request at a time charges the time of the
 * requests it holds to their host I/Os' stage ledgers. A request's wait in
 * the queue is split by what the drive does meanwhile: every nanosecond it
 * spends serving copy work counts as behind the copy, the rest as the
 * drive's queue. For that the drive keeps a copy clock, which runs only
 * while a copy request is in service: a waiting request notes it when it
 * joins the queue, and the difference when it leaves is its time behind
 * the copy. Requests that carry no ledger cost a field test or two.
 */
export class QueueSplitter {
  private copyTotalNs: TimeNs = 0;
  /** When the copy request in service started (-1: none is). */
  private copySinceNs: TimeNs = -1;

  /** Time spent serving copy requests up to `nowNs`. */
  copyClockNs(nowNs: TimeNs): TimeNs {
    return this.copySinceNs < 0 ? this.copyTotalNs : this.copyTotalNs + nowNs - this.copySinceNs;
  }

  /** `request` joins the queue (the drive is busy). */
  queued(request: DriveRequest, nowNs: TimeNs): void {
    const ledger = request.work?.ledger;
    if (ledger == null) return;
    ledger.enter(Stage.driveQueue);
    ledger.copyClockNs = this.copyClockNs(nowNs);
  }

  /** The drive starts serving `request`; its host I/O is in `serviceStage` until the drive says otherwise. */
  started(request: DriveRequest, nowNs: TimeNs, serviceStage: number): void {
    const work = request.work;
    if (work === undefined) return;
    if (work.copy) this.copySinceNs = nowNs;
    const ledger = work.ledger;
    if (ledger === null) return;
    if (ledger.stage === Stage.driveQueue) ledger.enterSplit(serviceStage, Stage.behindCopy, this.copyClockNs(nowNs) - ledger.copyClockNs);
    else ledger.enter(serviceStage);
  }

  /** The drive is done with `request`. */
  finished(request: DriveRequest, nowNs: TimeNs): void {
    if (request.work?.copy !== true) return;
    this.copyTotalNs += nowNs - this.copySinceNs;
    this.copySinceNs = -1;
  }
}

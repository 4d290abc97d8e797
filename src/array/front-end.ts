import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import type { HostIo, IoController, IoErrorCode } from './controller.js';
import type { Director } from './director.js';
import type { History } from './history.js';
import type { Volume } from './volume.js';

export interface HostRequest {
  readonly host: string;
  readonly volume: Volume;
  readonly startBlock: number;
  readonly blockCount: number;
  readonly write: boolean;
}

/** Called when a host I/O completes: `data` holds a successful read's stamps. */
export type HostDone = (error: IoErrorCode | null, data: Uint32Array) => void;

const EMPTY = new Uint32Array(0);

/**
 * The front end: takes host I/O on a director's port, gives every write a
 * unique stamp, charges the director's overhead and the port's transfer time,
 * hands the I/O to the controller, and records it in the history.
 */
export class FrontEnd {
  private lastStamp = 0;
  private lastToken = 0;
  private readonly inFlight = new Map<number, { readonly director: number; readonly fail: (error: IoErrorCode) => void }>();
  /** True while the array has no power. */
  offline = false;
  private readonly kindTransfer: number;
  private readonly nsPerByte: number;
  controller: IoController;

  constructor(
    private readonly sim: Simulator,
    readonly directors: readonly Director[],
    controller: IoController,
    private readonly history: History,
    portMBps: number,
  ) {
    this.controller = controller;
    this.kindTransfer = sim.kind('port.transfer');
    this.nsPerByte = 1e3 / portMBps;
  }

  /** The last stamp handed out: stamps are 1, 2, 3, … in the order writes are accepted. */
  get stampsIssued(): number {
    return this.lastStamp;
  }

  /** Accepts a host I/O; returns the stamp given to a write (0 for a read). */
  submit(directorIndex: number, request: HostRequest, done: HostDone): number {
    const index = directorIndex % this.directors.length;
    const director = this.directors[index]!;
    const { host, volume, startBlock, blockCount, write } = request;
    const stamp = write ? ++this.lastStamp : 0;
    const opId = this.history.issue(host, volume.name, write, startBlock, blockCount, this.sim.now, stamp);
    const io: HostIo = { opId, host, volume, startBlock, blockCount, write, stamp, data: write ? EMPTY : new Uint32Array(blockCount), cancelled: false };
    const token = ++this.lastToken;
    let settled = false;
    const settle = (error: IoErrorCode | null) => {
      // An I/O failed by a director failure or a power loss may still finish inside the array later: that is ignored.
      if (settled) return;
      settled = true;
      this.inFlight.delete(token);
      this.history.complete(opId, this.sim.now, error, error === null && !write ? io.data : null);
      done(error, io.data);
    };
    if (this.offline || !director.online) {
      const error: IoErrorCode = this.offline ? 'array-offline' : 'director-failed';
      this.sim.after(0, this.kindTransfer, () => settle(error));
      return stamp;
    }
    this.inFlight.set(token, {
      director: index,
      fail: (error) => {
        io.cancelled = true;
        settle(error);
      },
    });
    const transferNs: TimeNs = Math.round(blockCount * volume.geometry.blockBytes * this.nsPerByte);
    const epoch = director.epoch;
    director.begin('host', () => {
      const finish = (error: IoErrorCode | null) => {
        this.sim.after(transferNs, this.kindTransfer, () => {
          director.end(epoch);
          settle(error);
        });
      };
      if (write) this.controller.write(io, finish);
      else this.controller.read(io, finish);
    });
    return stamp;
  }

  /** A director fails: the I/O on it fails at once (hosts retry on another path); it takes none until restarted. */
  failDirector(index: number): void {
    this.directors[index]!.fail();
    for (const op of [...this.inFlight.values()]) if (op.director === index) op.fail('director-failed');
  }

  restartDirector(index: number): void {
    this.directors[index]!.restart();
  }

  /** Power fails: every host I/O in flight fails, and new ones are refused until power returns. */
  powerLost(): void {
    this.offline = true;
    for (const op of [...this.inFlight.values()]) op.fail('array-offline');
  }

  powerRestored(): void {
    this.offline = false;
  }
}

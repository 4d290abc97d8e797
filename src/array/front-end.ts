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
    const director = this.directors[directorIndex % this.directors.length]!;
    const { host, volume, startBlock, blockCount, write } = request;
    const stamp = write ? ++this.lastStamp : 0;
    const opId = this.history.issue(host, volume.name, write, startBlock, blockCount, this.sim.now, stamp);
    const io: HostIo = { host, volume, startBlock, blockCount, write, stamp, data: write ? EMPTY : new Uint32Array(blockCount) };
    const transferNs: TimeNs = Math.round(blockCount * volume.geometry.blockBytes * this.nsPerByte);
    director.begin('host', () => {
      const finish = (error: IoErrorCode | null) => {
        this.sim.after(transferNs, this.kindTransfer, () => {
          director.end();
          this.history.complete(opId, this.sim.now, error, error === null && !write ? io.data : null);
          done(error, io.data);
        });
      };
      if (write) this.controller.write(io, finish);
      else this.controller.read(io, finish);
    });
    return stamp;
  }
}

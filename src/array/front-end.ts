import { AssertionError } from '../engine/assert.js';
import type { Simulator } from '../engine/simulator.js';
import type { TimeNs } from '../engine/time.js';
import { Stage, type StageLedger } from '../metrics/stage-ledger.js';
import type { CommandDone, CommandIo, CommandPathError } from './command-path.js';
import type { HostIo, IoController, IoDone, IoErrorCode } from './controller.js';
import type { Director, Task } from './director.js';
import type { History } from './history.js';
import type { Volume } from './volume.js';
import { HOST_WORK, type Work } from './work.js';

export interface HostRequest {
  readonly host: string;
  readonly volume: Volume;
  readonly startBlock: number;
  readonly blockCount: number;
  readonly write: boolean;
  /** The I/O's work, with the stage ledger its sender keeps (default: none). */
  readonly work?: Work;
}

/** Called when a host I/O completes: `data` holds a successful read's stamps; `opId` is the history's id of the I/O (-1 when it records none). */
export type HostDone = (error: IoErrorCode | null, data: Uint32Array, opId: number) => void;

const EMPTY = new Uint32Array(0);

/**
 * A host I/O inside the array, from acceptance to its answer: the history's
 * record of it, the director's task, and its way back to the host. One
 * object (and one bound callback) per I/O, so that the hot path allocates
 * little.
 */
class HostIoTask implements HostIo, Task {
  cancelled = false;
  /** The host has its answer: nothing more may reach it. */
  settled = false;
  /** The controller has answered: it answers once (the host may have been told before, by a failure). */
  answered = false;
  /** Where the I/O sits in the front end's table of I/Os in flight (-1: not there). */
  slot = -1;
  /** The controller's answer, carried through the port's transfer time. */
  error: IoErrorCode | null = null;
  /** Given to the controller: called once the I/O is served (or failed) inside the array. */
  readonly served: IoDone;

  constructor(
    private readonly frontEnd: FrontEnd,
    readonly token: number,
    readonly opId: number,
    readonly host: string,
    readonly volume: Volume,
    readonly startBlock: number,
    readonly blockCount: number,
    readonly write: boolean,
    readonly stamp: number,
    readonly data: Uint32Array,
    readonly directorIndex: number,
    /** The director's epoch when the I/O was accepted: a task from before a failure releases nothing. */
    readonly epoch: number,
    readonly transferNs: TimeNs,
    readonly work: Work,
    readonly done: HostDone,
  ) {
    this.served = (error) => frontEnd.transfer(this, error);
  }

  start(): void {
    const ledger = this.work.ledger;
    if (ledger !== null) this.frontEnd.started(ledger, this.directorIndex);
    if (this.write) this.frontEnd.controller.write(this, this.served);
    else this.frontEnd.controller.read(this, this.served);
  }
}

/**
 * A pair command on its way through a director: it queues and pays the
 * director's overhead like a host I/O of no blocks, then is handed over;
 * the answer comes back through the port.
 */
class CommandTask implements Task {
  /** Handed over to whoever carries commands out: from here it is carried out in full. */
  handedOver = false;
  /** The host has its answer (or its error): nothing more may reach it. */
  settled = false;

  constructor(
    private readonly frontEnd: FrontEnd,
    readonly command: CommandIo,
    readonly directorIndex: number,
    /** The director's epoch when the command was accepted: a task from before a failure releases nothing. */
    readonly epoch: number,
    readonly done: CommandDone,
  ) {}

  start(): void {
    this.frontEnd.handOver(this);
  }
}

/** A command's answer is a small transfer: one 512-byte sector, as a gatekeeper I/O carries. */
const COMMAND_ANSWER_BYTES = 512;

/**
 * The front end: takes host I/O on a director's port, gives every write a
 * unique stamp, charges the director's overhead and the port's transfer time,
 * hands the I/O to the controller, and records it in the history. Pair
 * commands a host sends through a director take the same path
 * (`submitCommand`).
 */
export class FrontEnd {
  private lastStamp = 0;
  private lastToken = 0;
  /** I/Os holding a director task, by slot (reused through `freeSlots`); the transfer event finds its I/O here. */
  private readonly inFlight: (HostIoTask | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Commands holding a director task, in the order they were sent (few: commands are rare beside I/O). */
  private readonly commands = new Set<CommandTask>();
  /** True while the array has no power. */
  offline = false;
  private readonly kindTransfer: number;
  private readonly nsPerByte: number;
  /** Serves the host I/O a director has: the array's own, until the protocol's is connected. */
  private ioController: IoController;
  private connected = false;

  constructor(
    private readonly sim: Simulator,
    readonly directors: readonly Director[],
    controller: IoController,
    private readonly history: History,
    portMBps: number,
  ) {
    this.ioController = controller;
    this.kindTransfer = sim.kind('port.transfer');
    this.nsPerByte = 1e3 / portMBps;
  }

  get controller(): IoController {
    return this.ioController;
  }

  /**
   * Hands over the controller that serves host I/O from now on (the
   * protocol's router, perhaps wrapped in a probe). The router needs the
   * array before it can exist, so it cannot be given at construction; it is
   * given once, by whoever builds the world, before any host I/O — an I/O
   * served by one controller and then another would see two arrays.
   */
  connect(controller: IoController): void {
    if (this.connected) throw new AssertionError('the front end was connected to its controller already: it is connected once');
    if (this.lastToken !== 0) throw new AssertionError(`the front end is connected to its controller after ${this.lastToken} host I/Os: it must be before the first`);
    this.connected = true;
    this.ioController = controller;
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
    const data = write ? EMPTY : new Uint32Array(blockCount);
    const transferNs: TimeNs = Math.round(blockCount * volume.geometry.blockBytes * this.nsPerByte);
    const io = new HostIoTask(this, ++this.lastToken, opId, host, volume, startBlock, blockCount, write, stamp, data, index, director.epoch, transferNs, request.work ?? HOST_WORK, done);
    if (this.offline || !director.online) {
      const error: IoErrorCode = this.offline ? 'array-offline' : 'director-failed';
      this.sim.after(0, this.kindTransfer, () => this.settle(io, error));
      return stamp;
    }
    const slot = this.freeSlots.pop() ?? this.inFlight.length;
    this.inFlight[slot] = io;
    io.slot = slot;
    director.begin('host', io);
    return stamp;
  }

  /**
   * Accepts a pair command a host sends through director `directorIndex`:
   * it waits for the director behind the work already there, costs the
   * director's overhead, and is then handed over (`command.execute`); its
   * answer comes back through the port. If the director fails or the power
   * goes before the hand-over, the command is lost (`command.lost`) and the
   * host told why; after it, the command is carried out all the same but the
   * host is told the error (`command.unanswered`).
   */
  submitCommand(directorIndex: number, command: CommandIo, done: CommandDone): void {
    const index = directorIndex % this.directors.length;
    const director = this.directors[index]!;
    const task = new CommandTask(this, command, index, director.epoch, done);
    if (this.offline || !director.online) {
      const error: CommandPathError = this.offline ? 'array-offline' : 'director-failed';
      this.sim.after(0, this.kindTransfer, () => this.failCommand(task, error));
      return;
    }
    this.commands.add(task);
    director.begin('host', task);
  }

  /** The director started the command: hand it over, unless the power went while it waited (then only its director task is released). */
  handOver(task: CommandTask): void {
    if (task.settled) return this.releaseCommand(task);
    task.handedOver = true;
    task.command.execute(() => this.sim.after(this.commandAnswerNs, this.kindTransfer, () => this.commandAnswered(task)));
  }

  private commandAnswered(task: CommandTask): void {
    this.releaseCommand(task);
    if (task.settled) return; // its director failed, or the power went, while the answer was on its way: the host was told then
    task.settled = true;
    task.done(null);
  }

  /** Releases the command's director task (a task from before a failure releases nothing). */
  private releaseCommand(task: CommandTask): void {
    this.commands.delete(task);
    this.directors[task.directorIndex]!.end(task.epoch);
  }

  /** Tells the host of the command's `error`, once: before the hand-over the command is lost, after it unanswered. */
  private failCommand(task: CommandTask, error: CommandPathError): void {
    if (task.settled) return;
    task.settled = true;
    const director = this.directors[task.directorIndex]!.config.name;
    if (task.handedOver) task.command.unanswered(error, director);
    else task.command.lost(error, director);
    task.done(error);
  }

  private get commandAnswerNs(): TimeNs {
    return Math.round(COMMAND_ANSWER_BYTES * this.nsPerByte);
  }

  /**
   * A director started a host I/O: it waited for a task slot and a processor
   * until its overhead began, which was the overhead's fixed time ago.
   */
  started(ledger: StageLedger, directorIndex: number): void {
    ledger.enterAt(Stage.director, this.sim.now - this.directors[directorIndex]!.config.overheadNs);
  }

  /** The controller has answered: the answer reaches the host after the port's transfer time. */
  transfer(io: HostIoTask, error: IoErrorCode | null): void {
    if (io.answered) throw new AssertionError(`the controller answered host I/O #${io.opId} (${io.write ? 'write' : 'read'} of ${io.volume.name}) twice`);
    io.answered = true;
    io.error = error;
    io.work.ledger?.enter(Stage.port);
    // A director failure takes the I/O out of its slot (before or after this): the event then finds none, or another I/O (another token), and does nothing.
    this.sim.after(io.transferNs, this.kindTransfer, this.transferred, io.slot, io.token);
  }

  /** Bound once: the transfer event of the I/O with `token` in `slot`. */
  private readonly transferred = (slot: number, token: number): void => {
    const io = this.inFlight[slot];
    if (io === undefined || io.token !== token) return;
    this.release(io);
    this.directors[io.directorIndex]!.end(io.epoch);
    this.settle(io, io.error);
  };

  private release(io: HostIoTask): void {
    this.inFlight[io.slot] = undefined;
    this.freeSlots.push(io.slot);
    io.slot = -1;
  }

  /** Answers the host, once: an I/O failed by a director failure or a power loss may still finish inside the array later. */
  private settle(io: HostIoTask, error: IoErrorCode | null): void {
    if (io.settled) return;
    io.settled = true;
    this.history.complete(io.opId, this.sim.now, error, error === null && !io.write ? io.data : null);
    io.done(error, io.data, io.opId);
  }

  /** The I/Os in flight whose host has no answer yet, oldest first. */
  private unanswered(): HostIoTask[] {
    return this.inFlight.filter((io): io is HostIoTask => io !== undefined && !io.settled).sort((a, b) => a.token - b.token);
  }

  /** A director fails: the I/O on it fails at once (hosts retry on another path); it takes none until restarted. */
  failDirector(index: number): void {
    this.directors[index]!.fail();
    for (const io of this.unanswered()) {
      if (io.directorIndex !== index) continue;
      // Its task died with the director: nothing of it is left to release.
      this.release(io);
      io.cancelled = true;
      this.settle(io, 'director-failed');
    }
    for (const task of [...this.commands]) {
      if (task.directorIndex !== index) continue;
      // Its director task died with the director.
      this.commands.delete(task);
      this.failCommand(task, 'director-failed');
    }
  }

  restartDirector(index: number): void {
    this.directors[index]!.restart();
  }

  /** Power fails: every host I/O in flight fails, and new ones are refused until power returns. */
  powerLost(): void {
    this.offline = true;
    // They keep their slots: the director's task is still released when the array is done with them.
    for (const io of this.unanswered()) {
      io.cancelled = true;
      this.settle(io, 'array-offline');
    }
    // They keep their director tasks too, released when the director starts them or their answer comes.
    for (const task of this.commands) this.failCommand(task, 'array-offline');
  }

  powerRestored(): void {
    this.offline = false;
  }
}

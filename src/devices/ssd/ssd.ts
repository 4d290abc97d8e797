import { AssertionError } from '../../engine/assert.js';
import type { Simulator } from '../../engine/simulator.js';
import type { TimeNs } from '../../engine/time.js';
import { Stage } from '../../metrics/stage-ledger.js';
import { SECTOR_BYTES, assertAcceptable, type Drive, type DriveRequest } from '../drive.js';
import { PageOpTable, RequestTable } from './op-table.js';
import { resolveSsdConfig, type SsdConfig, type SsdOptions } from './ssd-config.js';

const NONE = -1;

/**
 * A flash SSD as channels × dies (× planes) of pages, without an FTL: page p
 * of the drive lives, by static striping, on channel p mod C, then die
 * ⌊p / C⌋ mod D, then plane ⌊p / CD⌋ mod P. A "unit" is one (channel, die,
 * plane); it serves one page operation at a time, FIFO.
 *
 * A request waits the controller overhead, then each of its pages queues at
 * its unit. A read holds the unit for tR, then until the channel has carried
 * the data out (the page register holds one page, so the unit cannot start
 * another read before that). A write holds the unit while the channel carries
 * the data in, then for tPROG. Each channel carries one transfer at a time,
 * in the order they were asked for. A request completes with its slowest page.
 *
 * Only the bytes a request covers cross the channel (a 4 KiB read of a 16 KiB
 * page moves 4 KiB), but tR and tPROG always apply to the whole page.
 *
 * Speed: state lives in typed arrays, and a page costs one event — where it
 * asks for its channel (end of tR for a read, start for a write) — plus one
 * event per request for its completion. Channels are asked in time order and
 * transfer times are known, so a channel is just the time it becomes free;
 * once a page has its transfer booked, its end and its unit's free time are
 * known, and the unit's next page is launched right away, without waiting
 * for an event at that end.
 */
export class Ssd implements Drive {
  readonly name: string;
  readonly capacitySectors: number;
  readonly config: SsdConfig;
  private readonly sim: Simulator;
  private readonly ops = new PageOpTable();
  private readonly requests = new RequestTable();
  /** 1 while the unit's last launched page does not know its end yet (pages behind it wait in the queue). */
  private readonly unitOpen: Uint8Array;
  /** When the unit's last launched page ends, once known. */
  private readonly unitFreeNs: Float64Array;
  private readonly unitHead: Int32Array;
  private readonly unitTail: Int32Array;
  private readonly channelFreeNs: Float64Array;
  // Copies of the configuration, read on every page.
  private readonly channels: number;
  private readonly diesPerChannel: number;
  private readonly planesPerDie: number;
  private readonly unitsPerChannel: number;
  private readonly pageBytes: number;
  private readonly readNs: TimeNs;
  private readonly programNs: TimeNs;
  private readonly overheadNs: TimeNs;
  private readonly channelMBps: number;
  private readonly kindRead: number;
  private readonly kindWrite: number;
  private readonly kindDone: number;
  private count = 0;
  private busyTotalNs: TimeNs = 0;
  private busySinceNs: TimeNs = 0;

  constructor(sim: Simulator, options: SsdOptions) {
    const config = resolveSsdConfig(options);
    this.sim = sim;
    this.config = config;
    this.name = config.name;
    this.capacitySectors = config.capacitySectors;
    this.channels = config.channels;
    this.diesPerChannel = config.diesPerChannel;
    this.planesPerDie = config.planesPerDie;
    this.unitsPerChannel = config.diesPerChannel * config.planesPerDie;
    this.pageBytes = config.pageBytes;
    this.readNs = config.readNs;
    this.programNs = config.programNs;
    this.overheadNs = config.overheadNs;
    this.channelMBps = config.channelMBps;
    const units = config.channels * this.unitsPerChannel;
    this.unitOpen = new Uint8Array(units);
    this.unitFreeNs = new Float64Array(units);
    this.unitHead = new Int32Array(units).fill(NONE);
    this.unitTail = new Int32Array(units).fill(NONE);
    this.channelFreeNs = new Float64Array(config.channels);
    this.kindRead = sim.kind(`${this.name}:read-array-done`);
    this.kindWrite = sim.kind(`${this.name}:write-start`);
    this.kindDone = sim.kind(`${this.name}:done`);
  }

  get outstanding(): number {
    return this.count;
  }

  busyNs(): TimeNs {
    return this.busyTotalNs + (this.count > 0 ? this.sim.now - this.busySinceNs : 0);
  }

  /** Accepts a request; `done` is always called from a later event, never from inside `submit`. */
  submit(request: DriveRequest): void {
    assertAcceptable(this, request, this.config.outstandingMax);
    // Its pages queue and run on many units at once: the request's time in the drive is not split (all drive service).
    request.work?.ledger?.enter(Stage.driveService);
    const { sector, sectors } = request;
    const now = this.sim.now;
    const byteStart = sector * SECTOR_BYTES;
    const byteEnd = byteStart + sectors * SECTOR_BYTES;
    const pageBytes = this.pageBytes;
    const pageFirst = Math.floor(byteStart / pageBytes);
    const pageLast = Math.floor((byteEnd - 1) / pageBytes);
    const slot = this.requests.add(request, pageLast - pageFirst + 1);
    if (this.count++ === 0) this.busySinceNs = now;
    const ops = this.ops;
    ops.reserve(pageLast - pageFirst + 1);
    const readyNs = now + this.overheadNs;
    const write = request.write ? 1 : 0;
    for (let page = pageFirst; page <= pageLast; page++) {
      const pageStart = page * pageBytes;
      const bytes = Math.min(byteEnd, pageStart + pageBytes) - Math.max(byteStart, pageStart);
      const op = ops.alloc();
      const unit = this.unitOf(page);
      ops.request[op] = slot;
      ops.unit[op] = unit;
      ops.transferNs[op] = Math.round((bytes * 1_000) / this.channelMBps); // as transferNs() computes it
      ops.readyNs[op] = readyNs;
      ops.write[op] = write;
      this.enqueue(op, unit);
    }
  }

  /** Which unit holds `page`: channel first, then die, then plane, so that consecutive pages spread widest. */
  unitOf(page: number): number {
    const channel = page % this.channels;
    const stripe = Math.floor(page / this.channels);
    const die = stripe % this.diesPerChannel;
    const plane = Math.floor(stripe / this.diesPerChannel) % this.planesPerDie;
    return (channel * this.diesPerChannel + die) * this.planesPerDie + plane;
  }

  private enqueue(op: number, unit: number): void {
    if (this.unitOpen[unit] === 0) {
      // launchQueued() drains a queue as long as the unit's last page knows its end.
      if (this.unitHead[unit] !== NONE) throw new AssertionError(`${this.name}: unit ${unit} has a queue but no page in progress`);
      this.launch(op, unit);
      return;
    }
    const tail = this.unitTail[unit]!;
    if (tail === NONE) this.unitHead[unit] = op;
    else this.ops.next[tail] = op;
    this.unitTail[unit] = op;
  }

  /** Starts `op` on `unit` as soon as both the unit is free and the op is ready (now at the earliest). */
  private launch(op: number, unit: number): void {
    const now = this.sim.now;
    const readyNs = this.ops.readyNs[op]!;
    const freeNs = this.unitFreeNs[unit]!;
    let startNs = readyNs > freeNs ? readyNs : freeNs;
    if (startNs < now) startNs = now;
    if (this.ops.write[op] === 0) {
      this.unitOpen[unit] = 1;
      this.sim.at(startNs + this.readNs, this.kindRead, this.onReadArrayDone, op, unit);
    } else if (startNs > now) {
      // A write asks for the channel when it starts, and channels must be asked in time order.
      this.unitOpen[unit] = 1;
      this.sim.at(startNs, this.kindWrite, this.onWriteStart, op, unit);
    } else {
      this.pageEnds(op, unit, this.transferEndNs(op, unit) + this.programNs);
    }
  }

  /** Books `op`'s transfer on its unit's channel, after those already asked for; returns when it ends. */
  private transferEndNs(op: number, unit: number): TimeNs {
    const channel = (unit / this.unitsPerChannel) | 0;
    const now = this.sim.now;
    const freeNs = this.channelFreeNs[channel]!;
    const endNs = (freeNs > now ? freeNs : now) + this.ops.transferNs[op]!;
    this.channelFreeNs[channel] = endNs;
    return endNs;
  }

  private readonly onReadArrayDone = (op: number, unit: number): void => {
    this.pageEnds(op, unit, this.transferEndNs(op, unit));
    this.launchQueued(unit);
  };

  private readonly onWriteStart = (op: number, unit: number): void => {
    this.pageEnds(op, unit, this.transferEndNs(op, unit) + this.programNs);
    this.launchQueued(unit);
  };

  /** `op` now knows it ends, and frees its unit, at `endNs`: account it to its request. */
  private pageEnds(op: number, unit: number, endNs: TimeNs): void {
    const requests = this.requests;
    const slot = this.ops.request[op]!;
    this.ops.free(op);
    this.unitFreeNs[unit] = endNs;
    this.unitOpen[unit] = 0;
    if (endNs > requests.endNs[slot]!) requests.endNs[slot] = endNs;
    if (--requests.pagesLeft[slot]! === 0) this.sim.at(requests.endNs[slot]!, this.kindDone, this.onRequestDone, slot);
  }

  /** Launches the unit's queued pages while the last one launched knows its end. */
  private launchQueued(unit: number): void {
    const next = this.ops.next;
    while (this.unitOpen[unit] === 0) {
      const op = this.unitHead[unit]!;
      if (op === NONE) return;
      const after = next[op]!;
      this.unitHead[unit] = after;
      if (after === NONE) this.unitTail[unit] = NONE;
      this.launch(op, unit);
    }
  }

  private readonly onRequestDone = (slot: number): void => {
    const request = this.requests.take(slot);
    if (--this.count === 0) this.busyTotalNs += this.sim.now - this.busySinceNs;
    // Last, so that a caller submitting from `done` sees a consistent drive.
    request.done(null);
  };
}

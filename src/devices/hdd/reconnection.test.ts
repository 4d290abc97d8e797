import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiskSimHddParams } from '../disksim/load.js';
import { HddController } from './controller.js';
import type { CacheSpec, HddParams, ReconnectionSpec } from './params.js';

// DiskSim 4.0's bus protocol overheads (disksim_diskctlr.c), each checked on the Cheetah 4LP's description with the
// overhead added, against the time DiskSim's definitions give.
const DATA = fileURLToPath(new URL('../../../scenarios/data/disksim-validation/', import.meta.url));
const cheetah = loadDiskSimHddParams(DATA + 'cheetah4LP');
const c = cheetah.controller;
const MS = 1e6;
const period = 60e9 / cheetah.mechanics.rpm;
/** Longer than any seek and rotational wait of this drive: the bus side then sets the response. */
const LONG = 60 * MS;

function drive(reconnection: Partial<ReconnectionSpec>, cache: Partial<CacheSpec> = {}): HddParams {
  return { ...cheetah, cache: { ...cheetah.cache, ...cache }, controller: { ...c, reconnection: { ...c.reconnection, ...reconnection } } };
}

/** Serves commands one at a time, each `gapNs` after the previous completes; returns each response time. */
function serveAll(params: HddParams, commands: readonly [lbn: number, count: number, write: boolean][], gapNs = 50 * MS): number[] {
  const controller = new HddController(params);
  let nowNs = 0;
  return commands.map(([lbn, count, write]) => {
    const doneNs = controller.serve(nowNs, lbn, count, write);
    const responseNs = doneNs - nowNs;
    nowNs = Math.round(doneNs) + gapNs;
    return responseNs;
  });
}

const writeThrough: Partial<CacheSpec> = { fastWrite: 'off' };

describe('reads: data preparation, disconnection and reselection (disk_read_arrive, disk_check_bus)', () => {
  it('a hit pays the data preparation on top of its command overhead', () => {
    const prep = 0.05 * MS;
    // A miss, then (its read-ahead long over) a read wholly in the buffer, with the arm idle.
    const [, hit] = serveAll(drive({ dataPrepNs: prep }), [
      [6_000_000, 8, false],
      [6_000_100, 8, false],
    ]);
    expect(hit).toBeCloseTo(c.readHitAfterReadNs + prep + 8 * c.busSectorNs + c.readCompleteNs, 6);
  });

  it('a miss reselects the host once its first sector is in, and prepares the data, before sending it', () => {
    const [plain] = serveAll(cheetah, [[3_000_000, 1, false]]);
    const [reselecting] = serveAll(drive({ reselectFirstNs: 0.3 * MS, dataPrepNs: 0.05 * MS }), [[3_000_000, 1, false]]);
    // One sector: off the media, then (reselection and preparation) across the bus.
    expect(reselecting - plain).toBeCloseTo(0.35 * MS, 3);
  });

  it('a miss cannot reselect before it has disconnected', () => {
    const [response] = serveAll(drive({ readDisconnectAfterReadNs: LONG, reselectFirstNs: 0.3 * MS, dataPrepNs: 0.05 * MS }), [[3_000_000, 1, false]]);
    expect(response).toBeCloseTo(c.readMissAfterReadNs + LONG + 0.35 * MS + c.busSectorNs + c.readCompleteNs, 3);
  });
});

describe('writes: disconnection, reselection, minimum seek delay (disk_write_arrive, disk_initiate_seek)', () => {
  it('a write-through write sends its data after the data preparation, disconnects, and reselects the host once on the media', () => {
    const [response] = serveAll(drive({ dataPrepNs: 0.05 * MS, writeDisconnectNs: LONG, reselectFirstNs: 0.3 * MS }, writeThrough), [[3_000_000, 1, true]]);
    expect(response).toBeCloseTo(c.writeMissAfterReadNs + 0.05 * MS + c.busWriteSectorNs + LONG + 0.3 * MS + c.writeCompleteNs, 3);
    // With the media last, the reselection follows it.
    const [plain] = serveAll(drive({}, writeThrough), [[3_000_000, 1, true]]);
    const [reselecting] = serveAll(drive({ reselectFirstNs: 0.3 * MS }, writeThrough), [[3_000_000, 1, true]]);
    expect(reselecting - plain).toBeCloseTo(0.3 * MS, 3);
  });

  it('a write’s media access waits out the minimum seek delay, however short its seek', () => {
    // The first write seeks across the drive (longer than a revolution); the second stays on its track.
    const far = cheetah.geometry.capacitySectors - 1_000;
    const commands: [number, number, boolean][] = [
      [far, 1, true],
      [far + 2, 1, true],
    ];
    const [firstPlain, secondPlain] = serveAll(drive({}, writeThrough), commands);
    const [first, second] = serveAll(drive({ writeMinSeekNs: period }, writeThrough), commands);
    expect(first).toBeCloseTo(firstPlain!, 6);
    // A whole revolution more before the head may move: the platter is where it was, one revolution on.
    expect(second! - secondPlain!).toBeCloseTo(period, 3);
  });
});

describe('the extra write disconnect (disk_buffer_select_segment, disk_disconnect)', () => {
  const extra = { commandNs: 0.6 * MS, disconnectNs: 0.05 * MS, interDisconnectNs: 0.4 * MS, secondDisconnectNs: LONG, seekDeltaNs: 0.25 * MS };
  const protocol = { dataPrepNs: 0.025 * MS, reselectFirstNs: 0.16 * MS, reselectOtherNs: 0.13 * MS, writeDisconnectNs: LONG, extraWriteDisconnect: extra };

  it('marks a write that follows a write without continuing it, and times its two disconnections', () => {
    const [first, jump, onward, , afterRead] = serveAll(drive(protocol, writeThrough), [
      [3_000_000, 1, true],
      [5_000_000, 1, true],
      [5_000_001, 1, true],
      [7_000_000, 8, false],
      [7_500_000, 1, true],
    ]);
    const plainNs = (commandNs: number): number => commandNs + 0.025 * MS + c.busWriteSectorNs + LONG + 0.16 * MS + c.writeCompleteNs;
    expect(first).toBeCloseTo(plainNs(c.writeMissAfterReadNs), 3);
    expect(jump).toBeCloseTo(0.6 * MS + 0.05 * MS + 0.4 * MS + 0.16 * MS + 0.025 * MS + c.busWriteSectorNs + LONG + 0.13 * MS + c.writeCompleteNs, 3);
    expect(onward).toBeCloseTo(plainNs(c.writeMissAfterWriteNs), 3);
    expect(afterRead).toBeCloseTo(plainNs(c.writeMissAfterReadNs), 3);
  });

  it('puts no sector on the media before min(request, 10) sectors are in the buffer', () => {
    // A bus of 1 ms a sector; the first write (not marked) of 10 sectors. Without the rule its head reaches the
    // first sector with enough data in to keep ahead of the media; with it, not all 10 are in yet: one revolution more.
    const slowBus = (extraWriteDisconnect: typeof extra | null): HddParams => {
      const params = drive({ ...protocol, writeDisconnectNs: 0, extraWriteDisconnect: extraWriteDisconnect === null ? null : { ...extra, secondDisconnectNs: 0 } }, writeThrough);
      return { ...params, controller: { ...params.controller, busWriteSectorNs: 1 * MS } };
    };
    const [gated] = serveAll(slowBus(extra), [[3_000_112, 10, true]]);
    const [free] = serveAll(slowBus(null), [[3_000_112, 10, true]]);
    expect(gated! - free!).toBeCloseTo(period, 3);
  });
});

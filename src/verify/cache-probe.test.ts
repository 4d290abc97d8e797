import { describe, expect, it } from 'vitest';
import { smallArray } from '../array/testing/small-array.js';
import { CacheProbe } from './cache-probe.js';
import { copyWork, HOST_WORK } from '../array/work.js';

/** A small array with the probe watching its cache, a host writing and reading through the front end. */
function watched() {
  const { sim, array, history } = smallArray({ blocks: 256 });
  const probe = new CacheProbe(sim, array.cache);
  const io = (volume: string, startBlock: number, blockCount: number, write: boolean) =>
    array.frontEnd.submit(0, { host: 'h', volume: array.volume(volume), startBlock, blockCount, write }, () => undefined);
  return { sim, array, history, probe, io };
}

describe('CacheProbe: the cache’s decisions against its slot table', () => {
  it('passes the cache as it is: misses staged exactly, hits not at all, destages within the limit, none without power', () => {
    const { sim, array, history, probe, io } = watched();
    io('v0', 0, 40, false); // three tracks missed
    sim.run();
    io('v0', 4, 20, false); // all in cache now
    for (let block = 0; block < 200; block += 8) io('v0', block, 3, true); // more dirty slots than destages at once
    sim.run();
    array.enableFaults(new Map(), []);
    io('v0', 100, 2, true);
    array.faults!.powerLoss(50_000_000);
    sim.run();
    expect(() => probe.finish(history)).not.toThrow();
  });

  it('names a read that staged other than what it missed, or nothing when it missed', () => {
    const { array, probe } = watched();
    const v0 = array.volume('v0');
    probe.readArrived(v0, 14, 4, HOST_WORK); // track 0 blocks 14–15 and track 1 blocks 0–1, none in cache
    probe.staging(v0, 0, 14, 16);
    expect(() => probe.readArrived(v0, 0, 1, HOST_WORK)).toThrow('a read of blocks 14–17 of v0 staged track 0 blocks 14–15 from the drives; it missed track 0 blocks 14–15, track 1 blocks 0–1');
    probe.readArrived(v0, 0, 1, HOST_WORK);
    probe.staging(v0, 0, 0, 1);
    expect(() => probe.finish(array.history)).not.toThrow();
    probe.readArrived(v0, 0, 1, HOST_WORK);
    expect(() => probe.finish(array.history)).toThrow('staged nothing from the drives; it missed track 0 blocks 0–0');
    expect(() => probe.staging(v0, 3, 0, 16)).toThrow(/outside a read's decision/);
  });

  it('names a destage beyond the concurrency limit, and one started while the array had no power', () => {
    const { sim, array, probe } = watched();
    const v0 = array.volume('v0');
    for (let track = 0; track < 4; track++) probe.destageStarted(v0, track, 0, 16);
    expect(() => probe.destageStarted(v0, 4, 0, 16)).toThrow('the cache started a destage of track 4 of v0 with 4 in flight; at most 4 may be');
    const history = array.history;
    history.faults.push({ kind: 'power-lost', atNs: 0, vaulted: true });
    sim.at(1_000, sim.kind('test'), () => undefined);
    sim.run();
    probe.destageEnded(v0, 0);
    probe.destageEnded(v0, 1);
    probe.destageStarted(v0, 9, 0, 16); // at 1 µs, with the power off since 0 and never back
    expect(() => probe.finish(history)).toThrow('the cache started a destage at 1000 ns, while the array had no power');
  });

  it('names a destage of a track already being destaged or with nothing to write, and a write to the drives no destage started', () => {
    const { array, probe } = watched();
    const v0 = array.volume('v0');
    probe.destageStarted(v0, 2, 3, 5);
    expect(() => probe.destageStarted(v0, 2, 0, 16)).toThrow('the cache started a destage of blocks 0–15 of track 2 of v0, already being destaged');
    expect(() => probe.destageStarted(v0, 3, -1, 0)).toThrow('of track 3 of v0, which has nothing to write');
    array.history.physicalWrite(10, 'v0', 'disk', 'destage', 35, Uint32Array.of(7, 7), 0, 2); // track 2's blocks 3–4: its destage
    expect(() => probe.finish(array.history)).not.toThrow();
    array.history.physicalWrite(20, 'v0', 'disk', 'destage', 35, Uint32Array.of(7, 7, 7), 0, 3);
    expect(() => probe.finish(array.history)).toThrow('the history records a write of blocks 35–37 of v0 to the drives at 20 ns that no destage started');
  });

  it('names a write let in before one that waited longer for write-pending room', () => {
    const { probe } = watched();
    const [first, second] = [{}, {}];
    probe.writeArrived(first);
    probe.writeArrived(second);
    expect(() => probe.writeAccepted(second)).toThrow('the cache let a write in with 1 writes waiting before it; they wait first come, first served');
    probe.writeAccepted(first);
    probe.writeAccepted(second);
  });

  it('names a background copy read whose work is not the priority the copy settings give it', () => {
    const { array, sim } = watched();
    const v0 = array.volume('v0');
    const equal = new CacheProbe(sim, array.cache, 'equal');
    equal.readArrived(v0, 0, 1, copyWork('host'));
    equal.staging(v0, 0, 0, 1);
    equal.readArrived(v0, 0, 1, HOST_WORK);
    equal.staging(v0, 0, 0, 1);
    expect(() => equal.readArrived(v0, 0, 16, copyWork('background'))).toThrow('a background copy read blocks 0–15 of v0 as background work; its priority equal makes it host work');
    const low = new CacheProbe(sim, array.cache, 'low');
    expect(() => low.readArrived(v0, 16, 16, copyWork('host'))).toThrow('its priority low makes it background work');
  });
});


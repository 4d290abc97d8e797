import { describe, expect, it, vi } from 'vitest';
import type { DriveRequest } from '../devices/drive.js';
import { Rng } from '../engine/rng.js';
import { ConstantLatencyDrive } from './testing/simple-drive.js';
import { smallArray } from './testing/small-array.js';
import { HOST_WORK } from './work.js';

interface WriteSpan {
  readonly stamp: number;
  readonly issueNs: number;
  completeNs: number;
}

/** A write to one block; `completeNs` is Infinity while in flight. */
const INITIAL: WriteSpan = { stamp: 0, issueNs: -Infinity, completeNs: -Infinity };

/**
 * The stamps a read of one block over [issueNs, completeNs] may return: any
 * write issued before the read completed, unless another write surely came
 * after it and surely before the read.
 */
function allowedStamps(writes: readonly WriteSpan[], issueNs: number, completeNs: number): Set<number> {
  const allowed = new Set<number>();
  for (const w of [INITIAL, ...writes]) {
    if (w.issueNs >= completeNs) continue;
    const superseded = writes.some((later) => later.completeNs < issueNs && w.completeNs < later.issueNs);
    if (!superseded) allowed.add(w.stamp);
  }
  return allowed;
}

/**
 * Drives a random mix of reads and writes through the front end of a small
 * array with a tiny cache (so eviction, destage and throttling all happen),
 * and checks every read against the writes to each block.
 */
function randomRun(seed: number) {
  const { sim, array } = smallArray({ seed, slots: 12, writePendingSlots: 6, blocks: 512 });
  const rng = new Rng(`cache-test-${seed}`);
  const kind = sim.kind('test.issue');
  const volume = array.volume('v0');
  const writesTo: WriteSpan[][] = Array.from({ length: volume.blocks }, () => []);
  const violations: string[] = [];
  let outstanding = 0;
  let reads = 0;
  const issue = () => {
    if (outstanding >= 8) return;
    const count = 1 + rng.int(20);
    const start = rng.int(volume.blocks - count);
    const write = rng.chance(0.5);
    outstanding++;
    const issueNs = sim.now;
    let span: WriteSpan | undefined;
    const stamp = array.frontEnd.submit(rng.int(2), { host: 'h', volume, startBlock: start, blockCount: count, write }, (error, data) => {
      outstanding--;
      if (error) violations.push(`I/O failed: ${error}`);
      if (span) span.completeNs = sim.now;
      if (write) return;
      reads++;
      for (let i = 0; i < count; i++) {
        const allowed = allowedStamps(writesTo[start + i]!, issueNs, sim.now);
        if (!allowed.has(data[i]!)) violations.push(`block ${start + i}: read ${data[i]}, allowed ${[...allowed]}`);
      }
    });
    if (write) {
      span = { stamp, issueNs, completeNs: Infinity };
      for (let i = 0; i < count; i++) writesTo[start + i]!.push(span);
    }
  };
  const tick = () => {
    issue();
    if (sim.now < 100_000_000) sim.after(rng.int(40_000), kind, tick);
  };
  sim.at(0, kind, tick);
  sim.run();
  return { array, violations, writesTo, reads };
}

describe('Cache', () => {
  it('serves every read the latest acknowledged or a concurrent write, under eviction, destage and throttling', () => {
    const { violations, array, reads } = randomRun(1);
    expect(violations.slice(0, 5)).toEqual([]);
    expect(reads).toBeGreaterThan(1000);
    expect(array.cache.readHits).toBeGreaterThan(0);
    expect(array.cache.readMisses).toBeGreaterThan(0);
    expect(array.cache.destages).toBeGreaterThan(0);
    expect(array.cache.throttledWrites).toBeGreaterThan(0);
  });

  it('never loses an acknowledged write: once destaged, the drives hold the last write of every block', () => {
    const { writesTo, array } = randomRun(2);
    const volume = array.volume('v0');
    expect(array.cache.table.dirtyCount).toBe(0);
    // Losing every clean slot (all a power loss costs a vaulted cache) loses nothing.
    array.cache.table.dropClean();
    const end = Number.MAX_SAFE_INTEGER;
    for (let block = 0; block < volume.blocks; block++) {
      const allowed = allowedStamps(writesTo[block]!, end, end);
      expect(allowed.has(array.cache.table.stampOf(volume, block))).toBe(true);
      expect(volume.disk.get(block)).toBe(array.cache.table.stampOf(volume, block));
    }
  });

  it('holds at most the write-pending limit of dirty slots, throttling writes beyond it', () => {
    const { sim, array } = smallArray({ slots: 12, writePendingSlots: 4 });
    const volume = array.volume('v0');
    let maxDirty = 0;
    const kind = sim.kind('test.sample');
    for (let i = 0; i < 40; i++) {
      array.frontEnd.submit(0, { host: 'h', volume, startBlock: i * 16, blockCount: 16, write: true }, () => undefined);
    }
    const sample = () => {
      maxDirty = Math.max(maxDirty, array.cache.table.dirtyCount);
      if (sim.pending > 0) sim.after(1_000, kind, sample);
    };
    sim.at(0, kind, sample);
    sim.run();
    expect(maxDirty).toBe(4);
    expect(array.cache.throttledWrites).toBeGreaterThan(0);
    expect(array.cache.table.dirtyCount).toBe(0);
  });

  it('carries out a write larger than the write-pending limit in pieces that fit, one after the other', () => {
    const { sim, array } = smallArray({ slots: 12, writePendingSlots: 4, blocks: 512 });
    const volume = array.volume('v0');
    let maxDirty = 0;
    const answers: (string | null)[] = [];
    // 10 tracks from the middle of a track: 11 tracks touched, in pieces of at most 4.
    const stamp = array.frontEnd.submit(0, { host: 'h', volume, startBlock: 8, blockCount: 160, write: true }, (error) => answers.push(error));
    const kind = sim.kind('test.sample');
    const sample = () => {
      maxDirty = Math.max(maxDirty, array.cache.table.dirtyCount);
      if (sim.pending > 0) sim.after(1_000, kind, sample);
    };
    sim.at(0, kind, sample);
    sim.run();
    expect(answers).toEqual([null]);
    expect(maxDirty).toBe(4);
    for (let block = 0; block < 176; block++) expect(array.cache.table.stampOf(volume, block)).toBe(block >= 8 && block < 168 ? stamp : 0);
  });

  it('asserts that a write makes dirty no more slots than it reserved, and that nothing is put without a reservation', () => {
    const { sim, array } = smallArray({ slots: 12, writePendingSlots: 4 });
    const { cache } = array;
    const volume = array.volume('v0');
    expect(() => cache.put(volume, 0, 1, 7, 'host')).toThrow(/outside an admitted write/);
    cache.admit(1, HOST_WORK, () => cache.put(volume, 0, 32, 7, 'host'));
    expect(() => sim.run()).toThrow(/admitted for 1 write-pending slots made 2 dirty/);
  });

  it('destages a slot the background copy made dirty as copy work, and one a host write (or a copy-on-read) made dirty as not', () => {
    const { sim, array } = smallArray();
    const { cache } = array;
    const volume = array.volume('v0');
    const writes: string[] = [];
    const submit = ConstantLatencyDrive.prototype.submit;
    const spy = vi.spyOn(ConstantLatencyDrive.prototype, 'submit').mockImplementation(function (this: ConstantLatencyDrive, request: DriveRequest) {
      if (request.write) writes.push(`${this.name}${request.work?.copy === true ? ' copy' : ''}`);
      submit.call(this, request);
    });
    // Tracks 0 and 1 of v0 are on d0 and d1 (striped track by track).
    cache.admit(1, HOST_WORK, () => cache.put(volume, 0, 16, 7, 'copy'));
    cache.admit(1, HOST_WORK, () => cache.put(volume, 16, 16, 8, 'host'));
    sim.run();
    cache.admit(1, HOST_WORK, () => cache.put(volume, 0, 16, 9, 'copy-on-read'));
    cache.admit(1, HOST_WORK, () => cache.put(volume, 16, 16, 10, 'copy'));
    sim.run();
    spy.mockRestore();
    expect(writes).toEqual(['d0 copy', 'd1', 'd0', 'd1 copy']);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.js';
import { trackWrites, sorted } from './testing/physical.js';
import { splitWithChanges, start, synchronize } from './testing/reach.js';
import { world } from './testing/world.js';

describe('establish', () => {
  it('full: every track the BCV lacks is copied from STD, and the pair is Synchronized with equal volumes', () => {
    const w = world({ blocks: 256 });
    for (let b = 0; b < 256; b += 16) w.write('std', b + 3, 4);
    w.write('bcv', 50, 8); // the BCV's own data, to be replaced
    w.run();
    const std = w.content('std');
    const establish = w.command(w.establish());
    w.run();
    expect(establish.result).toEqual({ ok: true, pairs: ['p1'] });
    expect(w.state()).toBe('Synchronized');
    expect(w.content('bcv')).toEqual(std);
    const copies = trackWrites(w.history, { volume: 'bcv', sources: ['copy'] });
    expect(sorted(copies.keys())).toEqual([...Array(16).keys()]);
    expect([...copies.values()].every((n) => n === 1)).toBe(true);
    expect(w.protocol.query('p1')).toMatchObject({ invalidTracks: { std: 0, bcv: 0 }, percentComplete: 100 });
    expect(w.pair().phase).toMatchObject({ kind: 'establish', incremental: false, tracksInScope: 16, endNs: expect.any(Number) });
  });

  it('incremental: only the tracks changed on either side since the split are copied', () => {
    const w = world({ blocks: 256 });
    synchronize(w);
    splitWithChanges(w); // std tracks 1, 6, 7 and bcv track 12
    const from = w.sim.now;
    w.command(w.establish('p1', true));
    w.run();
    expect(w.state()).toBe('Synchronized');
    expect(w.content('bcv')).toEqual(w.content('std'));
    expect(sorted(trackWrites(w.history, { volume: 'bcv', sources: ['copy'], fromNs: from }).keys())).toEqual([1, 6, 7, 12]);
    expect(w.pair().phase).toMatchObject({ incremental: true, tracksInScope: 4 });
  });

  it('during SyncInProg the BCV is not addressable and shows the tracks it still lacks', () => {
    const w = world({ blocks: 256, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 4 } }] });
    start(w, w.establish(), 'SyncInProg');
    w.runFor(40_000_000);
    const q = w.protocol.query('p1');
    expect(q.invalidTracks.std).toBe(0);
    expect(q.invalidTracks.bcv).toBeGreaterThan(0);
    expect(q.invalidTracks.bcv).toBeLessThan(16);
    expect(q.percentComplete).toBeCloseTo((100 * (16 - q.invalidTracks.bcv)) / 16);
    const read = w.read('bcv', 0);
    const write = w.write('bcv', 0);
    w.runFor(1_000_000);
    expect([read.error, write.error]).toEqual(['not-ready', 'not-ready']);
  });

  it('writes during SyncInProg are mirrored at once, and the copy never overwrites them with older data', () => {
    // A small write-pending limit on slow drives: copies and writes wait for cache room side by side.
    const w = world({ blocks: 512, writePendingSlots: 8, driveLatencyNs: 500_000, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { concurrency: 4 } }] });
    for (let b = 0; b < 512; b += 16) w.write('std', b, 16);
    w.run();
    start(w, w.establish(), 'SyncInProg');
    // One write every 20 µs, each to a block no other write touches (so a stale copy cannot be masked by a later write).
    const rng = new Rng('establish-writes');
    const blocks = Array.from({ length: 512 }, (_, b) => b);
    for (let i = blocks.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [blocks[i], blocks[j]] = [blocks[j]!, blocks[i]!];
    }
    for (const block of blocks) {
      if (w.state() !== 'SyncInProg') break;
      w.write('std', block, 1);
      w.runFor(20_000);
    }
    w.run();
    expect(w.state()).toBe('Synchronized');
    expect(w.content('bcv')).toEqual(w.content('std'));
    const mirrored = trackWrites(w.history, { volume: 'bcv', sources: ['mirror'] });
    expect(mirrored.size).toBeGreaterThan(20);
  });

  it('a write waiting for cache room when the establish begins reaches the BCV, and the copy does not overwrite it', () => {
    // Four write-pending slots, filled by writes to another volume on slow drives: the STD write waits.
    const w = world({ blocks: 256, volumes: ['std', 'bcv', 'other'], writePendingSlots: 4, driveLatencyNs: 10_000_000 });
    w.write('std', 0, 16); // track 0 in cache: the copy reads it at once
    w.run();
    for (let t = 0; t < 4; t++) w.write('other', t * 16, 1);
    w.runFor(100_000);
    const late = w.write('std', 2, 1);
    w.command(w.establish());
    w.runFor(1_000_000);
    expect(w.state()).toBe('SyncInProg');
    expect(late.completeNs).toBe(-1); // still waiting for room when the copy began
    w.run();
    expect(w.state()).toBe('Synchronized');
    expect(w.content('std')[2]).toBe(late.stamp);
    expect(w.content('bcv')).toEqual(w.content('std'));
  });
});

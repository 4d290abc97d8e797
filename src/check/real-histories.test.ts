import { describe, expect, it } from 'vitest';
import { world, type World } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import { load, readAll } from './testing/load.js';

const MS = 1_000_000;

/** A pair of 32 tracks copied at 8 MB/s (8 ms a track): copy phases last long enough to load them. */
function slowWorld(options: Parameters<typeof world>[0] = {}): World {
  return world({ blocks: 512, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 8, concurrency: 2 } }], ...options });
}

/** Issues a command, loads the array while it runs, then lets everything finish. */
function commandUnderLoad(w: World, request: Parameters<World['command']>[0], volumes: readonly string[], seed: number): void {
  w.command(request);
  load(w, { volumes, count: 60, everyNs: 2 * MS, seed });
  w.run();
}

function expectClean(w: World): ReturnType<typeof checkHistory> {
  const result = checkHistory(w.history, { progress: { phaseBoundNs: 10_000 * MS }, ioBoundNs: 1_000 * MS });
  expect(result.verdicts.map((v) => v.message)).toEqual([]);
  expect(result.stats.skipped).toEqual([]);
  return result;
}

describe('real histories keep every guarantee', () => {
  it.each([false, true])('establish → split → both sides written → protected restore under reads → second restore (incremental: %s)', (incremental) => {
    const w = slowWorld();
    load(w, { volumes: ['std', 'bcv'], count: 40, everyNs: 100_000, seed: 1 });
    w.run();
    commandUnderLoad(w, w.establish(), ['std', 'bcv'], 2);
    commandUnderLoad(w, w.split(), ['std', 'bcv'], 3);
    load(w, { volumes: ['std', 'bcv'], count: 60, everyNs: 500_000, seed: 4 });
    w.run();
    commandUnderLoad(w, w.restore('p1', { protected: true, incremental }), ['std', 'bcv'], 5);
    load(w, { volumes: ['std'], count: 40, everyNs: 500_000, seed: 6 });
    w.run();
    commandUnderLoad(w, w.restore('p1', { protected: true, incremental: true }), ['std', 'bcv'], 7);
    readAll(w, ['std', 'bcv']);
    expect(w.state()).toBe('Restored');
    const { stats } = expectClean(w);
    expect(stats.readsChecked).toBeGreaterThan(100);
    expect(stats.phasesChecked).toBe(3);
    expect(stats.isolationWritesChecked).toBeGreaterThan(0);
  });

  it('unprotected restore, incremental establish, split, and convergence of the mirror', () => {
    const w = slowWorld();
    commandUnderLoad(w, w.establish(), ['std'], 11);
    commandUnderLoad(w, w.split(), ['std', 'bcv'], 12);
    load(w, { volumes: ['std', 'bcv'], count: 40, everyNs: 500_000, seed: 13 });
    w.run();
    commandUnderLoad(w, w.restore('p1', { protected: false, incremental: true }), ['std', 'bcv'], 14);
    expect(w.pair().state).toEqual({ name: 'Restored', protected: false });
    expect(expectClean(w).stats.pairsCompared).toBe(1);
    commandUnderLoad(w, w.split(), ['std', 'bcv'], 15);
    commandUnderLoad(w, w.establish('p1', true), ['std', 'bcv'], 16);
    readAll(w, ['std']);
    expect(w.state()).toBe('Synchronized');
    expect(expectClean(w).stats.pairsCompared).toBe(1);
  });

  it('forced splits out of a sync and out of a restore', () => {
    const w = slowWorld();
    w.command(w.establish());
    load(w, { volumes: ['std', 'bcv'], count: 30, everyNs: 1 * MS, seed: 21 });
    w.runFor(60 * MS);
    commandUnderLoad(w, w.split('p1', { force: true }), ['std', 'bcv'], 22);
    expect(w.state()).toBe('SplitBfrSync');
    commandUnderLoad(w, w.establish(), ['std'], 23);
    commandUnderLoad(w, w.split(), ['std', 'bcv'], 24);
    w.command(w.restore('p1', { protected: true }));
    load(w, { volumes: ['std', 'bcv'], count: 30, everyNs: 1 * MS, seed: 25 });
    w.runFor(60 * MS);
    commandUnderLoad(w, w.split('p1', { force: true }), ['std', 'bcv'], 26);
    expect(w.state()).toBe('SplitBfrRest');
    readAll(w, ['std', 'bcv']);
    expectClean(w);
  });

  it('a protected restore abandoned by a forced split, then restored again (asked incremental, copied in full)', () => {
    const w = slowWorld();
    commandUnderLoad(w, w.establish(), ['std'], 41);
    commandUnderLoad(w, w.split(), ['std', 'bcv'], 42);
    w.command(w.restore('p1', { protected: true, incremental: true }));
    load(w, { volumes: ['std', 'bcv'], count: 30, everyNs: 1 * MS, seed: 43 });
    w.runFor(60 * MS);
    commandUnderLoad(w, w.split('p1', { force: true }), ['std', 'bcv'], 44);
    expect(w.protocol.query('p1').label).toBe('SplitBfrRest (protected)');
    commandUnderLoad(w, w.restore('p1', { protected: true, incremental: true }), ['std', 'bcv'], 45);
    expect(w.pair().phases.map((p) => [p.kind, p.incremental, p.abandoned])).toEqual([
      ['establish', false, false],
      ['restore', true, true],
      ['restore', false, false],
    ]);
    readAll(w, ['std', 'bcv']);
    expect(expectClean(w).stats.phasesChecked).toBe(3);
  });

  it('copy-on-read off: a block read as the snapshot\'s during a restore reads as its pre-restore value after a forced split', () => {
    const w = slowWorld({ protocol: { copyOnRead: false } });
    for (let b = 0; b < 512; b += 16) w.write('std', b, 4);
    w.run();
    commandUnderLoad(w, w.establish(), ['std'], 51);
    w.command(w.split());
    w.run();
    const snapshot = w.content('bcv')[500];
    const before = w.write('std', 500, 1); // the last track: still unrestored when the restore is abandoned
    w.run();
    w.command(w.restore('p1', { protected: true }));
    w.runFor(20 * MS);
    const during = w.read('std', 500, 1);
    w.runFor(MS);
    const split = w.command(w.split('p1', { force: true }));
    w.runUntil(() => split.result !== undefined);
    const after = w.read('std', 500, 1);
    w.runFor(MS);
    expect(w.pair().unrestored(31)).toBe(false);
    expect(w.pair().toCopy.has(31)).toBe(true);
    expect([during.data[0], after.data[0]]).toEqual([snapshot, before.stamp]);
    expect(snapshot).not.toBe(before.stamp);
    w.run();
    expectClean(w);
  });

  it('a consistent split of a group while both standards are written; copy-before-write during a restore', () => {
    const w = world({
      blocks: 256,
      volumes: ['s1', 'b1', 's2', 'b2'],
      pairs: [
        { name: 'p1', std: 's1', bcv: 'b1', copy: { rateMBps: 8 } },
        { name: 'p2', std: 's2', bcv: 'b2', copy: { rateMBps: 8 } },
      ],
      groups: [{ name: 'g', pairs: ['p1', 'p2'] }],
      protocol: { bcvWriteDuringRestore: 'copy-before-write' },
    });
    commandUnderLoad(w, w.establish('p1'), ['s1', 's2'], 31);
    commandUnderLoad(w, w.establish('p2'), ['s1', 's2'], 32);
    w.command(w.split('g', { consistent: true }));
    load(w, { volumes: ['s1', 's2'], count: 200, everyNs: 20_000, seed: 33, writeShare: 0.8 });
    w.run();
    commandUnderLoad(w, w.restore('p1', { protected: true }), ['s1', 'b1'], 34);
    readAll(w, ['s1', 'b1', 's2', 'b2']);
    expectClean(w);
  });
});

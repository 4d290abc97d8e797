import { describe, expect, it } from 'vitest';
import { CopyTask, type CopyEngine } from '../protocol/copy-task.js';
import { snapshotTaken, start } from '../protocol/testing/reach.js';
import { restoring } from '../protocol/testing/restoring.js';
import { world } from '../protocol/testing/world.js';
import { CopyOrderProbe } from './copy-order-probe.js';

/** A stand-in for a copy task that chooses as `CopyTask` does: the probe judges what it is told. */
const fakeTask = (): CopyEngine => Object.create(CopyTask.prototype) as CopyTask;

describe('CopyOrderProbe: the background copy’s order, and when it stops', () => {
  it('passes the copy as it is, in either order, with hosts asking for unrestored tracks and a director failing under it', () => {
    for (const order of ['track', 'touched-first'] as const) {
      const w = world({ blocks: 1024, faults: { spares: 0 }, protocol: { copyOnRead: false }, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 1, concurrency: 2, order } }] });
      const probe = new CopyOrderProbe(w.protocol, w.array.frontEnd, w.history);
      const picked: number[] = [];
      const told = probe.picked.bind(probe);
      probe.picked = (task, track) => (picked.push(track), told(task, track));
      snapshotTaken(w); // an establish, judged too
      picked.length = 0;
      start(w, w.restore('p1'), 'RestInProg');
      w.runFor(100_000_000);
      for (const track of [60, 50, 61, 40]) w.read('std', track * 16, 2);
      w.runFor(200_000_000);
      w.array.faults!.failDirector(0);
      w.runFor(100_000_000);
      w.array.faults!.restartDirector(0);
      for (const track of [63, 45]) w.read('std', track * 16, 2);
      w.run();
      expect(w.state()).toBe('Restored');
      expect(() => probe.finish()).not.toThrow();
      // Every track of the restore was judged as it was taken (before the failure, and after the restart).
      expect(new Set(picked.filter((t) => t >= 0)).size).toBe(64);
      // Touched first: the tracks read go next (the task the failure stopped forgets the hint for track 40).
      expect(picked.slice(0, 5)).toEqual(order === 'touched-first' ? [0, 1, 60, 50, 61] : [0, 1, 2, 3, 4]);
    }
  });

  it('names a track taken out of track order, and one taken past a track a host asked for', () => {
    const { w } = restoring({ copy: { order: 'touched-first' } });
    const probe = new CopyOrderProbe(w.protocol, w.array.frontEnd, w.history);
    const pair = w.pair();
    const first = pair.toCopy.next(0);
    const task = fakeTask();
    probe.started(task, pair);
    probe.picked(task, first);
    const second = pair.toCopy.next(first + 1);
    expect(() => probe.picked(task, pair.toCopy.next(second + 1))).toThrow(`the copy of p1 (order touched-first) took track ${pair.toCopy.next(second + 1)} next; its order says track ${second}`);
    const again = fakeTask();
    probe.started(again, pair);
    probe.touched(pair, 63);
    expect(() => probe.picked(again, first)).toThrow(`took track ${first} next; its order says track 63`);
  });

  it('takes a track let go of unfinished on the next pass, and never one under way', () => {
    const { w } = restoring({ copy: { concurrency: 2 } });
    const probe = new CopyOrderProbe(w.protocol, w.array.frontEnd, w.history);
    const pair = w.pair();
    const a = pair.toCopy.next(0);
    const b = pair.toCopy.next(a + 1);
    const task = fakeTask();
    probe.started(task, pair);
    probe.picked(task, a);
    probe.released(task, a); // its read failed: still to copy, behind the cursor
    expect(() => probe.picked(task, a)).toThrow(`its order says track ${b}`);
  });

  it('names a copy stopped while its phase went on and its director and the array were up, and not one a fault stopped', () => {
    const { w } = restoring();
    const probe = new CopyOrderProbe(w.protocol, w.array.frontEnd, w.history);
    const down = fakeTask();
    probe.started(down, w.pair());
    w.array.frontEnd.offline = true;
    probe.stopped(down);
    w.array.frontEnd.offline = false;
    expect(() => probe.finish()).not.toThrow();
    const up = fakeTask();
    probe.started(up, w.pair());
    probe.stopped(up);
    expect(() => probe.finish()).toThrow(`the copy of p1 stopped at ${w.sim.now} ns while its phase went on and its director and the array were up`);
  });
});

import type { PairStateName } from '../state.js';
import type { StateKey } from './expected-table.js';
import { world, type World } from './world.js';

/**
 * Worlds with pair `p1` (std → bcv, 16 tracks) brought into each state by
 * real commands, with some content and changed tracks on both sides. Copies
 * run at 4 MB/s (16 ms a track) and drives take 10 ms, so the in-progress
 * states last long enough to issue commands in them.
 */
export function reach(state: StateKey): World {
  const w = world({ blocks: 256, driveLatencyNs: 10_000_000, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 4 } }] });
  for (let b = 0; b < 256; b += 16) w.write('std', b, 5);
  w.write('bcv', 40, 3);
  w.run();
  if (state === 'NeverEstab') return w;
  if (state === 'SyncInProg') return start(w, w.establish(), 'SyncInProg');
  synchronize(w);
  if (state === 'Synchronized') return w;
  if (state === 'SplitInProg') {
    // Mirror writes still in cache when the split lands keep the pair in SplitInProg until destaged.
    w.write('std', 64, 16);
    w.write('std', 130, 2);
    return start(w, w.split('p1', { instant: true }), 'SplitInProg');
  }
  splitWithChanges(w);
  switch (state) {
    case 'Split':
      return w;
    case 'SplitBfrSync':
      start(w, w.establish(), 'SyncInProg');
      w.runFor(20_000_000);
      return start(w, w.split('p1', { force: true }), 'SplitBfrSync');
    case 'RestInProg (protected)':
      return start(w, w.restore('p1', { protected: true }), 'RestInProg');
    case 'RestInProg (unprotected)':
      return start(w, w.restore('p1', { protected: false }), 'RestInProg');
    case 'Restored (protected)':
    case 'Restored (unprotected)':
      w.command(w.restore('p1', { protected: state === 'Restored (protected)' }));
      w.run();
      expectState(w, 'Restored');
      w.write('std', 17, 2);
      w.run();
      return w;
    case 'SplitBfrRest (protected)':
    case 'SplitBfrRest (unprotected)':
      start(w, w.restore('p1', { protected: state === 'SplitBfrRest (protected)' }), 'RestInProg');
      w.runFor(20_000_000);
      return start(w, w.split('p1', { force: true }), 'SplitBfrRest');
  }
}

export function synchronize(w: World, pair = 'p1'): void {
  w.command(w.establish(pair));
  w.run();
  expectState(w, 'Synchronized', pair);
}

/** Splits, then writes to both sides so that each has changed tracks. */
export function splitWithChanges(w: World, pair = 'p1'): void {
  w.command(w.split(pair));
  w.run();
  expectState(w, 'Split', pair);
  w.write('std', 20, 4);
  w.write('std', 100, 20);
  w.write('bcv', 200, 1);
  w.run();
}

/** Issues a command and runs until it has taken effect (the pair is in `state`). */
export function start(w: World, request: Parameters<World['command']>[0], state: PairStateName, pair = 'p1'): World {
  w.command(request);
  if (!w.runUntil(() => w.state(pair) === state)) throw new Error(`${pair} never reached ${state} (it is ${w.state(pair)})`);
  return w;
}

function expectState(w: World, state: PairStateName, pair = 'p1'): void {
  if (w.state(pair) !== state) throw new Error(`${pair} is ${w.state(pair)}, expected ${state}`);
}

/** Brings `pair` to Split from NeverEstab with some content, and returns the BCV's snapshot. */
export function snapshotTaken(w: World, pair = 'p1', std = 'std', bcv = 'bcv'): number[] {
  const blocks = w.array.volume(std).blocks;
  for (let b = 0; b < blocks; b += 16) w.write(std, b + 2, 6);
  w.run();
  synchronize(w, pair);
  w.command(w.split(pair));
  w.run();
  expectState(w, 'Split', pair);
  return w.content(bcv);
}

/** `base` with each write (in order) applied: what a volume holds after them. */
export function overlay(base: readonly number[], writes: readonly { stamp: number; startBlock: number; blockCount: number }[]): number[] {
  const content = [...base];
  for (const { stamp, startBlock, blockCount } of writes) content.fill(stamp, startBlock, startBlock + blockCount);
  return content;
}

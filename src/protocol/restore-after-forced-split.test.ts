import { describe, expect, it } from 'vitest';
import { formatCommandError } from './errors.js';
import { trackWrites } from './testing/physical.js';
import { overlay, snapshotTaken, start } from './testing/reach.js';
import { restoring } from './testing/restoring.js';
import { world } from './testing/world.js';

describe('restore again after split --force of a restore', () => {
  it('protected: the BCV still holds the snapshot; a restore (even asked incremental) copies every track and gives it back', () => {
    const { w, snapshot } = restoring({ protected: true });
    const split = w.command(w.split('p1', { force: true }));
    w.runUntil(() => split.result !== undefined);
    expect(w.pair().state).toEqual({ name: 'SplitBfrRest', protected: true });
    expect(w.protocol.query('p1').label).toBe('SplitBfrRest (protected)');
    const unrestored = w.pair().toCopy.count;
    expect(unrestored).toBeGreaterThan(0);
    expect(w.content('bcv')).toEqual(snapshot);
    // A write to STD after the abandoned restore, then the restore again: the write is gone (the snapshot is back).
    w.write('std', 5, 2);
    w.run();
    const restoreNs = w.sim.now + w.protocol.config.commandNs;
    const again = w.command(w.restore('p1', { incremental: true }));
    let after = 0;
    w.at(restoreNs + 10_000, () => (after = w.write('std', 700, 3).stamp)); // after the restore began: overlaid on the snapshot
    w.run();
    expect(again.result).toEqual({ ok: true, pairs: ['p1'] });
    expect(w.history.commands.at(-1)).toMatchObject({ command: 'restore', stateBefore: 'SplitBfrRest (protected)', error: null });
    expect(w.pair().phase).toMatchObject({ kind: 'restore', incremental: false, protected: true, tracksInScope: 64 });
    expect(w.pair().state).toEqual({ name: 'Restored', protected: true });
    expect(w.content('std')).toEqual(overlay(snapshot, [{ stamp: after, startBlock: 700, blockCount: 3 }]));
    expect(w.content('bcv')).toEqual(snapshot);
    // Every track came back once: by the copy task, or by the host write that covered it.
    const copied = trackWrites(w.history, { volume: 'std', sources: ['copy', 'copy-on-read', 'merge'], fromNs: restoreNs });
    expect(copied.size).toBe(64);
    expect([...copied.values()].every((n) => n === 1)).toBe(true);
  });

  it('unprotected: the BCV took STD\'s writes, so no snapshot is left; a restore is refused and says only a full establish is legal', () => {
    const { w } = restoring({ protected: false });
    const split = w.command(w.split('p1', { force: true }));
    w.runUntil(() => split.result !== undefined);
    expect(w.protocol.query('p1').label).toBe('SplitBfrRest (unprotected)');
    const refused = w.command(w.restore('p1'));
    w.run();
    expect(refused.result).toEqual({
      ok: false,
      error: { code: 'illegal-in-state', pair: 'p1', state: 'SplitBfrRest', command: 'restore', legal: ['establish (full)'] },
    });
    expect(formatCommandError(refused.result!.ok ? (null as never) : refused.result!.error)).toBe(
      'restore refused for pair p1: it is SplitBfrRest; legal now: establish (full)',
    );
  });

  it('a protected SplitBfrRest lists the restore as legal when it refuses a split', () => {
    const w = world({ blocks: 256, pairs: [{ name: 'p1', std: 'std', bcv: 'bcv', copy: { rateMBps: 1 } }] });
    snapshotTaken(w);
    w.write('std', 40, 1);
    w.run();
    start(w, w.restore('p1'), 'RestInProg');
    const split = w.command(w.split('p1', { force: true }));
    w.runUntil(() => split.result !== undefined);
    const refused = w.command(w.split('p1'));
    w.runUntil(() => refused.result !== undefined);
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'illegal-in-state', legal: ['establish (full)', 'restore (full)'] } });
  });
});

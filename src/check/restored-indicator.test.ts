import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { IndicatorViolation } from './verdict.js';

const indicator = (b: HistoryBuilder): IndicatorViolation[] => checkHistory(b.history, { only: ['restored-indicator'] }).verdicts as IndicatorViolation[];

/**
 * Four tracks of four blocks. STD written whole (w1), established, split at
 * 100; then block 5 (track 1) written again on STD (w2): STD's pre-restore
 * content. A protected restore begins at 200 and, if `restoredNs`, ends there.
 */
function beforeRestore() {
  const b = new HistoryBuilder();
  const w1 = b.write('std', 0, 16, 20, 30);
  b.physical(25, 'std', 'cache', 'host', 0, Array(16).fill(w1.stamp));
  b.establish(40, 'p1', 60);
  b.physical(50, 'bcv', 'cache', 'copy', 0, Array(16).fill(w1.stamp));
  b.split(100);
  const w2 = b.write('std', 5, 1, 120, 130);
  b.physical(125, 'std', 'cache', 'host', 5, [w2.stamp]);
  return { b, w1, w2 };
}

/** Track `t` copied from the BCV at `atNs`, then marked restored (`markFirst`: the other way round). */
function copyAndMark(b: HistoryBuilder, t: number, atNs: number, stamp: number, markFirst = false): void {
  if (markFirst) b.history.trackRestored('p1', t, atNs);
  b.physical(atNs, 'std', 'cache', 'copy', t * 4, [stamp, stamp, stamp, stamp]);
  if (!markFirst) b.history.trackRestored('p1', t, atNs);
}

function fullRestore(options: { markFirst?: number; skip?: number; again?: number } = {}) {
  const { b, w1, w2 } = beforeRestore();
  b.restore(200, { protected: true, restoredNs: 400 });
  b.history.restoreStarted('p1', 200, [[0, 4]]);
  for (let t = 0; t < 4; t++) if (t !== options.skip) copyAndMark(b, t, 250 + 10 * t, w1.stamp, t === options.markFirst);
  if (options.again !== undefined) copyAndMark(b, options.again, 300, w1.stamp);
  return { b, w1, w2 };
}

describe('the restored indicator tells the truth', () => {
  it('a restore marking each track once its copy landed, complete at Restored, checks clean', () => {
    const { b } = fullRestore();
    const result = checkHistory(b.history, { only: ['restored-indicator'] });
    expect(result.verdicts).toEqual([]);
    expect(result.stats.indicatorRecordsChecked).toBe(5);
    expect(result.stats.skipped).toEqual([]);
  });

  it('a track marked restored before its data landed holds STD\'s pre-restore data there: not the snapshot', () => {
    const { b, w1, w2 } = fullRestore({ markFirst: 1 });
    const [v, ...rest] = indicator(b);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ reason: 'not-snapshot', pair: 'p1', track: 1, atNs: 260, restoreNs: 200, fromStart: false, blocksWrong: 1 });
    expect(v!.blocks).toMatchObject([{ block: 5, held: w2.stamp, heldBy: { kind: 'write', opId: w2.id }, allowed: [{ stamp: w1.stamp, via: { effect: 'restore' } }] }]);
    expect(v!.message).toMatch(
      `restored-indicator violated: the restore of pair p1 from 200 ns: track 1, marked restored at 260 ns, did not hold the snapshot's data — block 5: STD held ${w2.stamp} (write #${w2.id}), the model allows {${w1.stamp} (write #${w1.id} via restore of pair p1 at 200 ns`,
    );
  });

  it('a track marked twice in one restore: the indicator shrank in between', () => {
    const { b } = fullRestore({ again: 2 });
    expect(indicator(b)).toMatchObject([{ reason: 'marked-twice', track: 2, atNs: 300, fromStart: false }]);
  });

  it('Restored with a track never marked: incomplete', () => {
    const { b } = fullRestore({ skip: 3 });
    const [v] = indicator(b);
    expect(v).toMatchObject({ reason: 'incomplete-at-restored', atNs: 400, tracks: [3], tracksWrong: 1 });
    expect(v!.message).toBe('restored-indicator violated: the restore of pair p1 from 200 ns entered Restored at 400 ns with tracks not restored: 3');
  });

  it('a mark when no restore runs', () => {
    const { b, w1 } = fullRestore();
    copyAndMark(b, 0, 500, w1.stamp);
    expect(indicator(b)).toMatchObject([{ reason: 'marked-outside-restore', track: 0, atNs: 500, restoreNs: 200 }]);
    const fresh = beforeRestore().b;
    fresh.history.trackRestored('p1', 0, 150);
    expect(indicator(fresh)).toMatchObject([{ reason: 'marked-outside-restore', restoreNs: -1 }]);
  });

  it('an incremental restore: tracks it need not copy are restored from its start, and must hold the snapshot then', () => {
    const good = beforeRestore();
    good.b.restore(200, { incremental: true, restoredNs: 300 });
    good.b.history.restoreStarted('p1', 200, [[1, 1]]); // track 1 changed since the split
    copyAndMark(good.b, 1, 250, good.w1.stamp);
    expect(indicator(good.b)).toEqual([]);
    const bad = beforeRestore();
    bad.b.restore(200, { incremental: true, restoredNs: 300 });
    bad.b.history.restoreStarted('p1', 200, []); // forgot track 1
    expect(indicator(bad.b)).toMatchObject([{ reason: 'not-snapshot', track: 1, atNs: 200, fromStart: true, blocks: [{ block: 5, held: bad.w2.stamp }] }]);
    // Marking a track restored from the start: it must have been unmarked in between.
    copyAndMark(bad.b, 1, 250, bad.w1.stamp);
    expect(indicator(bad.b).map((v) => [v.reason, v.fromStart])).toEqual([['marked-twice', true], ['not-snapshot', true]]);
  });

  it('without physical writes only growth and completeness are judged, and the check says so; without records nothing', () => {
    const { b } = fullRestore({ markFirst: 1, skip: 3 });
    b.history.recordsPhysical = false;
    const result = checkHistory(b.history, { only: ['restored-indicator'] });
    expect(result.verdicts.map((v) => v.guarantee === 'restored-indicator' && v.reason)).toEqual(['incomplete-at-restored']);
    expect(result.stats.skipped).toEqual([{ guarantee: 'restored-indicator', reason: 'the history holds no physical writes: the content of restored tracks was not judged', entirely: false }]);
    b.history.unrecorded.add('restored-indicator');
    expect(checkHistory(b.history, { only: ['restored-indicator'] }).stats.skipped).toEqual([{ guarantee: 'restored-indicator', reason: 'the history does not record the restored indicator', entirely: true }]);
  });
});

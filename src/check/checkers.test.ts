import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { Guarantee, Verdict } from './verdict.js';

const only = (b: HistoryBuilder, guarantee: Guarantee, options: Parameters<typeof checkHistory>[1] = {}): readonly Verdict[] =>
  checkHistory(b.history, { ...options, only: [guarantee] }).verdicts;

/** A pair synchronized at 10 (its 4 tracks copied) and split at `splitNs` (its state changes at `applyNs`). */
function splitPair(splitNs = 100, applyNs = splitNs): HistoryBuilder {
  const b = new HistoryBuilder();
  b.establish(0, 'p1', 10);
  for (let block = 0; block < 16; block += 4) b.physical(5, 'bcv', 'cache', 'copy', block, [0, 0, 0, 0]);
  b.history.command({ command: 'split', target: 'p1', group: null, options: { consistent: applyNs !== splitNs }, issueNs: splitNs, stateBefore: null, effectiveNs: splitNs, completeNs: applyNs, error: null, message: '' });
  b.state('p1', 'SplitInProg', applyNs);
  b.state('p1', 'Split', applyNs);
  return b;
}

describe('split isolation', () => {
  it('accepts the BCV\'s own host writes while in flight, rejects them outside their flight', () => {
    const b = splitPair();
    const w = b.write('bcv', 4, 2, 200, 300);
    b.physical(250, 'bcv', 'cache', 'host', 4, [w.stamp, w.stamp]);
    expect(only(b, 'split-isolation')).toEqual([]);
    b.physical(400, 'bcv', 'cache', 'host', 4, [w.stamp, w.stamp]);
    const [v] = only(b, 'split-isolation');
    expect(v).toMatchObject({ reason: 'foreign-stamp', stampOp: { id: w.id, volume: 'bcv' }, write: { timeNs: 400 } });
  });

  it('a consistent split: mirror writes of STD writes issued by its instant may reach a member until it is split, later ones not', () => {
    const b = splitPair(100, 300);
    const early = b.write('std', 0, 1, 90, 200); // in flight at the split instant
    const late = b.write('std', 1, 1, 150, 250); // issued after it (a bug: it should have been held)
    b.physical(150, 'bcv', 'cache', 'mirror', 0, [early.stamp]);
    b.physical(200, 'bcv', 'cache', 'mirror', 1, [late.stamp]);
    const verdicts = only(b, 'split-isolation');
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ reason: 'foreign-source', stampOp: { id: late.id }, write: { source: 'mirror', startBlock: 1 } });
  });

  it('a copy write at the very instant of a forced split is the sync\'s last (the history does not order one instant)', () => {
    const b = new HistoryBuilder();
    b.establish(0);
    b.split(100, 'p1', true);
    b.physical(100, 'bcv', 'cache', 'copy', 0, [0, 0, 0, 0]);
    expect(only(b, 'split-isolation')).toEqual([]);
    b.physical(101, 'bcv', 'cache', 'copy', 4, [0, 0, 0, 0]);
    expect(only(b, 'split-isolation')).toMatchObject([{ reason: 'foreign-source', write: { timeNs: 101, source: 'copy' } }]);
  });

  it('the window closes at the next establish', () => {
    const b = splitPair();
    b.establish(500);
    b.physical(600, 'bcv', 'cache', 'copy', 0, [0, 0, 0, 0]);
    b.physical(600, 'bcv', 'cache', 'mirror', 0, [7]);
    expect(only(b, 'split-isolation')).toEqual([]);
  });
});

describe('mirror convergence', () => {
  it('holds a pair Restored by an unprotected restore to equal sides, and not a protected one', () => {
    const b = splitPair();
    b.restore(200, { protected: false, restoredNs: 300 });
    b.physical(250, 'std', 'cache', 'copy', 0, [0, 0, 0, 0]);
    expect(only(b, 'mirror-convergence')).toEqual([]);
    b.physical(350, 'bcv', 'cache', 'host', 2, [9]);
    expect(only(b, 'mirror-convergence')).toMatchObject([{ pair: 'p1', finalState: 'Restored (unprotected)', blocks: [{ block: 2, std: 0, bcv: 9 }] }]);
    const p = splitPair();
    p.restore(200, { protected: true, restoredNs: 300 });
    p.physical(350, 'bcv', 'cache', 'host', 2, [9]);
    expect(only(p, 'mirror-convergence')).toEqual([]);
  });
});

describe('incremental = full', () => {
  it('counts a write in flight across the split as possibly changed, but does not require its track', () => {
    const b = splitPair();
    b.write('std', 0, 1, 90, 110); // track 0: straddles the split
    b.write('bcv', 8, 1, 120, 130); // track 2: surely changed
    b.restore(200, { incremental: true, restoredNs: 300 });
    b.physical(250, 'std', 'cache', 'copy', 0, [0, 0, 0, 0]);
    b.physical(260, 'std', 'cache', 'copy', 8, [0, 0, 0, 0]);
    expect(only(b, 'incremental-equals-full')).toEqual([]);
    b.physical(270, 'std', 'cache', 'copy', 12, [0, 0, 0, 0]);
    expect(only(b, 'incremental-equals-full')).toMatchObject([{ reason: 'copied-unchanged', tracks: [3], baselineNs: 100 }]);
  });

  it('a track wholly overwritten during the restore needs no copy', () => {
    const b = splitPair();
    b.write('std', 4, 1, 120, 130); // track 1
    b.restore(200, { incremental: true, restoredNs: 300 });
    b.physical(250, 'std', 'cache', 'host', 4, [9, 9, 9, 9]);
    expect(only(b, 'incremental-equals-full')).toEqual([]);
  });
});

describe('progress and options', () => {
  it('a phase still running past its bound at the end of the history overran it; without a bound, timing is skipped', () => {
    const b = splitPair();
    b.restore(200);
    b.write('std', 0, 1, 5_000, 5_100);
    expect(only(b, 'progress', { progress: { phaseBoundNs: 10_000 } })).toEqual([]);
    const [v] = only(b, 'progress', { progress: { phaseBoundNs: 1_000 } });
    expect(v).toMatchObject({ reason: 'overran', atNs: 5_100, phase: { ending: 'running', endNs: -1 } });
    expect(v!.message).toMatch('is still running at 5.1 µs, beyond its bound of 1.0 µs');
    expect(checkHistory(b.history).stats.skipped).toContainEqual({ guarantee: 'progress', reason: 'no phase bound given: phases were not timed', entirely: false });
    expect(checkHistory(b.history, { progress: { phaseBoundNs: 10_000 } }).stats.skipped.map((s) => s.guarantee)).not.toContain('progress');
  });

  it('the background copy keeps to its rate limit: its k-th landing comes no earlier than start + k track times', () => {
    // 16.384 MB/s and tracks of 4 blocks of 4096 bytes: one track a millisecond.
    const paced = (third: number) => {
      const b = new HistoryBuilder();
      const { topology } = b.history;
      b.history.topology = { ...topology, blockBytes: 4096, pairs: topology.pairs.map((p) => ({ ...p, copy: { rateMBps: 16.384, concurrency: 4, priority: 'low', order: 'track' } })) };
      b.establish(0, 'p1', 5_000_000);
      for (const [block, atNs] of [[0, 500_000], [4, 1_200_000], [8, third]] as const) b.physical(atNs, 'bcv', 'cache', 'copy', block, [0, 0, 0, 0]);
      b.physical(1_300_000, 'bcv', 'cache', 'mirror', 12, [0, 0, 0, 0]); // a host write mirrored: not the copy's
      return only(b, 'progress');
    };
    expect(paced(2_000_000)).toEqual([]);
    const [v, ...rest] = paced(1_500_000);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ reason: 'over-rate', track: 2, atNs: 1_500_000, boundNs: 2_000_000, overRate: { landedBefore: 2, rateMBps: 16.384 } });
    expect(v!.message).toMatch('landed background copy #3 (track 2) at 1.50 ms, before its rate limit of 16.384 MB/s allows (2.00 ms)');
  });

  it('the background copy keeps to its rate limit start by start: one held up does not catch up in a burst', () => {
    // One track a millisecond, as above; the copy records give each start.
    const started = (starts: readonly number[]) => {
      const b = new HistoryBuilder();
      const { topology } = b.history;
      b.history.topology = { ...topology, blockBytes: 4096, pairs: topology.pairs.map((p) => ({ ...p, copy: { rateMBps: 16.384, concurrency: 4, priority: 'low', order: 'track' } })) };
      b.establish(0, 'p1', 50_000_000);
      starts.forEach((startNs, track) => b.history.copies.push({ pair: 'p1', track, startNs, endNs: startNs + 100 }));
      return only(b, 'progress');
    };
    expect(started([0, 1_000_000, 5_000_000, 6_000_000])).toEqual([]);
    // Held up from 2 ms to 5 ms: an average from the phase's start would allow tracks 3 and 4 at once at 5 ms.
    const [v, ...rest] = started([0, 1_000_000, 5_000_000, 5_000_000, 5_500_000]);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ reason: 'over-rate', track: 3, atNs: 5_000_000, boundNs: 6_000_000, overRate: { rateMBps: 16.384, previousStartNs: 5_000_000 } });
    expect(v!.message).toMatch('started a copy of track 3 at 5.00 ms, its previous at 5.00 ms: its rate limit of 16.384 MB/s allows the next at 6.00 ms');
  });

  it('the background copy keeps to its concurrency: no more track copies under way at once', () => {
    const underWay = (copies: readonly [number, number, number][]) => {
      const b = new HistoryBuilder();
      const { topology } = b.history;
      b.history.topology = { ...topology, pairs: topology.pairs.map((p) => ({ ...p, copy: { rateMBps: 0, concurrency: 2, priority: 'low', order: 'track' } })) };
      b.establish(0, 'p1', 5_000);
      for (const [track, startNs, endNs] of copies) b.history.copies.push({ pair: 'p1', track, startNs, endNs });
      return only(b, 'progress');
    };
    // Track 2 starts at the instant track 0 ends: room was made. Track 3's first copy was let go of at once (its task stopped).
    expect(underWay([[0, 0, 1_000], [1, 0, 2_000], [2, 1_000, 3_000], [3, 2_500, 2_500], [3, 3_000, -1]])).toEqual([]);
    const [over, ...rest] = underWay([[0, 0, 1_000], [1, 0, 2_000], [2, 999, 3_000], [3, 1_500, 4_000]]);
    expect(rest).toEqual([]); // one verdict per pair
    expect(over).toMatchObject({ reason: 'over-concurrency', track: 2, atNs: 999, overConcurrency: { underWay: 3, concurrency: 2 } });
    expect(over!.message).toMatch('started a copy of track 2 with 3 under way, over its concurrency of 2 at 999 ns');
    // Two copies of one track count as two (an engine may start one while another is under way).
    expect(underWay([[0, 0, 1_000], [0, 500, 2_000]])).toEqual([]);
    expect(underWay([[0, 0, 1_000], [0, 500, 2_000], [1, 600, 700]])).toMatchObject([{ reason: 'over-concurrency', track: 1, overConcurrency: { underWay: 3 } }]);
  });

  it('the background copy starts no track while the array has no power or its director is down', () => {
    const copiesAt = (starts: readonly number[]) => {
      const b = new HistoryBuilder();
      const { topology } = b.history;
      b.history.topology = { ...topology, pairs: topology.pairs.map((p) => ({ ...p, copyDirector: 1 })) };
      b.establish(0, 'p1', 50_000);
      b.fault({ kind: 'director-failed', atNs: 1_000, director: 0 }); // another director: no matter
      b.fault({ kind: 'director-failed', atNs: 10_000, director: 1 });
      b.fault({ kind: 'director-restarted', atNs: 20_000, director: 1 });
      b.fault({ kind: 'power-lost', atNs: 30_000, vaulted: true });
      b.fault({ kind: 'power-restored', atNs: 40_000 });
      starts.forEach((startNs, track) => b.history.copies.push({ pair: 'p1', track, startNs, endNs: startNs + 100 }));
      return only(b, 'progress');
    };
    // At the instant of a failure the copy may have started first; at the instant of a restart, after it.
    expect(copiesAt([0, 2_000, 10_000, 20_000, 30_000, 40_000, 45_000])).toEqual([]);
    const [v, ...rest] = copiesAt([15_000, 16_000]);
    expect(rest).toEqual([]); // one verdict per pair
    expect(v).toMatchObject({ reason: 'copy-while-down', track: 0, atNs: 15_000, whileDown: 'its director (1) was down' });
    expect(v!.message).toMatch('started a copy of track 0 at 15.0 µs, while its director (1) was down: a copy task runs on its director');
    expect(copiesAt([35_000])).toMatchObject([{ reason: 'copy-while-down', whileDown: 'the array had no power' }]);
  });

  it('`only` judges the guarantees asked for', () => {
    const b = new HistoryBuilder();
    b.write('std', 0, 1, 0, 10);
    b.read('std', 0, [0], 20, 30);
    expect(checkHistory(b.history).verdicts.map((v) => v.guarantee)).toEqual(['no-lost-writes']);
    const result = checkHistory(b.history, { only: ['split-isolation'] });
    expect(result.verdicts).toEqual([]);
    expect(result.stats.readsChecked).toBe(0);
  });
});

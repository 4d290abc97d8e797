import { describe, expect, it } from 'vitest';
import type { QueryRecord } from '../array/history.js';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { IndicatorViolation } from './verdict.js';

type Answer = Omit<QueryRecord, 'pair' | 'atNs' | 'statesBefore' | 'indicatorBefore'>;

const NONE = { background: 0, copyOnRead: 0, merged: 0, overwritten: 0, copyBeforeWrite: 0 };

/** A `query` answer given now: after every record the builder holds so far. */
function ask(b: HistoryBuilder, atNs: number, answer: Answer): void {
  b.history.queries.push({ pair: 'p1', atNs, statesBefore: b.history.stateChanges.length, indicatorBefore: b.history.indicatorCount, ...answer });
}

const answer = (state: string, fields: Partial<Answer> = {}): Answer => ({
  state: state.split(' ')[0]!,
  label: state,
  tracks: 4,
  invalidTracks: { std: 0, bcv: 0 },
  invalidMB: { std: 0, bcv: 0 },
  percentComplete: 100,
  restoredTracks: 0,
  copied: null,
  ...fields,
});

/**
 * Four tracks of four blocks (of 4096 bytes: 0.016384 MB a track). Queried
 * before anything, during and after a full establish, split, then during a
 * protected restore with tracks 2 and 0 restored; `edit` changes one answer
 * (by its index) into a wrong one.
 */
function run(edit?: { index: number; fields: Partial<Answer> }) {
  const b = new HistoryBuilder({ blocks: 16, blocksPerTrack: 4 });
  b.history.topology = { ...b.history.topology, blockBytes: 4096 };
  const answers: [number, Answer][] = [];
  const say = (atNs: number, a: Answer) => answers.push([atNs, a]);
  const flush = () => {
    for (const [atNs, a] of answers.splice(0)) {
      const index = b.history.queries.length;
      ask(b, atNs, index === edit?.index ? { ...a, ...edit.fields } : a);
    }
  };
  say(5, answer('NeverEstab')); // 0
  flush();
  b.establish(10, 'p1', 50);
  // Between the establish and Synchronized: SyncInProg, one track copied of four.
  b.history.stateChanges.pop();
  say(20, answer('SyncInProg', { invalidTracks: { std: 0, bcv: 3 }, invalidMB: { std: 0, bcv: 3 * 0.016384 }, percentComplete: 25, copied: { ...NONE, background: 1 } })); // 1
  say(30, answer('SyncInProg', { invalidTracks: { std: 0, bcv: 1 }, invalidMB: { std: 0, bcv: 0.016384 }, percentComplete: 75, copied: { ...NONE, background: 2, merged: 1 } })); // 2
  flush();
  b.state('p1', 'Synchronized', 50);
  say(60, answer('Synchronized', { copied: { ...NONE, background: 3, merged: 1 } })); // 3
  flush();
  b.split(100);
  say(110, answer('Split', { invalidTracks: { std: 1, bcv: 0 }, invalidMB: { std: 0.016384, bcv: 0 }, copied: { ...NONE, background: 3, merged: 1 } })); // 4
  say(120, answer('Split', { invalidTracks: { std: 2, bcv: 1 }, invalidMB: { std: 2 * 0.016384, bcv: 0.016384 }, copied: { ...NONE, background: 3, merged: 1 } })); // 5
  flush();
  b.restore(200, { protected: true });
  b.history.restoreStarted('p1', 200, [[0, 4]]);
  // Track 2 brought by the background copy, track 0 by a read (copy-on-read): the writes just before their marks.
  b.physical(250, 'std', 'cache', 'copy', 8, [0, 0, 0, 0]);
  b.history.trackRestored('p1', 2, 250);
  b.physical(260, 'std', 'cache', 'copy-on-read', 0, [0, 0, 0, 0]);
  b.history.trackRestored('p1', 0, 260);
  const restoring = { invalidTracks: { std: 2, bcv: 0 }, invalidMB: { std: 2 * 0.016384, bcv: 0 }, percentComplete: 50, restoredTracks: 2, copied: { ...NONE, background: 1, copyOnRead: 1 } };
  say(270, answer('RestInProg (protected)', restoring)); // 6
  flush();
  return checkHistory(b.history, { only: ['restored-indicator'] });
}

const wrongFields = (edit: { index: number; fields: Partial<Answer> }): string[] =>
  (run(edit).verdicts as IndicatorViolation[]).map((v) => {
    expect(v.reason).toBe('query-disagrees');
    return v.query!.field;
  });

describe('query answers agree with the history (guarantee 11 as users read it)', () => {
  it('answers that agree with the states, the indicator and each other check clean', () => {
    const result = run();
    expect(result.verdicts).toEqual([]);
    expect(result.stats.queryAnswersChecked).toBe(7);
  });

  it('a restored count other than the indicator records say is wrong, and says what the history holds', () => {
    const [v, ...rest] = run({ index: 6, fields: { restoredTracks: 3 } }).verdicts as IndicatorViolation[];
    expect(rest).toEqual([]);
    expect(v!.message).toBe('restored-indicator violated: query of pair p1 at 270 ns answered restoredTracks 3; the history says 2');
  });

  it('during a restore, each way of restoring counts the tracks the writes before their marks restored that way', () => {
    const [v, ...rest] = run({ index: 6, fields: { copied: { ...NONE, background: 2 } } }).verdicts as IndicatorViolation[];
    expect(rest).toEqual([]);
    expect(v!.message).toBe('restored-indicator violated: query of pair p1 at 270 ns answered copied.background 2; the history says 1 (the tracks the writes before their marks restored that way)');
    expect(wrongFields({ index: 6, fields: { copied: { ...NONE, background: 1, merged: 1 } } })).toEqual(['copied.copyOnRead']);
  });

  it('tracks restored counted outside a restore, after an establish, are wrong', () => {
    expect(wrongFields({ index: 3, fields: { restoredTracks: 4 } })).toEqual(['restoredTracks']);
  });

  it('a state other than the one the state changes before the answer leave is wrong', () => {
    expect(wrongFields({ index: 4, fields: { state: 'SplitInProg', label: 'SplitInProg' } })).toEqual(['label']);
    expect(wrongFields({ index: 6, fields: { label: 'RestInProg (unprotected)' } })).toEqual(['label']);
  });

  it('progress must be the share of tracks the copy target holds, and 100 when no copy runs', () => {
    expect(wrongFields({ index: 1, fields: { percentComplete: 75 } })).toEqual(['percentComplete']);
    expect(wrongFields({ index: 6, fields: { percentComplete: 25 } })).toEqual(['percentComplete']);
    expect(wrongFields({ index: 4, fields: { percentComplete: 0 } })).toEqual(['percentComplete']);
  });

  it('during a restore STD lacks exactly the unrestored tracks and the BCV nothing; during an establish STD lacks nothing', () => {
    expect(wrongFields({ index: 6, fields: { invalidTracks: { std: 3, bcv: 0 }, invalidMB: { std: 3 * 0.016384, bcv: 0 }, percentComplete: 25 } })).toEqual(['invalidTracks.std']);
    expect(wrongFields({ index: 6, fields: { invalidTracks: { std: 2, bcv: 1 }, invalidMB: { std: 2 * 0.016384, bcv: 0.016384 } } })).toEqual(['invalidTracks.bcv']);
    expect(wrongFields({ index: 1, fields: { invalidTracks: { std: 1, bcv: 3 }, invalidMB: { std: 0.016384, bcv: 3 * 0.016384 } } })).toEqual(['invalidTracks.std']);
  });

  it('a mirroring pair at rest, or one never established, has no invalid tracks', () => {
    expect(wrongFields({ index: 3, fields: { invalidTracks: { std: 1, bcv: 0 }, invalidMB: { std: 0.016384, bcv: 0 } } })).toEqual(['invalidTracks']);
    expect(wrongFields({ index: 0, fields: { invalidTracks: { std: 0, bcv: 2 }, invalidMB: { std: 0, bcv: 2 * 0.016384 } } })).toEqual(['invalidTracks']);
  });

  it('changed tracks only accumulate while the state holds', () => {
    expect(wrongFields({ index: 5, fields: { invalidTracks: { std: 0, bcv: 1 }, invalidMB: { std: 0, bcv: 0.016384 } } })).toEqual(['invalidTracks']);
  });

  it('the MB columns are the invalid tracks times the track size', () => {
    expect(wrongFields({ index: 4, fields: { invalidMB: { std: 65536, bcv: 0 } } })).toEqual(['invalidMB']);
  });

  it('the tracks copied add up: a restore has copied what it no longer lacks, an establish keeps copied + still to copy', () => {
    expect(wrongFields({ index: 6, fields: { copied: { ...NONE, background: 1 } } })).toEqual(['copied']);
    expect(wrongFields({ index: 2, fields: { copied: { ...NONE, background: 2 } } })).toEqual(['copied']);
    expect(wrongFields({ index: 0, fields: { copied: { ...NONE } } })).toEqual(['copied']);
    expect(wrongFields({ index: 3, fields: { copied: null } })).toEqual(['copied']);
  });

  it('a pair with the wrong number of tracks is wrong', () => {
    expect(wrongFields({ index: 0, fields: { tracks: 5 } })).toEqual(['tracks']);
  });
});

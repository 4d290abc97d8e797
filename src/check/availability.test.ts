import { describe, expect, it } from 'vitest';
import { world } from '../protocol/testing/world.js';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { AvailabilityViolation, Verdict } from './verdict.js';

const availability = (b: { history: HistoryBuilder['history'] }): AvailabilityViolation[] =>
  checkHistory(b.history, { only: ['availability'] }).verdicts as AvailabilityViolation[];

/** A pair established at 100 (the BCV hidden), split at 1000 (shown again). */
function establishedThenSplit(options: ConstructorParameters<typeof HistoryBuilder>[0] = {}): HistoryBuilder {
  const b = new HistoryBuilder(options);
  b.establish(100, 'p1', 200);
  b.split(1000);
  return b;
}

describe('availability: errors', () => {
  it('not-ready only while the volume did not answer at some instant of the I/O; never on a standard', () => {
    const b = establishedThenSplit();
    b.failed('bcv', false, 0, 1, 50, 150, 'not-ready'); // hidden from 100
    b.failed('bcv', true, 0, 1, 900, 1100, 'not-ready'); // shown again at 1000
    expect(availability(b)).toEqual([]);
    const early = b.failed('bcv', false, 0, 1, 10, 90, 'not-ready'); // before the establish
    const late = b.failed('bcv', false, 0, 1, 1200, 1300, 'not-ready'); // split
    const std = b.failed('std', false, 0, 1, 150, 250, 'not-ready');
    const verdicts = availability(b);
    expect(verdicts.map((v) => [v.op.id, v.reason])).toEqual([[early, 'error-not-allowed'], [late, 'error-not-allowed'], [std, 'error-not-allowed']]);
    expect(verdicts[1]!.message).toMatch(/^availability violated: read #\d+ by host h of bcv block 0 \[1\.2 µs → 1\.3 µs, failed: not-ready\] — bcv answered at its address all through it \(pair p1: Split from 1\.0 µs\)/);
    expect(verdicts[2]!.why).toBe('std is a standard (or in no pair): it always answers');
  });

  it('write-protected only for a BCV write during a protected restore, under `refuse`', () => {
    const refuse = establishedThenSplit();
    refuse.restore(2000, { protected: true, restoredNs: 3000 });
    refuse.failed('bcv', true, 0, 1, 2100, 2200, 'write-protected');
    expect(availability(refuse)).toEqual([]);
    const read = refuse.failed('bcv', false, 0, 1, 2100, 2200, 'write-protected');
    const after = refuse.failed('bcv', true, 0, 1, 3100, 3200, 'write-protected'); // Restored: served
    const std = refuse.failed('std', true, 0, 1, 2100, 2200, 'write-protected');
    expect(availability(refuse).map((v) => [v.op.id, v.why])).toEqual([
      [read, 'only writes are write-protected'],
      [after, 'no protected restore ran during it'],
      [std, 'std is a standard: a restore never refuses its I/O'],
    ]);
    const serve = establishedThenSplit({ settings: { bcvWriteDuringRestore: 'copy-before-write' } });
    serve.restore(2000, { protected: true, restoredNs: 3000 });
    serve.failed('bcv', true, 0, 1, 2100, 2200, 'write-protected');
    expect(availability(serve).map((v) => v.why)).toEqual(['BCV writes during a protected restore are served (bcvWriteDuringRestore: copy-before-write)']);
  });

  it('media-error only under a media error injected by then, on the volume or the other side of its pairs, in a track it touches', () => {
    const b = establishedThenSplit(); // 4 blocks a track
    b.fault({ kind: 'media-error', atNs: 500, drive: 'd1', volume: 'bcv', block: 6, mirror: 0 });
    b.failed('bcv', false, 4, 1, 600, 700, 'media-error'); // same track as block 6
    b.failed('std', false, 7, 2, 600, 700, 'media-error'); // STD read served from the BCV during a restore
    expect(availability(b)).toEqual([]);
    const otherTrack = b.failed('bcv', false, 8, 1, 600, 700, 'media-error');
    const before = b.failed('bcv', false, 4, 1, 300, 400, 'media-error');
    expect(availability(b).map((v) => v.op.id)).toEqual([otherTrack, before]);
    const none = new HistoryBuilder();
    const read = none.failed('std', false, 0, 4, 10, 20, 'media-error');
    expect(availability(none)).toMatchObject([{ op: { id: read }, reason: 'error-not-allowed' }]);
  });

  it('drive-failed only once a drive under the volume (or its pair) failed', () => {
    const b = new HistoryBuilder({ pairs: [{ name: 'p1', std: 'std', bcv: 'bcv' }, { name: 'p2', std: 'other', bcv: 'other-bcv' }] });
    b.fault({ kind: 'drive-failed', atNs: 100, drive: 'd3', spare: null, volumes: ['bcv'] });
    b.failed('std', false, 0, 1, 150, 200, 'drive-failed');
    expect(availability(b)).toEqual([]);
    const other = b.failed('other', false, 0, 1, 150, 200, 'drive-failed');
    const early = b.failed('bcv', false, 0, 1, 10, 90, 'drive-failed');
    expect(availability(b).map((v) => v.op.id)).toEqual([other, early]);
  });

  it('director-failed only while a director was down, array-offline only while the power was off', () => {
    const b = new HistoryBuilder();
    b.fault({ kind: 'director-failed', atNs: 100, director: 0 });
    b.fault({ kind: 'director-restarted', atNs: 200, director: 0 });
    b.fault({ kind: 'power-lost', atNs: 500, vaulted: true });
    b.fault({ kind: 'power-restored', atNs: 600 });
    b.failed('std', false, 0, 1, 50, 100, 'director-failed'); // failed with its director
    b.failed('std', true, 0, 1, 150, 150, 'director-failed'); // sent to a failed director
    b.failed('std', false, 0, 1, 450, 500, 'array-offline');
    expect(availability(b)).toEqual([]);
    const director = b.failed('std', false, 0, 1, 300, 350, 'director-failed');
    const offline = b.failed('std', false, 0, 1, 300, 350, 'array-offline');
    const unknown = b.failed('std', false, 0, 1, 300, 350, 'gremlins');
    expect(availability(b).map((v) => [v.op.id, v.why])).toEqual([
      [director, 'no director was down during it'],
      [offline, 'the array had power all through it'],
      [unknown, '"gremlins" is no error the array gives'],
    ]);
  });

  it('a history that does not record faults: fault errors are not judged, and the check says so', () => {
    const b = new HistoryBuilder();
    b.failed('std', false, 0, 1, 10, 20, 'media-error');
    expect(availability(b)).toHaveLength(1);
    b.history.unrecorded.add('faults');
    const result = checkHistory(b.history, { only: ['availability'] });
    expect(result.verdicts).toEqual([]);
    expect(result.stats.skipped).toEqual([{ guarantee: 'availability', reason: expect.stringContaining('the history does not record faults'), entirely: false }]);
  });
});

describe('availability: successes', () => {
  it('an I/O may not succeed on a BCV that answered at no instant of it', () => {
    const b = establishedThenSplit();
    b.read('bcv', 0, [0], 50, 150); // answered until 100
    b.read('bcv', 0, [0], 900, 1100); // answers again from 1000
    expect(availability(b)).toEqual([]);
    const hidden = b.read('bcv', 0, [0], 300, 400);
    const [v, ...rest] = availability(b);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ op: { id: hidden }, reason: 'answered-while-hidden', states: [{ pair: 'p1', label: 'Synchronized', fromNs: 200, toNs: 1000 }] });
    expect(v!.message).toMatch(/it succeeded, yet bcv answered at no instant of it \(pair p1: Synchronized from 200 ns\)/);
  });

  it('a BCV write may not succeed while, all through it, a protected restore refused BCV writes', () => {
    const b = establishedThenSplit();
    b.restore(2000, { protected: true, restoredNs: 3000 });
    b.write('bcv', 0, 1, 1900, 2100); // landed before the restore
    expect(availability(b)).toEqual([]);
    const w = b.write('bcv', 0, 1, 2100, 2200);
    expect(availability(b)).toMatchObject([{ op: { id: w.id }, reason: 'accepted-while-refusing' }]);
  });
});

describe('availability: landings', () => {
  it('a BCV write lands (its physical line) only while the BCV answers, or at the instant it was hidden', () => {
    const b = establishedThenSplit(); // hidden from 100 to 1000
    const early = b.write('bcv', 0, 1, 50, 100);
    b.physical(100, 'bcv', 'cache', 'host', 0, [early.stamp]); // at the establish's instant: the write first
    const late = b.write('bcv', 1, 1, 900, 1000);
    b.physical(1000, 'bcv', 'cache', 'host', 1, [late.stamp]); // shown again at 1000
    b.physical(500, 'bcv', 'cache', 'mirror', 2, [7]); // the standard's write mirrored: not the BCV's own
    expect(availability(b)).toEqual([]);
    const waited = b.write('bcv', 3, 2, 90, 300); // accepted while the BCV answered, landed once hidden
    b.physical(300, 'bcv', 'cache', 'host', 3, [waited.stamp, waited.stamp]);
    b.physical(310, 'bcv', 'cache', 'host', 4, [waited.stamp]); // a second piece: reported once
    const [v, ...rest] = availability(b);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ op: { id: waited.id }, reason: 'landed-while-hidden' });
    expect(v!.why).toBe('it landed in bcv at 300 ns, while bcv did not answer at its address');
  });

  it('no write lands after its answer: acknowledged, it had landed; failed, it is gone', () => {
    const b = establishedThenSplit();
    const acked = b.write('std', 0, 1, 2000, 2100);
    b.physical(2050, 'std', 'cache', 'host', 0, [acked.stamp]);
    b.physical(2100, 'bcv', 'cache', 'mirror', 0, [acked.stamp]); // at the answer's instant: in time
    expect(availability(b)).toEqual([]);
    b.fault({ kind: 'director-failed', atNs: 2250, director: 0 });
    const lost = b.write('std', 1, 1, 2200, 2300, 'director-failed');
    b.physical(2400, 'bcv', 'cache', 'mirror', 1, [lost.stamp]);
    b.physical(2400, 'std', 'cache', 'host', 1, [lost.stamp]); // the same write again: reported once
    const late = b.write('std', 2, 1, 2500, 2600);
    b.physical(2700, 'std', 'cache', 'host', 2, [late.stamp]);
    const verdicts = availability(b);
    expect(verdicts.map((v) => [v.op.id, v.reason])).toEqual([[lost.id, 'landed-after-answer'], [late.id, 'landed-after-answer']]);
    expect(verdicts.map((v) => v.why)).toEqual(['it landed in bcv at 2.4 µs, after it failed at 2.3 µs', 'it landed in std at 2.7 µs, after it was acknowledged at 2.6 µs']);
  });

  it('under `refuse`, a BCV write lands only outside a protected restore, or at the instant it began', () => {
    const landing = (bcvWriteDuringRestore: 'refuse' | 'copy-before-write') => {
      const b = establishedThenSplit({ settings: { bcvWriteDuringRestore } });
      b.restore(2000, { protected: true, restoredNs: 3000 });
      const atStart = b.write('bcv', 0, 1, 1900, 2000);
      b.physical(2000, 'bcv', 'cache', 'host', 0, [atStart.stamp]); // at the restore's instant: the write first
      const waited = b.write('bcv', 1, 1, 1950, 2500); // accepted before the restore, landed during it
      b.physical(2500, 'bcv', 'cache', 'host', 1, [waited.stamp]);
      return { verdicts: availability(b), waited };
    };
    expect(landing('copy-before-write').verdicts).toEqual([]);
    const { verdicts, waited } = landing('refuse');
    expect(verdicts).toMatchObject([{ op: { id: waited.id }, reason: 'landed-while-refusing' }]);
    expect(verdicts[0]!.why).toBe('it landed in bcv at 2.5 µs, while a protected restore refused writes to this BCV (bcvWriteDuringRestore: refuse)');
  });
});

describe('availability on a real run', () => {
  it('a BCV refusing I/O while established checks clean; the same history with a standard\'s read turned into not-ready does not', () => {
    const w = world({ blocks: 64 });
    w.write('std', 0, 16);
    w.run();
    w.command(w.establish());
    w.runFor(1_000_000);
    const refused = w.read('bcv', 0, 4);
    const std = w.read('std', 0, 4);
    w.run();
    expect(refused.error).toBe('not-ready');
    expect(availability(w)).toEqual([]);
    const op = [...w.history.ops()].find((o) => o.volume === 'std' && !o.write && o.issueNs === std.issueNs)!;
    w.history.complete(op.id, op.completeNs, 'not-ready', null);
    const verdicts: Verdict[] = availability(w);
    expect(verdicts).toMatchObject([{ guarantee: 'availability', op: { id: op.id, error: 'not-ready' }, reason: 'error-not-allowed' }]);
  });
});

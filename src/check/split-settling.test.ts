import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { DestageViolation } from './verdict.js';

const MS = 1_000_000;

/** p1 synchronized at 1 ms; a mirror write of stamp 7 to bcv block 5 in cache at 1.5 ms; a split taking effect at 2 ms, settling at 3 ms. */
function splitWithPendingWrite(): HistoryBuilder {
  const b = new HistoryBuilder();
  b.establish(0, 'p1', 1 * MS);
  b.physical(1.5 * MS, 'bcv', 'cache', 'mirror', 5, [7]);
  b.command('split', 'p1', 2 * MS, { consistent: false, instant: false, force: false }, ['SplitInProg', ['Split', 3 * MS]]);
  return b;
}

const settling = (b: HistoryBuilder) =>
  checkHistory(b.history, { only: ['no-lost-writes'] }).verdicts.filter((v): v is DestageViolation => 'reason' in v && v.reason === 'split-settled-early');

describe('a split settles only once the BCV writes pending at it are destaged', () => {
  it('holds when the pending write reached the drives before the split settled', () => {
    const b = splitWithPendingWrite();
    b.physical(2.5 * MS, 'bcv', 'disk', 'destage', 5, [7]);
    expect(settling(b)).toEqual([]);
  });

  it('holds when a write to the BCV after the split took effect (from that very instant) replaced it on the drives', () => {
    const b = splitWithPendingWrite();
    b.physical(2 * MS, 'bcv', 'cache', 'host', 5, [9]);
    b.physical(2.5 * MS, 'bcv', 'disk', 'destage', 5, [9]);
    expect(settling(b)).toEqual([]);
  });

  it('flags a split that settled with the pending write still only in cache', () => {
    const b = splitWithPendingWrite();
    b.physical(3.5 * MS, 'bcv', 'disk', 'destage', 5, [7]); // after the settling: too late
    const [v, ...rest] = settling(b);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ volume: 'bcv', block: 5, cache: 7, disk: 0, atNs: 3 * MS, alsoWrong: 0 });
    expect(v!.message).toBe(
      'no-lost-writes violated: a split settled at 3.00 ms with bcv block 5 holding stamp 0 on the drives; its cache held 7 when the split took effect, and a split settles only once those writes are destaged',
    );
  });
});

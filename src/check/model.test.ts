import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { HistoryBuilder } from './testing/builder.js';
import type { ReadViolation } from './verdict.js';

/** The read verdicts (guarantees 1 and 4) of a hand-built history. */
function readVerdicts(b: HistoryBuilder): ReadViolation[] {
  return checkHistory(b.history).verdicts.filter(
    (v): v is ReadViolation => v.guarantee === 'snapshot-consistency' || v.guarantee === 'no-lost-writes',
  );
}

/** Whether a read of one block over [i, c] returning `stamp` is allowed. */
function allowed(build: (b: HistoryBuilder) => void, volume: string, block: number, stamp: number, i: number, c: number): boolean {
  const b = new HistoryBuilder();
  build(b);
  b.read(volume, block, [stamp], i, c);
  return readVerdicts(b).length === 0;
}

describe('reference model: writes', () => {
  it('a block never written reads as 0', () => {
    expect(allowed(() => undefined, 'std', 3, 0, 10, 20)).toBe(true);
    expect(allowed(() => undefined, 'std', 3, 7, 10, 20)).toBe(false);
  });

  it('concurrent writes: either may end up last, and the value before them is gone once both completed', () => {
    const build = (b: HistoryBuilder) => {
      b.write('std', 0, 1, 0, 10); // stamp 1
      b.write('std', 0, 1, 20, 40); // stamp 2
      b.write('std', 0, 1, 30, 50); // stamp 3, concurrent with 2
    };
    expect(allowed(build, 'std', 0, 2, 60, 61)).toBe(true);
    expect(allowed(build, 'std', 0, 3, 60, 61)).toBe(true);
    expect(allowed(build, 'std', 0, 1, 60, 61)).toBe(false);
  });

  it('a read overlapping two writes may return the value before, between or after them', () => {
    const build = (b: HistoryBuilder) => {
      b.write('std', 0, 1, 0, 10); // 1
      b.write('std', 0, 1, 20, 30); // 2
      b.write('std', 0, 1, 40, 50); // 3
    };
    for (const stamp of [1, 2, 3]) expect(allowed(build, 'std', 0, stamp, 15, 45)).toBe(true);
    expect(allowed(build, 'std', 0, 0, 15, 45)).toBe(false);
    expect(allowed(build, 'std', 0, 1, 31, 39)).toBe(false);
    expect(allowed(build, 'std', 0, 3, 31, 39)).toBe(false);
  });

  it('a read that misses an acknowledged write is a lost write, naming both', () => {
    const b = new HistoryBuilder();
    b.write('std', 0, 2, 0, 10); // 1
    const w2 = b.write('std', 0, 2, 20, 30); // 2
    const r = b.read('std', 0, [2, 1], 40, 50);
    const [v] = readVerdicts(b);
    expect(v).toMatchObject({
      guarantee: 'no-lost-writes',
      op: { id: r, volume: 'std', startBlock: 0, blockCount: 2, issueNs: 40, completeNs: 50 },
      blocksWrong: 1,
      blocks: [{ block: 1, returned: 1, returnedBy: { kind: 'write', opId: 0 }, allowed: [{ stamp: 2, origin: { kind: 'write', opId: w2.id }, via: null }] }],
    });
    expect(v!.message).toMatch(new RegExp(`^no-lost-writes violated: read #${r} by host h of std blocks 0–1 \\[40 ns → 50 ns\\]`));
    expect(v!.message).toContain('block 1: returned stamp 1 (write #0), expected one of {2 (write #1, possible 20 ns → ∞)}');
  });

  it('failed writes may have landed by their completion and supersede nothing; unfinished ones may land any time', () => {
    const build = (b: HistoryBuilder) => {
      b.write('std', 0, 1, 0, 10, 'media-error'); // 1, failed
    };
    expect(allowed(build, 'std', 0, 1, 20, 21)).toBe(true);
    expect(allowed(build, 'std', 0, 0, 20, 21)).toBe(true);
    const later = (b: HistoryBuilder) => {
      build(b);
      b.write('std', 0, 1, 30, 40); // 2 supersedes the failed one (issued after it failed)
      b.write('std', 0, 1, 50, -1); // 3, never completed
      b.write('std', 0, 1, 60, 70); // 4 cannot supersede 3
    };
    expect(allowed(later, 'std', 0, 1, 45, 46)).toBe(false);
    expect(allowed(later, 'std', 0, 3, 80, 81)).toBe(true);
    expect(allowed(later, 'std', 0, 4, 80, 81)).toBe(true);
    expect(allowed(later, 'std', 0, 2, 80, 81)).toBe(false);
  });
});

describe('reference model: commands', () => {
  /** STD written (1), split at 30, then STD written again (2). */
  const splitAfterWrite = (b: HistoryBuilder) => {
    b.establish(0);
    b.write('std', 0, 1, 10, 20); // 1
    b.split(30);
    b.write('std', 0, 1, 40, 50); // 2
  };

  it('a split snapshots STD into the BCV; STD goes on alone', () => {
    expect(allowed(splitAfterWrite, 'bcv', 0, 1, 60, 61)).toBe(true);
    expect(allowed(splitAfterWrite, 'bcv', 0, 2, 60, 61)).toBe(false);
    expect(allowed(splitAfterWrite, 'bcv', 0, 0, 60, 61)).toBe(false);
    expect(allowed(splitAfterWrite, 'std', 0, 2, 60, 61)).toBe(true);
  });

  it('a write in flight across the split may or may not be in the snapshot', () => {
    const build = (b: HistoryBuilder) => {
      b.establish(0);
      b.write('std', 0, 1, 10, 20); // 1
      b.write('std', 0, 1, 25, 35); // 2, in flight at the split
      b.split(30);
    };
    expect(allowed(build, 'bcv', 0, 1, 60, 61)).toBe(true);
    expect(allowed(build, 'bcv', 0, 2, 60, 61)).toBe(true);
    expect(allowed(build, 'std', 0, 1, 60, 61)).toBe(false);
  });

  /** After `splitAfterWrite`: STD written (3), restored at 100. */
  const restored = (b: HistoryBuilder) => {
    splitAfterWrite(b);
    b.write('std', 0, 1, 70, 80); // 3
    b.restore(100);
  };

  it('a restore makes STD the snapshot at once; a read of the pre-restore value breaks snapshot consistency', () => {
    expect(allowed(restored, 'std', 0, 1, 110, 111)).toBe(true);
    expect(allowed(restored, 'std', 0, 3, 90, 105)).toBe(true); // overlaps the restore instant
    const b = new HistoryBuilder();
    restored(b);
    const r = b.read('std', 0, [3], 110, 111);
    const [v] = readVerdicts(b);
    expect(v).toMatchObject({ guarantee: 'snapshot-consistency', op: { id: r }, blocks: [{ returned: 3, allowed: [{ stamp: 1, via: { effect: 'restore', pair: 'p1', atNs: 100 } }] }] });
    expect(v!.message).toContain('returned stamp 3 (write #2), expected one of {1 (write #0 via restore of pair p1 at 100 ns');
  });

  it('a write in flight across the restore instant may land before (restored over) or after it', () => {
    const build = (b: HistoryBuilder) => {
      splitAfterWrite(b);
      b.write('std', 0, 1, 70, 80); // 3
      b.write('std', 0, 1, 95, 105); // 4, in flight at the restore
      b.restore(100);
    };
    expect(allowed(build, 'std', 0, 1, 110, 111)).toBe(true);
    expect(allowed(build, 'std', 0, 4, 110, 111)).toBe(true);
    expect(allowed(build, 'std', 0, 3, 110, 111)).toBe(false);
  });

  it('what a restore copies is one value: once a read shows whether a BCV write in flight made the snapshot, STD keeps to it', () => {
    const build = (b: HistoryBuilder) => {
      splitAfterWrite(b); // the BCV holds 1
      b.write('bcv', 0, 1, 95, 105); // 3, in flight at the restore: in the snapshot or not
      b.restore(100);
    };
    expect(allowed(build, 'std', 0, 1, 110, 111)).toBe(true);
    expect(allowed(build, 'std', 0, 3, 110, 111)).toBe(true);
    for (const [first, then] of [[1, 3], [3, 1]] as const) {
      const b = new HistoryBuilder();
      build(b);
      b.read('std', 0, [first], 110, 111);
      const r = b.read('std', 0, [then], 120, 121);
      b.read('std', 0, [first], 130, 131);
      expect(readVerdicts(b), `${first} then ${then}`).toMatchObject([
        { guarantee: 'snapshot-consistency', op: { id: r }, blocks: [{ returned: then, allowed: [{ stamp: first, via: { effect: 'restore' } }] }] },
      ]);
    }
    // A read straddling the restore may have seen STD before it (2): it shows nothing about the snapshot.
    const b = new HistoryBuilder();
    build(b);
    b.read('std', 0, [2], 90, 110);
    b.read('std', 0, [3], 120, 121);
    b.read('std', 0, [3], 95, 125); // straddling, and explained by the copy of 3 alone: still one value
    expect(readVerdicts(b)).toEqual([]);
  });

  it('a second restore brings back the same snapshot, with the BCV\'s own writes', () => {
    const build = (b: HistoryBuilder) => {
      restored(b);
      b.write('std', 0, 2, 120, 130); // 4: STD updated after the first restore
      b.write('bcv', 1, 1, 140, 150); // 5: a write to the BCV itself
      b.restore(200, { incremental: true });
    };
    expect(allowed(build, 'std', 0, 1, 210, 211)).toBe(true);
    expect(allowed(build, 'std', 0, 4, 210, 211)).toBe(false);
    expect(allowed(build, 'std', 1, 5, 210, 211)).toBe(true);
    expect(allowed(build, 'std', 1, 4, 210, 211)).toBe(false);
    expect(allowed(build, 'bcv', 0, 1, 210, 211)).toBe(true);
  });

  it('a split from a protected Restored keeps the BCV\'s snapshot', () => {
    const build = (b: HistoryBuilder) => {
      restored(b);
      b.state('p1', 'Restored (protected)', 150);
      b.write('std', 0, 1, 160, 170); // 4
      b.command('split', 'p1', 180, {}, ['Split']);
    };
    expect(allowed(build, 'bcv', 0, 1, 190, 191)).toBe(true);
    expect(allowed(build, 'bcv', 0, 4, 190, 191)).toBe(false);
  });

  it('a forced split leaves the BCV unconstrained until a host write to the block completes', () => {
    const build = (b: HistoryBuilder) => {
      b.establish(0);
      b.write('std', 0, 2, 10, 20); // 1
      b.split(30, 'p1', true);
      b.write('bcv', 0, 1, 40, 50); // 2
    };
    expect(allowed(build, 'bcv', 1, 999, 60, 61)).toBe(true);
    expect(allowed(build, 'bcv', 0, 999, 35, 45)).toBe(true);
    expect(allowed(build, 'bcv', 0, 2, 60, 61)).toBe(true);
    expect(allowed(build, 'bcv', 0, 999, 60, 61)).toBe(false);
  });

  /**
   * Block 0: 1 in the snapshot, then overwritten on STD by 2 and by 3 (its
   * value when the restore began at 100); block 1: 0 in the snapshot, 4 on
   * STD before the restore. A read after the restore saw the snapshot's 1
   * (served from the BCV); a forced split at 200 abandons the restore.
   */
  const forcedOutOfRestore = (label: 'protected' | 'unprotected') => (b: HistoryBuilder) => {
    b.establish(0);
    b.write('std', 0, 1, 10, 20); // 1
    b.split(30);
    b.write('std', 0, 1, 40, 50); // 2
    b.write('std', 0, 1, 60, 70); // 3
    b.write('std', 1, 1, 60, 70); // 4
    b.restore(100, { protected: label === 'protected' });
    b.read('std', 0, [1], 110, 111);
    b.command('split', 'p1', 200, { consistent: false, instant: false, force: true }, [`SplitBfrRest (${label})`]);
  };

  it.each(['protected', 'unprotected'] as const)(
    'a forced split of a %s restore: each STD block holds what the restore made of it or its value from before the restore, nothing else',
    (label) => {
      const build = forcedOutOfRestore(label);
      // A block the reads saw restored may read as its pre-restore value again, with no write in between.
      expect(allowed(build, 'std', 0, 1, 210, 211)).toBe(true);
      expect(allowed(build, 'std', 0, 3, 210, 211)).toBe(true);
      expect(allowed(build, 'std', 1, 0, 210, 211)).toBe(true);
      expect(allowed(build, 'std', 1, 4, 210, 211)).toBe(true);
      // Neither: overwritten before the restore, another block's write, the initial value, anything.
      expect(allowed(build, 'std', 0, 2, 210, 211)).toBe(false);
      expect(allowed(build, 'std', 0, 4, 210, 211)).toBe(false);
      expect(allowed(build, 'std', 0, 0, 210, 211)).toBe(false);
      expect(allowed(build, 'std', 1, 3, 210, 211)).toBe(false);
      // A block never written: 0 either way.
      expect(allowed(build, 'std', 9, 0, 210, 211)).toBe(true);
      expect(allowed(build, 'std', 9, 4, 210, 211)).toBe(false);
      // Before the forced split the pre-restore value is no longer possible.
      expect(allowed(build, 'std', 0, 3, 150, 151)).toBe(false);
      // A write after the forced split supersedes both.
      const written = (b: HistoryBuilder) => {
        build(b);
        b.write('std', 0, 1, 300, 310); // 5
      };
      expect(allowed(written, 'std', 0, 5, 320, 321)).toBe(true);
      expect(allowed(written, 'std', 0, 3, 320, 321)).toBe(false);
      expect(allowed(written, 'std', 0, 1, 320, 321)).toBe(false);
    },
  );

  it('a forced split of an unprotected restore: the BCV takes what the restore made of STD, never STD\'s pre-restore values', () => {
    const build = forcedOutOfRestore('unprotected');
    expect(allowed(build, 'bcv', 0, 1, 210, 211)).toBe(true);
    expect(allowed(build, 'bcv', 0, 3, 210, 211)).toBe(false);
  });

  it('a violation after a forced split names the pre-restore candidates', () => {
    const b = new HistoryBuilder();
    forcedOutOfRestore('protected')(b);
    const r = b.read('std', 0, [2], 210, 211);
    const [v] = readVerdicts(b);
    expect(v).toMatchObject({ guarantee: 'snapshot-consistency', op: { id: r } });
    expect(v!.message).toContain('3 (write #2 via its value before the restore, possible again since the forced split of pair p1 at 200 ns');
    expect(v!.message).toContain('1 (write #0 via restore of pair p1 at 100 ns');
  });

  it('blocks never written share their volume\'s epochs: a split of an empty STD, a read straddling it', () => {
    const build = (b: HistoryBuilder) => {
      b.write('bcv', 5, 1, 0, 10); // 1, before any establish
      b.establish(20);
      b.split(30);
    };
    expect(allowed(build, 'bcv', 5, 0, 40, 41)).toBe(true);
    expect(allowed(build, 'bcv', 5, 1, 40, 41)).toBe(false);
    expect(allowed(build, 'bcv', 5, 1, 5, 15)).toBe(true);
    expect(allowed(build, 'bcv', 9, 0, 40, 41)).toBe(true);
  });
});
